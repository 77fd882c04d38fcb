"""What listing pages share about query-parameter filters."""


def valid_filters(form):
    """The filters whose values are among the offered choices; anything else is ignored, never an error."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return {name: cleaned[name] for name in form.fields if cleaned.get(name)}

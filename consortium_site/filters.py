"""What listing pages share about query-parameter filters."""

from django_countries import countries

from consortium_site.taxonomy import theme_display_name


def valid_filters(form):
    """The filters whose values are among the offered choices; anything else is ignored, never an error."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return {name: cleaned[name] for name in form.fields if cleaned.get(name)}


def theme_choices(tags):
    """(slug, name in the interface language) of theme `tags`, in the alphabetical order of the names."""
    themes = ((tag.slug, str(theme_display_name(tag.slug, tag.name))) for tag in tags)
    return sorted(themes, key=lambda choice: choice[1].casefold())


def country_choices(codes):
    """(code, name in the interface language) of country `codes`, in the order of the names."""
    return sorted(((code, str(countries.name(code))) for code in codes if code), key=lambda choice: choice[1])

"""The member directory: live member libraries grouped by country, filtered by whitelisted parameters."""

from itertools import groupby

from django_countries import countries

from django import forms
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from consortium_site.filters import valid_filters
from consortium_site.models import LibraryType
from consortium_site.templatetags.site_tags import theme_name
from members.models import MemberLibraryPage, MemberLibraryThemeTag


class DirectoryFilterForm(forms.Form):
    """Choices come from the libraries listed, so every option finds something."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Library type"), required=False)

    def __init__(self, data, *, libraries):
        super().__init__(data)
        any_choice = [("", _("Any"))]
        tags = Tag.objects.filter(
            pk__in=MemberLibraryThemeTag.objects.filter(content_object__in=libraries).values("tag_id")
        )
        self.fields["theme"].choices = any_choice + sorted(
            ((tag.slug, theme_name(tag)) for tag in tags), key=lambda choice: str(choice[1]).casefold()
        )
        codes = set(libraries.values_list("country", flat=True).distinct())
        self.fields["country"].choices = any_choice + sorted(
            ((code, countries.name(code)) for code in codes), key=lambda choice: str(choice[1])
        )
        types = set(libraries.values_list("library_type", flat=True).distinct())
        self.fields["type"].choices = any_choice + [choice for choice in LibraryType.choices if choice[0] in types]


def members_by_country(index_page, params):
    """Return ([(country, [pages])], applied_filters, form); unknown filter values are ignored."""
    libraries = MemberLibraryPage.objects.child_of(index_page).live().public()
    form = DirectoryFilterForm(params, libraries=libraries)
    filters = valid_filters(form)
    if "theme" in filters:
        libraries = libraries.filter(tagged_items__tag__slug=filters["theme"]).distinct()
    if "country" in filters:
        libraries = libraries.filter(country=filters["country"])
    if "type" in filters:
        libraries = libraries.filter(library_type=filters["type"])
    # Country names depend on the active language, so the grouping is sorted in Python.
    libraries = libraries.select_related("locale").order_by("title")
    # Each country's name translated once, not once per library (the directory lists hundreds).
    names = {code: str(countries.name(code)) for code in {library.country.code for library in libraries}}
    libraries = sorted(libraries, key=lambda page: (names[page.country.code], page.title))
    groups = [(country, list(pages)) for country, pages in groupby(libraries, key=lambda page: page.country)]
    return groups, filters, form

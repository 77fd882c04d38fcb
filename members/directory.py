"""The member directory: live member libraries grouped by country, filtered by whitelisted parameters.

Grouped by country, in pages of DIRECTORY_PAGE_SIZE: a consortium of hundreds of libraries would
otherwise send every one of them to every visitor. Each country links to its own listing (?country=).
What the directory lists depends only on published content and the language, so its entries, in
order, and the filter choices are kept per content state (`remember()`); a render reads them once.
"""

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django_countries import countries

from django import forms
from django.core.paginator import Paginator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from consortium_site.filters import country_choices, theme_choices, valid_filters
from consortium_site.models import LibraryType
from consortium_site.privacy import exclude_private
from consortium_site.templatetags.site_tags import content_language
from members.models import MemberLibraryPage, MemberLibraryThemeTag
from operations.page_cache import remember

DIRECTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class DirectoryEntry:
    """One library as the directory lists it."""

    title: str
    url: str
    short_name: str
    city: str
    library_type: str
    language: str
    country_code: str


@dataclass(frozen=True)
class CountryGroup:
    code: str
    name: str
    # Libraries of the country in the whole (filtered) directory, not only on this page.
    total: int
    libraries: list
    continued: bool = False


class DirectoryFilterForm(forms.Form):
    """Choices come from the libraries listed, so every option finds something."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Library type"), required=False)

    def __init__(self, data, *, libraries, cache_key=None):
        super().__init__(data)
        any_choice = [("", _("Any"))]
        themes, countries_offered, type_choices = remember(cache_key, lambda: self.content_choices(libraries))
        self.fields["theme"].choices = any_choice + themes
        self.fields["country"].choices = any_choice + countries_offered
        self.fields["type"].choices = any_choice + type_choices

    @staticmethod
    def content_choices(libraries):
        """(theme, country, library type) choices that the listed libraries hold, labelled in the active language."""
        tags = Tag.objects.filter(
            pk__in=MemberLibraryThemeTag.objects.filter(content_object__in=libraries).values("tag_id")
        )
        themes = theme_choices(tags)
        codes = set(libraries.values_list("country", flat=True).distinct())
        types = set(libraries.values_list("library_type", flat=True).distinct())
        type_choices = [(value, str(label)) for value, label in LibraryType.choices if value in types]
        return themes, country_choices(codes), type_choices


def _directory_entries(libraries, request):
    """(DirectoryEntry fields sorted by country name then title, libraries per country code), in the active language."""
    libraries = list(libraries.select_related("locale").defer("description").order_by("title"))
    names = {code: str(countries.name(code)) for code in {library.country.code for library in libraries}}
    type_labels = {value: str(label) for value, label in LibraryType.choices}
    libraries.sort(key=lambda library: (names[library.country.code], library.title))
    # Plain tuples: unpickled on every render, where a class per entry costs ten times as much.
    entries = tuple(
        (
            library.title,
            library.get_url(request),
            library.short_name,
            library.city,
            type_labels.get(library.library_type, library.library_type),
            content_language(library),
            library.country.code,
        )
        for library in libraries
    )
    return entries, dict(Counter(entry[-1] for entry in entries))


def members_by_country(index_page, params, request=None):
    """Return (country groups on the requested page, applied filters, form, page of entries, country totals)."""
    language = translation.get_language()
    libraries = exclude_private(MemberLibraryPage.objects.child_of(index_page).live())
    form = DirectoryFilterForm(
        params, libraries=libraries, cache_key=f"member-directory-choices:{index_page.pk}:{language}"
    )
    filters = valid_filters(form)
    if "theme" in filters:
        libraries = libraries.filter(tagged_items__tag__slug=filters["theme"]).distinct()
    if "country" in filters:
        libraries = libraries.filter(country=filters["country"])
    if "type" in filters:
        libraries = libraries.filter(library_type=filters["type"])
    entries, country_totals = remember(
        f"member-directory:{index_page.pk}:{language}:{urlencode(sorted(filters.items()))}",
        lambda: _directory_entries(libraries, request),
    )
    page_obj = Paginator(entries, DIRECTORY_PAGE_SIZE).get_page(params.get("page"))
    page_obj.object_list = [DirectoryEntry(*entry) for entry in page_obj.object_list]
    names = {code: str(countries.name(code)) for code in country_totals}
    # The first group on a page may carry on the last country of the page before.
    previous = entries[page_obj.start_index() - 2][-1] if page_obj.number > 1 else None
    groups = []
    for code, country_entries in groupby(page_obj.object_list, key=lambda entry: entry.country_code):
        continued = not groups and code == previous
        groups.append(CountryGroup(code, names[code], country_totals[code], list(country_entries), continued))
    countries_listed = sorted(
        ((code, names[code], total) for code, total in country_totals.items()), key=lambda country: country[1]
    )
    return groups, filters, form, page_obj, countries_listed

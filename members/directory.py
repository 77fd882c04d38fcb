"""The member directory: live member libraries grouped by country, filtered by whitelisted parameters."""

from itertools import groupby

from consortium_site.models import LibraryType
from members.models import MemberLibraryPage


def members_by_country(index_page, params):
    """Return ([(country, [pages])], applied_filters); unknown filter values are ignored."""
    filters = {}
    libraries = MemberLibraryPage.objects.child_of(index_page).live().public()
    country = params.get("country", "").upper()[:2]
    if len(country) == 2 and country.isalpha():
        filters["country"] = country
        libraries = libraries.filter(country=country)
    library_type = params.get("type", "")
    if library_type in LibraryType.values:
        filters["type"] = library_type
        libraries = libraries.filter(library_type=library_type)
    libraries = sorted(libraries.order_by("title"), key=lambda page: (page.country.name, page.title))
    groups = [(country, list(pages)) for country, pages in groupby(libraries, key=lambda page: page.country)]
    return groups, filters

"""Filtering of the best-practice listing by whitelisted query parameters."""

from django.db.models import Q

from taggit.models import Tag

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage

TYPES = {"article": BestPracticeArticlePage, "case_study": StaffingCaseStudyPage}


def filtered_children(index_page, params):
    """Return (pages, applied_filters) for the live public children matching theme, country and type.

    Unknown filter values are ignored rather than raising, so a stale bookmark still shows a listing.
    """
    filters = {}
    page_type = params.get("type", "")
    theme = params.get("theme", "")
    country = params.get("country", "").upper()[:2]

    models = [TYPES[page_type]] if page_type in TYPES else list(TYPES.values())
    if page_type in TYPES:
        filters["type"] = page_type

    pages = index_page.get_children().live().public().type(*models)
    if theme and Tag.objects.filter(slug=theme).exists():
        filters["theme"] = theme
        pages = pages.filter(
            Q(bestpracticearticlepage__tagged_items__tag__slug=theme)
            | Q(staffingcasestudypage__tagged_items__tag__slug=theme)
        )
    if len(country) == 2 and country.isalpha():
        filters["country"] = country
        pages = pages.filter(
            Q(bestpracticearticlepage__countries__contains=country) | Q(staffingcasestudypage__country=country)
        )
    pages = pages.distinct().specific().order_by("-first_published_at")
    return pages, filters

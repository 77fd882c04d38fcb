"""Filtering of the best-practice listing by whitelisted query parameters."""

from django.db.models import Q

from taggit.models import Tag

from best_practices.models import ArticleThemeTag, BestPracticeArticlePage, CaseStudyThemeTag, StaffingCaseStudyPage

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
        # Id subqueries, not joins through both page types: no DISTINCT over every column to count.
        pages = pages.filter(
            Q(pk__in=ArticleThemeTag.objects.filter(tag__slug=theme).values("content_object_id"))
            | Q(pk__in=CaseStudyThemeTag.objects.filter(tag__slug=theme).values("content_object_id"))
        )
    if len(country) == 2 and country.isalpha():
        filters["country"] = country
        pages = pages.filter(
            Q(pk__in=BestPracticeArticlePage.objects.filter(countries__contains=country).values("pk"))
            | Q(pk__in=StaffingCaseStudyPage.objects.filter(country=country).values("pk"))
        )
    pages = pages.specific().order_by("-first_published_at")
    return pages, filters

"""Filtering of the best-practice listing by whitelisted query parameters (?theme=, ?country=, ?type=)."""

from array import array
from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag
from wagtail.models import Page

from best_practices.models import ArticleThemeTag, BestPracticeArticlePage, CaseStudyThemeTag, StaffingCaseStudyPage
from consortium_site.filters import country_choices, theme_choices, valid_filters
from consortium_site.models import story_fields
from consortium_site.privacy import exclude_private
from operations.page_cache import remember

TYPES = {"article": BestPracticeArticlePage, "case_study": StaffingCaseStudyPage}
TYPE_LABELS = {"article": _("Best-practice articles"), "case_study": _("Staffing case studies")}


class PracticeFilterForm(forms.Form):
    """Choices come from what the listing holds, so every option finds something."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, data, *, pages, cache_key=None):
        super().__init__(data)
        any_choice = [("", _("Any"))]
        # Reading every page's themes and countries is most of an uncached listing's time: kept per content state.
        themes, countries_offered = remember(cache_key, lambda: self.content_choices(pages))
        self.fields["theme"].choices = any_choice + themes
        self.fields["country"].choices = any_choice + countries_offered
        self.fields["type"].choices = any_choice + list(TYPE_LABELS.items())

    @staticmethod
    def content_choices(pages):
        """(theme choices, country choices) that the listing's pages hold, with labels in the active language."""
        article_ids = pages.type(BestPracticeArticlePage).values_list("pk", flat=True)
        case_study_ids = pages.type(StaffingCaseStudyPage).values_list("pk", flat=True)
        tags = Tag.objects.filter(
            Q(pk__in=ArticleThemeTag.objects.filter(content_object_id__in=article_ids).values("tag_id"))
            | Q(pk__in=CaseStudyThemeTag.objects.filter(content_object_id__in=case_study_ids).values("tag_id"))
        ).order_by("name")
        themes = theme_choices(tags)
        codes = set(
            StaffingCaseStudyPage.objects.filter(pk__in=case_study_ids).values_list("country", flat=True).distinct()
        )
        # Distinct combinations only: thousands of articles share a few dozen.
        for article_countries in (
            BestPracticeArticlePage.objects.filter(pk__in=article_ids).values_list("countries", flat=True).distinct()
        ):
            codes.update(code for code in article_countries.split(",") if code)
        return themes, country_choices(codes)


class ListedPages(Sequence):
    """The listing's pages in display order, from ids and types kept per content state and filters.

    Paginator slices it; each slice reads only its own pages (one query per page type), so a listing
    of thousands neither sorts nor counts them again on each render, and its count is exact.
    """

    def __init__(self, page_ids, content_type_ids):
        self.page_ids = page_ids
        self.content_type_ids = content_type_ids

    def __len__(self):
        return len(self.page_ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._pages(self.page_ids[index], self.content_type_ids[index])
        return self._pages([self.page_ids[index]], [self.content_type_ids[index]])[0]

    @staticmethod
    def _pages(page_ids, content_type_ids):
        models = {ContentType.objects.get_for_id(content_type_id).model_class() for content_type_id in content_type_ids}
        # One query for every type: each page's own row joined in (select_related on the multi-table child).
        children = [model._meta.model_name for model in models]
        long_texts = [f"{model._meta.model_name}__{name}" for model in models for name in story_fields(model)]
        # Live and public again: the order may have been read just before an unpublish invalidated it.
        rows = exclude_private(Page.objects.live().filter(pk__in=page_ids)).order_by()
        found = {}
        for row in rows.select_related("locale", *children).defer(*long_texts):
            page = getattr(row, row.specific_class._meta.model_name)
            page.locale = row.locale
            found[row.pk] = page
        return [found[page_id] for page_id in page_ids if page_id in found]


def _display_order(pages):
    """(page ids, content type ids) of `pages` in display order, compact for the cache."""
    published = Coalesce("bestpracticearticlepage__publication_date", "staffingcasestudypage__publication_date")
    rows = pages.order_by(published.desc(nulls_last=True), "-first_published_at", "pk").values_list(
        "pk", "content_type_id"
    )
    page_ids, content_type_ids = array("q"), array("l")
    for page_id, content_type_id in rows:
        page_ids.append(page_id)
        content_type_ids.append(content_type_id)
    return page_ids, content_type_ids


def filtered_children(index_page, params):
    """Return (pages, applied_filters, form) for the live public children matching theme, country and type."""
    children = exclude_private(index_page.get_children().live())
    form = PracticeFilterForm(
        params, pages=children, cache_key=f"practice-filter-choices:{index_page.pk}:{translation.get_language()}"
    )
    filters = valid_filters(form)
    pages = children.type(TYPES[filters["type"]]) if "type" in filters else children.type(*TYPES.values())
    if "theme" in filters:
        # Id subqueries, not joins through both page types: no DISTINCT over every column to sort.
        pages = pages.filter(
            Q(pk__in=ArticleThemeTag.objects.filter(tag__slug=filters["theme"]).values("content_object_id"))
            | Q(pk__in=CaseStudyThemeTag.objects.filter(tag__slug=filters["theme"]).values("content_object_id"))
        )
    if "country" in filters:
        # countries is a comma-separated list of two-letter codes, so a code cannot match across two.
        pages = pages.filter(
            Q(pk__in=BestPracticeArticlePage.objects.filter(countries__contains=filters["country"]).values("pk"))
            | Q(pk__in=StaffingCaseStudyPage.objects.filter(country=filters["country"]).values("pk"))
        )
    # Sorting thousands of pages by date is most of an uncached listing's time: the order is kept per content state.
    order_key = f"practice-listing:{index_page.pk}:{urlencode(sorted(filters.items()))}"
    return ListedPages(*remember(order_key, lambda: _display_order(pages))), filters, form

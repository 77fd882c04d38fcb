"""Filtering of the best-practice listing by whitelisted query parameters (?theme=, ?country=, ?type=)."""

from django_countries import countries

from django import forms
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from best_practices.models import ArticleThemeTag, BestPracticeArticlePage, CaseStudyThemeTag, StaffingCaseStudyPage
from consortium_site.filters import valid_filters
from consortium_site.templatetags.site_tags import theme_name
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
        themes, country_choices = remember(cache_key, lambda: self.content_choices(pages))
        self.fields["theme"].choices = any_choice + themes
        self.fields["country"].choices = any_choice + country_choices
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
        themes = sorted(((tag.slug, str(theme_name(tag))) for tag in tags), key=lambda choice: choice[1].casefold())
        codes = set(
            StaffingCaseStudyPage.objects.filter(pk__in=case_study_ids).values_list("country", flat=True).distinct()
        )
        # Distinct combinations only: thousands of articles share a few dozen.
        for article_countries in (
            BestPracticeArticlePage.objects.filter(pk__in=article_ids).values_list("countries", flat=True).distinct()
        ):
            codes.update(code for code in article_countries.split(",") if code)
        country_choices = sorted(((code, str(countries.name(code))) for code in codes if code), key=lambda c: c[1])
        return themes, country_choices


def filtered_children(index_page, params):
    """Return (pages, applied_filters, form) for the live public children matching theme, country and type."""
    children = index_page.get_children().live().public()
    form = PracticeFilterForm(
        params, pages=children, cache_key=f"practice-filter-choices:{index_page.pk}:{translation.get_language()}"
    )
    filters = valid_filters(form)
    pages = children.type(TYPES[filters["type"]]) if "type" in filters else children.type(*TYPES.values())
    if "theme" in filters:
        # Id subqueries, not joins through both page types: no DISTINCT over every column to count.
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
    published = Coalesce("bestpracticearticlepage__publication_date", "staffingcasestudypage__publication_date")
    pages = pages.order_by(published.desc(nulls_last=True), "-first_published_at", "pk").specific()
    # Cards name their language (content_language); one join instead of a query per card.
    pages = pages.select_related("locale", for_specific_subqueries=True)
    return pages, filters, form

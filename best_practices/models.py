"""Best-practice articles and staffing case studies, and the index page that lists them."""

import datetime

from django_countries.fields import CountryField

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consortium_site.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from consortium_site.models import ConsortiumPage, LibraryType
from consortium_site.privacy import ViewRestrictionsFromCache
from editorial.forms import MemberLibraryChoicesPageForm

LISTING_PAGE_SIZE = 12
STAFF_COUNT_NOT_NEGATIVE = MinValueValidator(0, message=_("A staff count cannot be negative."))
PERIOD_YEAR_RANGE = [
    MinValueValidator(1900, message=_("Give a year between 1900 and 2100.")),
    MaxValueValidator(2100, message=_("Give a year between 1900 and 2100.")),
]
TURNOVER_RANGE = [
    MinValueValidator(0, message=_("Turnover is a percentage between 0 and 100.")),
    MaxValueValidator(100, message=_("Turnover is a percentage between 0 and 100.")),
]


class ArticleThemeTag(TaggedItemBase):
    content_object = ParentalKey(
        "best_practices.BestPracticeArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CaseStudyThemeTag(TaggedItemBase):
    content_object = ParentalKey(
        "best_practices.StaffingCaseStudyPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BestPracticeIndexPage(ViewRestrictionsFromCache, Page):
    """Lists articles and case studies; filters by ?theme=, ?country=, ?type= (article|case_study)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["consortium_site.HomePage"]
    subpage_types = ["best_practices.BestPracticeArticlePage", "best_practices.StaffingCaseStudyPage"]
    template = "pages/best_practice_index_page.html"

    class Meta:
        verbose_name = _("best-practice index page")

    def get_context(self, request, *args, **kwargs):
        from best_practices.listing import filtered_children

        context = super().get_context(request, *args, **kwargs)
        items, filters, filter_form = filtered_children(self, request.GET)
        # get_page turns a missing, malformed or out-of-range ?page= into the nearest real page.
        page_obj = Paginator(items, LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page_obj, items=page_obj.object_list, filters=filters, filter_form=filter_form)
        return context


class BestPracticeArticlePage(ConsortiumPage):
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    themes = ClusterTaggableManager(through=ArticleThemeTag, blank=True, verbose_name=_("themes"))
    # Unsorted: the first country is the article's main one (the interchange `country`).
    countries = CountryField(_("countries"), multiple=True, multiple_sort=False, blank=True)
    related_member_libraries = ParentalManyToManyField(
        "members.MemberLibraryPage", blank=True, related_name="+", verbose_name=_("related member libraries")
    )
    sdg_goals = ParentalManyToManyField(
        "consortium_site.SustainableDevelopmentGoal", blank=True, verbose_name=_("Sustainable Development Goals")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("publication_date"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("countries"),
                FieldPanel("related_member_libraries"),
                FieldPanel("sdg_goals", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        ),
    ]

    search_fields = ConsortiumPage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["best_practices.BestPracticeIndexPage"]
    subpage_types = []
    template = "pages/best_practice_article_page.html"
    base_form_class = MemberLibraryChoicesPageForm
    interchange_type = "article"

    class Meta:
        verbose_name = _("best-practice article")
        verbose_name_plural = _("best-practice articles")


class StaffingCaseStudyPage(ConsortiumPage):
    """A structured story of recruitment, retention, training or workload, with its figures."""

    reporting_library = models.ForeignKey(
        "members.MemberLibraryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staffing_case_studies",
        verbose_name=_("reporting member library"),
    )
    country = CountryField(_("country"), blank=True)
    library_type = models.CharField(_("library type"), max_length=20, choices=LibraryType.choices, blank=True)
    period_start = models.PositiveSmallIntegerField(
        _("period from (year)"), null=True, blank=True, validators=PERIOD_YEAR_RANGE
    )
    period_end = models.PositiveSmallIntegerField(
        _("period to (year)"), null=True, blank=True, validators=PERIOD_YEAR_RANGE
    )
    challenge_categories = ParentalManyToManyField(
        "consortium_site.StaffingChallenge", blank=True, verbose_name=_("challenge categories")
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("the story"))
    interventions = RichTextField(_("interventions"), blank=True, features=RICH_TEXT_FEATURES)
    outcomes = RichTextField(_("outcomes"), blank=True, features=RICH_TEXT_FEATURES)
    staff_count_before = models.PositiveIntegerField(
        _("staff count before"), null=True, blank=True, validators=[STAFF_COUNT_NOT_NEGATIVE]
    )
    staff_count_after = models.PositiveIntegerField(
        _("staff count after"), null=True, blank=True, validators=[STAFF_COUNT_NOT_NEGATIVE]
    )
    turnover_before_pct = models.DecimalField(
        _("turnover before (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=TURNOVER_RANGE,
    )
    turnover_after_pct = models.DecimalField(
        _("turnover after (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=TURNOVER_RANGE,
    )
    lessons_learned = RichTextField(_("lessons learned"), blank=True, features=RICH_TEXT_FEATURES)
    themes = ClusterTaggableManager(through=CaseStudyThemeTag, blank=True, verbose_name=_("themes"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("publication_date"),
        MultiFieldPanel(
            [
                FieldPanel("reporting_library"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("library_type")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("challenge_categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Context"),
        ),
        FieldPanel("body"),
        FieldPanel("interventions"),
        MultiFieldPanel(
            [
                FieldPanel("outcomes"),
                FieldRowPanel([FieldPanel("staff_count_before"), FieldPanel("staff_count_after")]),
                FieldRowPanel([FieldPanel("turnover_before_pct"), FieldPanel("turnover_after_pct")]),
            ],
            heading=_("Outcomes and figures"),
        ),
        FieldPanel("lessons_learned"),
        FieldPanel("themes"),
    ]

    search_fields = ConsortiumPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("interventions"),
        index.SearchField("outcomes"),
        index.SearchField("lessons_learned"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["best_practices.BestPracticeIndexPage"]
    subpage_types = []
    template = "pages/staffing_case_study_page.html"
    base_form_class = MemberLibraryChoicesPageForm
    interchange_type = "case_study"

    class Meta:
        verbose_name = _("staffing case study")
        verbose_name_plural = _("staffing case studies")

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.period_start and self.period_start > datetime.date.today().year:
            errors["period_start"] = _("The period cannot start in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def staff_change(self):
        if self.staff_count_before is None or self.staff_count_after is None:
            return None
        return self.staff_count_after - self.staff_count_before

    @property
    def turnover_change(self):
        if self.turnover_before_pct is None or self.turnover_after_pct is None:
            return None
        return self.turnover_after_pct - self.turnover_before_pct

"""The site shell: home page, the abstract base of every content page, and shared taxonomies."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from consortium_site.privacy import ViewRestrictionsFromCache, exclude_private
from operations.page_cache import remember


class LibraryType(models.TextChoices):
    UNIVERSITY = "university", _("University library")
    ACADEMIC = "academic", _("Academy of sciences or research library")
    NATIONAL = "national", _("National library")
    PUBLIC = "public", _("Public library")
    SPECIAL = "special", _("Special library")
    COLLEGE = "college", _("College library")
    OTHER = "other", _("Other")


class TranslatedNameMixin:
    """Taxonomy rows are seeded in English by migration; their names are msgids in locale/."""

    def __str__(self):
        return gettext(self.name)


@register_snippet
class SustainableDevelopmentGoal(TranslatedNameMixin, models.Model):
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("number"), FieldPanel("slug"), FieldPanel("name")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self):
        return f"{self.number}. {super().__str__()}"


@register_snippet
class StaffingChallenge(TranslatedNameMixin, models.Model):
    """Challenge categories of staffing case studies: recruitment, retention, training, ..."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("slug"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("staffing challenge")
        verbose_name_plural = _("staffing challenges")


@register_snippet
class LibraryService(TranslatedNameMixin, models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("slug"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("library service")
        verbose_name_plural = _("library services")


@register_snippet
class CollectionLanguage(TranslatedNameMixin, models.Model):
    """Languages a library's collection holds (ISO 639-1 codes as slugs)."""

    slug = models.SlugField(_("code"), unique=True, max_length=12)
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("slug"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("collection language")
        verbose_name_plural = _("collection languages")


def validate_not_future(value):
    if value and value > datetime.date.today():
        raise ValidationError(_("The date cannot be in the future."))


class ConsortiumPage(ViewRestrictionsFromCache, Page):
    """Fields every content page shares, including the interchange id it was imported with."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown in listings and search results."),
    )
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        # Listings and the home page show the newest first.
        db_index=True,
        validators=[validate_not_future],
        help_text=_("First publication date; set automatically on first publish if empty."),
    )
    external_id = models.CharField(
        _("interchange id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The stable id this page was imported with (see docs/interchange.md)."),
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    # Shown, never edited: editors can find the record an import or export talks about.
    promote_panels = Page.promote_panels + [FieldPanel("external_id", read_only=True)]
    # A copy (or a translation made in the admin) is a new record and gets an interchange id of its own.
    exclude_fields_in_copy = ["external_id"]
    # The `type` of this page's records in the interchange format (docs/interchange.md).
    interchange_type = "page"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.live and not self.publication_date:
            self.publication_date = datetime.date.today()
        if not self.external_id:
            # Pages made in the admin get an id too, so an export can be imported back without duplicates.
            self.external_id = f"{self.interchange_type}-{uuid.uuid4().hex[:12]}"
        super().save(*args, **kwargs)


def story_fields(model):
    """A page model's own long text fields (StreamField, rich text): what cards and listings never show."""
    return [field.name for field in model._meta.local_concrete_fields if isinstance(field, StreamField | RichTextField)]


class HomePage(ViewRestrictionsFromCache, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["best_practices.BestPracticeIndexPage", "members.MemberLibraryIndexPage"]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage, StaffingCaseStudyPage
        from members.models import MemberLibraryIndexPage, MemberLibraryPage

        context = super().get_context(request, *args, **kwargs)
        in_language = {"locale_id": self.locale_id}
        for name, model, count in (
            ("latest_articles", BestPracticeArticlePage, 6),
            ("latest_case_studies", StaffingCaseStudyPage, 3),
        ):
            cards = model.objects.live().filter(**in_language).select_related("locale").defer(*story_fields(model))
            context[name] = exclude_private(cards).order_by("-publication_date", "-pk")[:count]
        # Counting every member library on each render is wasted work between publishes.
        context["member_count"] = remember(
            f"member-count:{self.locale_id}",
            lambda: exclude_private(MemberLibraryPage.objects.live().filter(**in_language)).count(),
        )
        context["practices_index"] = self._section(request, BestPracticeIndexPage)
        context["members_index"] = self._section(request, MemberLibraryIndexPage)
        return context

    def _section(self, request, model):
        """The first live `model` child (a PageLink from the cached navigation when this is the live home page)."""
        from consortium_site.navigation import site_navigation

        navigation = site_navigation(request)
        language = navigation.locales[self.locale_id].language_code if navigation else None
        if navigation and getattr(navigation.homes.get(language), "pk", None) == self.pk:
            return navigation.section(language, model)
        return self.get_children().live().type(model).first()

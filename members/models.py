"""Member library profiles and the member directory."""

import datetime
from decimal import Decimal

from django_countries.fields import CountryField

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consortium_site.blocks import BodyStreamBlock
from consortium_site.models import ConsortiumPage, LibraryType
from consortium_site.privacy import ViewRestrictionsFromCache, exclude_private

FIRST_MEMBERSHIP_YEAR = 1991
NOT_NEGATIVE = MinValueValidator(0, message=_("This number cannot be negative."))


def validate_year_joined(value):
    if value is not None and not (FIRST_MEMBERSHIP_YEAR <= value <= datetime.date.today().year):
        raise ValidationError(
            _("The year joined must be between %(first)s and this year."), params={"first": FIRST_MEMBERSHIP_YEAR}
        )


class MemberLibraryThemeTag(TaggedItemBase):
    content_object = ParentalKey("members.MemberLibraryPage", related_name="tagged_items", on_delete=models.CASCADE)


class MemberLibraryIndexPage(ViewRestrictionsFromCache, Page):
    """The member directory: live member libraries by country, in pages; ?theme=, ?country=, ?type= filter it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["consortium_site.HomePage"]
    subpage_types = ["members.MemberLibraryPage"]
    template = "pages/member_library_index_page.html"

    class Meta:
        verbose_name = _("member directory")

    def get_context(self, request, *args, **kwargs):
        from members.directory import members_by_country

        context = super().get_context(request, *args, **kwargs)
        groups, filters, filter_form, page_obj, countries_listed = members_by_country(self, request.GET, request)
        context.update(
            country_groups=groups,
            countries_listed=countries_listed,
            filters=filters,
            filter_form=filter_form,
            page_obj=page_obj,
            library_count=page_obj.paginator.count,
        )
        return context


class MemberLibraryPage(ConsortiumPage):
    """A member library's profile, kept up to date by that library's own staff."""

    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent_institution = models.CharField(_("parent institution"), max_length=255, blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.TextField(_("address"), blank=True, max_length=500)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-90), message=_("Latitude must be between -90 and 90 degrees.")),
            MaxValueValidator(Decimal(90), message=_("Latitude must be between -90 and 90 degrees.")),
        ],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-180), message=_("Longitude must be between -180 and 180 degrees.")),
            MaxValueValidator(Decimal(180), message=_("Longitude must be between -180 and 180 degrees.")),
        ],
    )
    website = models.URLField(
        _("website"),
        blank=True,
        validators=[
            URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))
        ],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    library_type = models.CharField(
        _("library type"), max_length=20, choices=LibraryType.choices, default=LibraryType.UNIVERSITY
    )
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, validators=[validate_year_joined]
    )
    collection_size = models.PositiveIntegerField(
        _("collection size (items)"), null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    staff_fte = models.DecimalField(
        _("staff (FTE)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), message=_("Staff numbers cannot be negative."))],
    )
    registered_users = models.PositiveIntegerField(
        _("registered users"), null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    collection_languages = ParentalManyToManyField(
        "consortium_site.CollectionLanguage", blank=True, verbose_name=_("collection languages")
    )
    services_offered = ParentalManyToManyField(
        "consortium_site.LibraryService", blank=True, verbose_name=_("services offered")
    )
    library_system = models.CharField(
        _("library system in use"), max_length=120, blank=True, help_text=_("For example Koha, IRBIS, ABIS, Alma.")
    )
    description = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("description"))
    themes = ClusterTaggableManager(
        through=MemberLibraryThemeTag,
        blank=True,
        verbose_name=_("themes"),
        help_text=_("What the library is known for; the same themes as best practices."),
    )

    content_panels = [
        TitleFieldPanel("title", heading=_("Official name")),
        FieldPanel("short_name"),
        FieldPanel("parent_institution"),
        FieldPanel("summary"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("website"),
            ],
            heading=_("Location and web"),
        ),
        InlinePanel("contacts", label=_("Contacts"), heading=_("Contacts")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("library_type"), FieldPanel("year_joined")]),
                FieldRowPanel([FieldPanel("collection_size"), FieldPanel("staff_fte"), FieldPanel("registered_users")]),
                FieldPanel("collection_languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("services_offered", widget=forms.CheckboxSelectMultiple),
                FieldPanel("library_system"),
            ],
            heading=_("Facts and figures"),
        ),
        FieldPanel("description"),
        FieldPanel("themes"),
        FieldPanel("publication_date"),
    ]

    search_fields = ConsortiumPage.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("parent_institution"),
        index.SearchField("city"),
        index.SearchField("description"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("country"),
    ]

    parent_page_types = ["members.MemberLibraryIndexPage"]
    subpage_types = []
    template = "pages/member_library_page.html"
    interchange_type = "member_library"

    class Meta:
        verbose_name = _("member library")
        verbose_name_plural = _("member libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = (
            exclude_private(self.staffing_case_studies.live()).select_related("locale").order_by("-publication_date")
        )
        return context

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class MemberLibraryContact(Orderable):
    page = ParentalKey(MemberLibraryPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name

"""How each record type maps onto its page model, both ways.

`apply` sets a page's fields from a validated record, in memory (modelcluster keeps tags, many-to-many
and contacts on the instance until save); `export` reads a page back into the record it came from.
Export of an imported page gives the import's record, which is what makes round trips identical.
"""

from django.utils.text import slugify

from taggit.models import Tag

from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage, StaffingCaseStudyPage
from consortium_site.interchange import richtext
from consortium_site.interchange.records import ArticleRecord, CaseStudyRecord, MemberLibraryRecord, RecordError
from consortium_site.models import CollectionLanguage, LibraryService, StaffingChallenge, SustainableDevelopmentGoal
from members.models import MemberLibraryContact, MemberLibraryIndexPage, MemberLibraryPage


class References:
    """Looks up what records refer to (taxonomies, tags, member libraries), caching per import run."""

    def __init__(self):
        self._taxonomies = {}
        self.failed_ids = {}

    def taxonomy(self, model, slugs, field):
        known = self._taxonomies.get(model)
        if known is None:
            known = self._taxonomies[model] = {row.slug: row for row in model.objects.all()}
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise RecordError(
                f"{field}: unknown {', '.join(map(repr, unknown))} (expected some of {', '.join(sorted(known))})"
            )
        return [known[slug] for slug in dict.fromkeys(slugs)]

    def sdg_goals(self, numbers):
        goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.filter(number__in=numbers)}
        return [goals[number] for number in dict.fromkeys(numbers)]

    def themes(self, names, warn):
        tags = []
        for name in dict.fromkeys(names):
            slug = slugify(name, allow_unicode=True)
            if slug != name:
                warn(f"themes: {name!r} is not a slug; stored as {slug!r}")
            tag = Tag.objects.filter(slug=slug).first()
            if tag is None:
                label = slug.replace("-", " ").capitalize()
                if Tag.objects.filter(name__iexact=label).exists():
                    label = slug
                tag = Tag.objects.create(name=label, slug=slug)
            tags.append(tag)
        return tags

    def member_library(self, external_id, field):
        library = MemberLibraryPage.objects.filter(external_id=external_id).first()
        if library is not None:
            return library
        if external_id in self.failed_ids:
            raise RecordError(
                f"{field}: member library {external_id!r} failed to import (line {self.failed_ids[external_id]})"
            )
        other = find_page(external_id)
        if other is not None:
            raise RecordError(f"{field}: {external_id!r} is a {other.interchange_type}, not a member_library")
        raise RecordError(f"{field}: unknown member library id {external_id!r}")


def find_page(external_id):
    """The page of any interchange type that carries `external_id`, or None."""
    for codec in CODECS.values():
        page = codec.model.objects.filter(external_id=external_id).select_related("locale").first()
        if page is not None:
            return page
    return None


def _decimal(value):
    return None if value is None else float(value)


def _put(record, name, value):
    """Optional fields are written only when they hold something, so exports stay short and stable."""
    if value not in (None, "", []):
        record[name] = value


class PageCodec:
    model = None
    index_model = None
    body_field = "body"
    # Model field name → record field name, for validation messages.
    field_names = {"publication_date": "published", "body": "body"}

    def apply(self, page, record, refs, warn):
        page.title = record.title
        page.draft_title = record.title
        page.summary = record.summary
        # No date keeps the one the page has: the first publication date never goes back to empty.
        page.publication_date = record.published or page.publication_date
        page.external_id = record.id
        setattr(page, self.body_field, self.body_blocks(page, record, warn))
        page.themes.set(refs.themes(record.themes, warn))

    def body_blocks(self, page, record, warn):
        """The record's text, followed by the images, videos, documents and tables the page already had."""
        kept = [
            (block.block_type, block.value)
            for block in (getattr(page, self.body_field) or [])
            if block.block_type not in richtext.TEXT_BLOCK_TYPES
        ]
        if kept:
            warn(f"{self.body_field}: kept {len(kept)} image, video, document or table blocks after the new text")
        return richtext.to_stream_blocks(record.body) + kept

    def export(self, page, translation_of=None):
        body, skipped = richtext.from_stream(getattr(page, self.body_field))
        record = {
            "id": page.external_id,
            "type": self.model.interchange_type,
            "locale": page.locale.language_code,
            "title": page.title,
            "summary": page.summary,
            "body": body,
            "themes": sorted(tag.slug for tag in page.themes.all()),
            "country": self.main_country(page),
            "published": page.publication_date.isoformat() if page.publication_date else None,
        }
        _put(record, "translation_of", translation_of)
        self.export_specific(page, record)
        return record, skipped

    def main_country(self, page):
        return page.country.code or None

    def export_specific(self, page, record):
        raise NotImplementedError

    def record_field(self, model_field):
        return self.field_names.get(model_field, model_field)


class ArticleCodec(PageCodec):
    model = BestPracticeArticlePage
    index_model = BestPracticeIndexPage
    record_class = ArticleRecord
    field_names = PageCodec.field_names | {"related_member_libraries": "related_libraries"}

    def apply(self, page, record, refs, warn):
        super().apply(page, record, refs, warn)
        page.countries = list(dict.fromkeys(([record.country] if record.country else []) + record.countries))
        page.sdg_goals = refs.sdg_goals(record.sdg_goals)
        page.related_member_libraries = [
            refs.member_library(external_id, "related_libraries")
            for external_id in dict.fromkeys(record.related_libraries)
        ]

    def main_country(self, page):
        return page.countries[0].code if page.countries else None

    def export_specific(self, page, record):
        if len(page.countries) > 1:
            record["countries"] = [country.code for country in page.countries]
        _put(record, "sdg_goals", sorted(goal.number for goal in page.sdg_goals.all()))
        _put(
            record, "related_libraries", sorted(library.external_id for library in page.related_member_libraries.all())
        )


class CaseStudyCodec(PageCodec):
    model = StaffingCaseStudyPage
    index_model = BestPracticeIndexPage
    record_class = CaseStudyRecord
    field_names = PageCodec.field_names | {
        "reporting_library": "reporting_library",
        "challenge_categories": "challenges",
    }
    RICH_TEXT_FIELDS = ("interventions", "outcomes", "lessons_learned")
    FIGURES = ("period_start", "period_end", "staff_count_before", "staff_count_after")
    PERCENTAGES = ("turnover_before_pct", "turnover_after_pct")

    def apply(self, page, record, refs, warn):
        super().apply(page, record, refs, warn)
        page.country = record.country or ""
        page.library_type = record.library_type or ""
        page.reporting_library = (
            refs.member_library(record.reporting_library, "reporting_library") if record.reporting_library else None
        )
        for name in self.RICH_TEXT_FIELDS:
            setattr(page, name, richtext.to_html(getattr(record, name)))
        for name in self.FIGURES + self.PERCENTAGES:
            setattr(page, name, getattr(record, name))
        page.challenge_categories = refs.taxonomy(StaffingChallenge, record.challenges, "challenges")

    def export_specific(self, page, record):
        _put(record, "reporting_library", page.reporting_library.external_id if page.reporting_library else None)
        _put(record, "library_type", page.library_type)
        for name in self.FIGURES[:2]:
            _put(record, name, getattr(page, name))
        _put(record, "challenges", sorted(challenge.slug for challenge in page.challenge_categories.all()))
        for name in self.RICH_TEXT_FIELDS:
            _put(record, name, richtext.from_html(getattr(page, name)))
        for name in self.FIGURES[2:]:
            _put(record, name, getattr(page, name))
        for name in self.PERCENTAGES:
            _put(record, name, _decimal(getattr(page, name)))


class MemberLibraryCodec(PageCodec):
    model = MemberLibraryPage
    index_model = MemberLibraryIndexPage
    record_class = MemberLibraryRecord
    body_field = "description"
    field_names = PageCodec.field_names | {
        "description": "body",
        "parent_institution": "institution",
        "services_offered": "services",
    }
    TEXTS = ("short_name", "city", "address", "website", "library_system")
    FIGURES = ("year_joined", "collection_size", "registered_users")

    def apply(self, page, record, refs, warn):
        super().apply(page, record, refs, warn)
        page.country = record.country
        page.parent_institution = record.institution
        for name in self.TEXTS + self.FIGURES + ("latitude", "longitude", "staff_fte"):
            setattr(page, name, getattr(record, name))
        page.library_type = record.library_type or MemberLibraryPage._meta.get_field("library_type").default
        page.collection_languages = refs.taxonomy(
            CollectionLanguage, record.collection_languages, "collection_languages"
        )
        page.services_offered = refs.taxonomy(LibraryService, record.services, "services")
        page.contacts = [
            MemberLibraryContact(sort_order=position, **contact.model_dump())
            for position, contact in enumerate(record.contacts)
        ]

    def export_specific(self, page, record):
        _put(record, "short_name", page.short_name)
        _put(record, "institution", page.parent_institution)
        _put(record, "city", page.city)
        _put(record, "address", page.address)
        _put(record, "latitude", _decimal(page.latitude))
        _put(record, "longitude", _decimal(page.longitude))
        _put(record, "website", page.website)
        _put(record, "library_type", page.library_type)
        for name in self.FIGURES:
            _put(record, name, getattr(page, name))
        _put(record, "staff_fte", _decimal(page.staff_fte))
        _put(record, "collection_languages", sorted(language.slug for language in page.collection_languages.all()))
        _put(record, "services", sorted(service.slug for service in page.services_offered.all()))
        _put(record, "library_system", page.library_system)
        _put(
            record,
            "contacts",
            [
                {name: value for name in ("name", "role", "email", "phone") if (value := getattr(contact, name))}
                for contact in page.contacts.all()
            ],
        )


# Member libraries come first: articles and case studies refer to them.
CODECS = {"member_library": MemberLibraryCodec(), "article": ArticleCodec(), "case_study": CaseStudyCodec()}
TYPE_ORDER = list(CODECS)

"""The one place a page becomes an index document (and the rule for which pages may be indexed)."""

import datetime
from collections import Counter

from django.utils.text import slugify

from wagtail.rich_text import get_text_for_indexing

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from members.models import MemberLibraryPage

from .text import MAX_TERM_CHARS, excerpt_of, excerpt_terms, matching_key, stem, tokenize

DOCUMENT_TYPES = {
    BestPracticeArticlePage: "article",
    StaffingCaseStudyPage: "case_study",
    MemberLibraryPage: "member_library",
}
# BM25F by repetition: a title word counts as three body words, a summary or keyword word as two.
FIELD_WEIGHTS = {"title": 3, "keywords": 2, "summary": 2, "body": 1}
MAX_BODY_CHARS = 100_000


def is_indexable(page):
    """Live, public content: one of the three content types, published, not expired, no view restriction
    on the page or any ancestor."""
    page = page.specific
    return type(page) in DOCUMENT_TYPES and page.live and not page.expired and not page.get_view_restrictions().exists()


def document_version(page):
    """Changes whenever what the index holds for `page` may change: a publish (new live revision) or a move."""
    return f"{page.live_revision_id or 0}:{page.url_path}"


def _stream_text(stream_value):
    if not stream_value:
        return []
    return [text for text in stream_value.stream_block.get_searchable_content(stream_value) if text]


def _rich_text(html):
    return get_text_for_indexing(html or "")


def _country_codes(value):
    """ISO codes of a single or multiple CountryField value."""
    if not value:
        return []
    values = [value] if hasattr(value, "code") or isinstance(value, str) else list(value)
    codes = (getattr(country, "code", country) for country in values)
    return sorted({str(code) for code in codes if code})


def page_to_document(page, reload=True, themes=None, url=None):
    """The index document of a live page, built from its live (published) content only.

    In Wagtail the page row holds the published content; drafts live only in revisions
    (`save_revision` does not touch content fields). The page is read again from the database, so an
    in-memory instance carrying unsaved or draft edits (a signal's `instance`) cannot leak them;
    `reload=False` is for pages just loaded by a queryset (bulk indexing, `search.indexing`), which also
    passes their `themes` as (slug, name) pairs read for many pages at once, and their `url` (`page.url`
    computed in bulk).
    """
    if reload:
        page = type(page.specific).objects.select_related("locale").get(pk=page.pk)
    page = page.specific
    doc_type = DOCUMENT_TYPES[type(page)]
    body_parts = []
    keywords = []
    theme_slugs = []
    if doc_type in ("article", "case_study"):
        body_parts += _stream_text(page.body)
        if themes is None:
            themes = [(tag.slug, tag.name) for tag in page.themes.all()]
        theme_slugs = sorted(slug for slug, _name in themes)
        keywords += [name for _slug, name in themes]
    if doc_type == "article":
        countries = _country_codes(page.countries)
    elif doc_type == "case_study":
        countries = _country_codes(page.country)
        body_parts += [_rich_text(page.interventions), _rich_text(page.outcomes), _rich_text(page.lessons_learned)]
        if page.reporting_library_id:
            keywords.append(page.reporting_library.title)
    else:
        countries = _country_codes(page.country)
        body_parts += _stream_text(page.description)
        keywords += [page.short_name, page.parent_institution, page.city, page.library_system]
    return build_document(
        page_id=page.pk,
        external_id=page.external_id,
        doc_type=doc_type,
        locale=page.locale.language_code,
        title=page.title,
        url=(page.url if url is None else url) or "",
        summary=page.summary,
        body="\n".join(part for part in body_parts if part),
        keywords=keywords,
        themes=theme_slugs,
        countries=countries,
        publication_date=page.publication_date,
        version=document_version(page),
    )


def build_document(
    *,
    page_id,
    external_id,
    doc_type,
    locale,
    title,
    url,
    summary,
    body,
    keywords=(),
    themes=(),
    countries=(),
    publication_date=None,
    version="",
):
    """An index document from plain fields; `page_to_document` and the relevance loader both use it."""
    if isinstance(publication_date, str):
        publication_date = datetime.date.fromisoformat(publication_date)
    body = (body or "")[:MAX_BODY_CHARS]
    keyword_text = " ".join([*(k for k in keywords if k), *(slugify(theme).replace("-", " ") for theme in themes)])
    fields = {"title": title or "", "keywords": keyword_text, "summary": summary or "", "body": body}
    terms = []
    words = {}
    for name, text in fields.items():
        # One pass per distinct word of a field gives both the index terms (as `analyze` would, grouped: the
        # engines count terms, their order means nothing) and the vocabulary words.
        for surface, count in Counter(tokenize(text)).items():
            term = stem(surface, locale)
            terms += [term] * (count * FIELD_WEIGHTS[name])
            key = matching_key(surface)
            if key and len(key) <= MAX_TERM_CHARS and key not in words:
                words[key] = (surface[:MAX_TERM_CHARS], key, term)
    excerpt = excerpt_of(" ".join(part for part in (summary, body) if part))
    return {
        "id": page_id,
        "external_id": external_id,
        "type": doc_type,
        "locale": locale,
        "title": title or "",
        "url": url,
        "summary": summary or "",
        "body": body,
        "themes": list(themes),
        "countries": list(countries),
        "year": publication_date.year if publication_date else None,
        "publication_date": publication_date.isoformat() if publication_date else None,
        "version": version,
        "terms": terms,
        # What snippets are cut from, with each of its words' index terms (search.text.highlight).
        "excerpt": excerpt,
        "excerpt_terms": excerpt_terms(excerpt, locale),
        # (surface, key, term) of every distinct word, for typo correction, autocomplete and query language.
        "words": sorted(words.values()),
    }

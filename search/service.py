"""From validated parameters to what the API and the search page show.

Results come from the index, but the database has the last word: a hit whose page is no longer live and
public (an update still in the queue) is dropped and queued for repair, so draft or private text never
reaches a result. Zero-result queries are counted here for the content-gap report.
"""

import datetime
import functools
import math
import re
from dataclasses import dataclass, field

from django_countries import countries

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from consortium_site.taxonomy import theme_display_name
from search.engines import SearchQuery, get_engine
from search.engines import search as engine_search
from search.engines import suggest as engine_suggest
from search.models import IndexQueueEntry, ZeroResultQuery
from search.params import MAX_RESULT_WINDOW
from search.queue import (
    DATABASE,
    ELASTICSEARCH,
    SEARCH_BREAKER,
    SEARCH_PROBE_KEY,
    breaker_open,
    enqueue_pages,
    reset_breaker,
    trip_breaker,
)
from search.text import detect_language, normalize

FACETS = ("type", "theme", "country", "lang", "year")
API_FACETS = ("type", "theme", "country", "lang")
FACET_OPTIONS_SHOWN = 12
MAX_SUGGESTIONS = 8
THEME_NAMES_CACHE_KEY = "search:theme-names"
THEME_NAMES_CACHE_SECONDS = 300
RESTRICTED_PATHS_CACHE_KEY = "search:restricted-paths"
RESTRICTED_PATHS_CACHE_SECONDS = 10
# Queries that look like an e-mail address or a phone or ID number are never stored (no personal data).
_PERSONAL = re.compile(r"\S@\S|\d[\d\s-]{5,}\d")
_SNIPPET_TAGS = re.compile(r"</?mark>")


@dataclass
class SearchOutcome:
    count: int
    engine: str
    suggestion: str | None
    hits: list
    facets: dict
    page_size: int
    fallback: bool = False
    theme_names: dict = field(default_factory=dict)

    @property
    def page_count(self):
        reachable = min(self.count, MAX_RESULT_WINDOW)
        return math.ceil(reachable / self.page_size) if reachable else 0

    def as_api_json(self):
        return {
            "count": self.count,
            "engine": self.engine,
            "suggestion": self.suggestion,
            "results": [
                {
                    "id": hit.id,
                    "external_id": hit.external_id,
                    "type": hit.type,
                    "title": hit.title,
                    "url": hit.url,
                    "locale": hit.locale,
                    "snippet": safe_snippet(hit.snippet),
                    "score": float(hit.score),
                }
                for hit in self.hits
            ],
            "facets": {name: dict(self.facets.get(name, {})) for name in API_FACETS},
        }

    def page_hits(self):
        type_labels = content_type_labels()
        language_names = dict(settings.LANGUAGES)
        return [
            {
                "id": hit.id,
                "title": hit.title,
                "url": hit.url,
                "locale": hit.locale,
                "locale_name": language_names.get(hit.locale, hit.locale),
                "type_label": type_labels.get(hit.type, hit.type),
                "snippet": mark_safe(safe_snippet(hit.snippet)),  # noqa: S308 - escaped text, <mark> only (safe_snippet)
                "date": _date(hit.publication_date),
            }
            for hit in self.hits
        ]

    def value_label(self, facet, value):
        if facet == "type":
            return content_type_labels().get(value, value)
        if facet == "theme":
            return self.theme_names.get(value) or theme_display_name(value, theme_names().get(value, value))
        if facet == "country":
            return countries.name(value) or value
        if facet == "lang":
            return dict(settings.LANGUAGES).get(value, value)
        return str(value)


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


@functools.lru_cache(maxsize=8)
def _engine(name, url, prefix, timeout):
    return get_engine(name)


def configured_engine():
    """The configured engine, one per process and configuration: its HTTP connections are reused across requests."""
    return _engine(
        settings.SEARCH_BACKEND,
        settings.ELASTICSEARCH_URL,
        settings.ELASTICSEARCH_INDEX_PREFIX,
        settings.ELASTICSEARCH_TIMEOUT,
    )


def run_search(params, record_zero_results=True):
    query = SearchQuery(q=params.q, page=params.page, page_size=params.page_size, **params.filters)
    suspended = settings.SEARCH_BACKEND == ELASTICSEARCH and breaker_open(SEARCH_BREAKER)
    probing = suspended and cache.add(SEARCH_PROBE_KEY, True, timeout=settings.SEARCH_BREAKER_PROBE_INTERVAL)
    if suspended and not probing:
        # Elasticsearch failed moments ago: answer from the database now instead of waiting for its timeout again.
        results = engine_search(query, engine=_engine(DATABASE, None, None, None))
        results.fallback = True
    else:
        results = engine_search(query, engine=configured_engine())
        if results.fallback:
            trip_breaker(SEARCH_BREAKER)
            cache.set(SEARCH_PROBE_KEY, True, timeout=settings.SEARCH_BREAKER_PROBE_INTERVAL)
        elif probing:
            reset_breaker(SEARCH_BREAKER)
    hits = list(results.results)
    count = results.count
    if hits:
        ids = [hit.id for hit in hits]
        visible = live_public_page_ids(ids)
        stale = [page_id for page_id in ids if page_id not in visible]
        if stale:
            enqueue_pages(stale, IndexQueueEntry.Reason.RECONCILE)
            hits = [hit for hit in hits if hit.id in visible]
            count = max(count - len(stale), len(hits))
    outcome = SearchOutcome(
        count=count,
        engine=results.engine,
        suggestion=results.suggestion or None,
        hits=hits,
        facets={name: dict(results.facets.get(name, {})) for name in FACETS},
        page_size=params.page_size,
        fallback=results.fallback,
    )
    if record_zero_results and count == 0 and params.q and params.page == 1:
        record_zero_result(params)
    return outcome


def restricted_paths():
    """Tree paths of pages with a view restriction (a restriction covers the subtree below it).

    Cached briefly: saving or deleting a restriction clears it (search/signals.py), and the short lifetime bounds
    how long a process-local cache elsewhere can lag; the index itself drops such pages right after the commit.
    """
    paths = cache.get(RESTRICTED_PATHS_CACHE_KEY)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_PATHS_CACHE_KEY, paths, RESTRICTED_PATHS_CACHE_SECONDS)
    return paths


def live_public_page_ids(page_ids):
    """Those of `page_ids` that are live, not expired and under no view restriction: Wagtail's live().public()
    in one query, with the restrictions cached."""
    page_ids = [int(page_id) for page_id in page_ids]
    if not page_ids:
        return set()
    restricted = restricted_paths()
    # Plain SQL: on every search, building this through the ORM cost more CPU than running it.
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Page._meta.db_table)
        placeholders = ", ".join(["%s"] * len(page_ids))
        cursor.execute(
            f"SELECT id, path FROM {table} WHERE id IN ({placeholders}) AND live = %s AND expired = %s",  # noqa: S608 - values are bound parameters
            [*page_ids, True, False],
        )
        return {pk for pk, path in cursor.fetchall() if not path.startswith(restricted)}


def record_zero_result(params):
    """Count a query that found nothing, unless a type, theme, country or year filter narrowed it."""
    if set(params.filters) - {"lang"} or _PERSONAL.search(params.q):
        return
    text = normalize(params.q)[:200].strip()
    if not text:
        return
    language = params.filters.get("lang") or detect_language(params.q) or "und"
    ZeroResultQuery.record(text, language)


def suggest(text):
    if len(text) < 2:
        return []
    return list(engine_suggest(text))[:MAX_SUGGESTIONS]


def safe_snippet(snippet):
    """The engine's snippet if it is escaped text with only <mark> tags; otherwise all of it escaped."""
    snippet = snippet or ""
    if "<" in _SNIPPET_TAGS.sub("", snippet) or ">" in _SNIPPET_TAGS.sub("", snippet):
        return escape(_SNIPPET_TAGS.sub("", snippet))
    return snippet


def content_type_labels():
    return {
        "article": _("Best-practice article"),
        "case_study": _("Staffing case study"),
        "member_library": _("Member library"),
    }


def filter_labels():
    return {"type": _("Type"), "theme": _("Theme"), "country": _("Country"), "lang": _("Language"), "year": _("Year")}


def theme_names():
    """Theme slug → name, cached: facets show names for slugs on every search."""
    names = cache.get(THEME_NAMES_CACHE_KEY)
    if names is None:
        names = dict(Tag.objects.values_list("slug", "name"))
        cache.set(THEME_NAMES_CACHE_KEY, names, THEME_NAMES_CACHE_SECONDS)
    return names


def facet_groups(params, outcome, query):
    """Facet options for the page: label, count, selected, and the query string that toggles each."""
    labels = filter_labels()
    groups = []
    for name in FACETS:
        counts = outcome.facets.get(name) or {}
        selected = params.filters.get(name)
        if name == "year":
            ordered = sorted(counts.items(), key=lambda item: str(item[0]), reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        options = [
            {
                "label": outcome.value_label(name, value),
                "count": count,
                "selected": str(value) == str(selected),
                "query": query(**{name: None if str(value) == str(selected) else value}),
            }
            for value, count in ordered[:FACET_OPTIONS_SHOWN]
        ]
        if options:
            groups.append({"name": name, "label": labels[name], "options": options})
    return groups

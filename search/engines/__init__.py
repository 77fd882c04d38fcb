"""Search engines behind one interface, chosen by settings.SEARCH_BACKEND.

Callers use the helpers here, never an engine's errors: `search()` answers from the database engine
when Elasticsearch fails and says so in the result; `index_documents()` and `delete_documents()` keep
the database index (the fallback, and the vocabulary both engines share) and Elasticsearch in step.
"""

import logging

from django.conf import settings

from .base import (
    DEFAULT_PAGE_SIZE,
    DOCUMENT_TYPES,
    FACETS,
    MAX_PAGE_SIZE,
    SearchEngine,
    SearchEngineError,
    SearchQuery,
    SearchResult,
    SearchResults,
)
from .database import DatabaseEngine

logger = logging.getLogger(__name__)
ENGINE_NAMES = ("database", "elasticsearch")
FALLBACK_NOTICE = "Elasticsearch did not answer; these results come from the database search."


def get_engine(name=None):
    """The engine named `name`, or the one settings.SEARCH_BACKEND configures."""
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return DatabaseEngine()
    if name == "elasticsearch":
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine()
    raise ValueError(f"Unknown search engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")


def active_engines():
    """Every engine that must hold the index: the database always, Elasticsearch when configured."""
    engines = [DatabaseEngine()]
    if settings.SEARCH_BACKEND == "elasticsearch":
        engines.append(get_engine("elasticsearch"))
    return engines


def index_documents(documents):
    """Index `documents` in every active engine; raises SearchEngineError if one fails (the queue retries)."""
    documents = list(documents)
    for engine in active_engines():
        engine.index_documents(documents)
    return len(documents)


def delete_documents(page_ids):
    page_ids = list(page_ids)
    for engine in active_engines():
        engine.delete_documents(page_ids)
    return len(page_ids)


def search(query, engine=None):
    """Answer `query` (a SearchQuery) with the configured engine, falling back to the database engine.

    Never raises an engine error: when the database fails too, an empty result says so in `notice`.
    Results come from the index alone: callers showing them to the public check them against live,
    public pages (search.service does, and queues a repair for any that lag).
    """
    engine = engine or get_engine()
    try:
        return engine.search(query)
    except SearchEngineError as error:
        if engine.name == "database":
            logger.error("Database search failed: %s", error)
            return SearchResults(count=0, engine=engine.name, notice="Search is unavailable right now.")
        logger.warning("Falling back to database search: %s", error)
    return _fallback_search(query)


def _fallback_search(query):
    try:
        results = DatabaseEngine().search(query)
    except SearchEngineError as error:
        logger.error("Fallback database search failed: %s", error)
        return SearchResults(count=0, engine="database", fallback=True, notice="Search is unavailable right now.")
    results.fallback = True
    results.notice = FALLBACK_NOTICE
    return results


def suggest(prefix, lang=None, limit=8):
    """Completions of the last word of `prefix`, from the shared vocabulary."""
    try:
        return DatabaseEngine().suggest(prefix, lang=lang, limit=limit)
    except SearchEngineError:
        return []


__all__ = [
    "DEFAULT_PAGE_SIZE",
    "DOCUMENT_TYPES",
    "ENGINE_NAMES",
    "FACETS",
    "MAX_PAGE_SIZE",
    "DatabaseEngine",
    "SearchEngine",
    "SearchEngineError",
    "SearchQuery",
    "SearchResult",
    "SearchResults",
    "active_engines",
    "delete_documents",
    "get_engine",
    "index_documents",
    "search",
    "suggest",
]

"""Pages in bulk → index documents, without a query per page (the queue, reindex and reconcile use it).

`search.documents.is_indexable(page)` asks the database about one page; here the same rule (content type,
live, not expired, no view restriction on the page or an ancestor) is one queryset per content type, and
the relations `page_to_document` reads are fetched with the pages: a handful of queries per 500 pages.
"""

import copy
import functools
import re
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from urllib.parse import quote

from django.conf import settings
from django.db import connection, connections
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Site
from wagtail.urls import serve_pattern

from best_practices.models import ArticleThemeTag, BestPracticeArticlePage, CaseStudyThemeTag, StaffingCaseStudyPage
from search.documents import DOCUMENT_TYPES, document_version, page_to_document
from search.engines import get_engine

CHUNK_SIZE = 500
_SELECT_RELATED = {StaffingCaseStudyPage: ["locale", "reporting_library"]}
_THEME_TAGS = {BestPracticeArticlePage: ArticleThemeTag, StaffingCaseStudyPage: CaseStudyThemeTag}
_SERVE_PATH = re.compile(serve_pattern)
# What Django's `reverse` leaves unquoted in a URL path.
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def live_public_pages(model):
    """The pages of one content type that may be indexed (the rule of `is_indexable`, as one queryset)."""
    return model.objects.live().public().filter(expired=False)


def indexable_pages(model, page_ids=None):
    """The live, public pages of one content type, with the rows their documents need joined in."""
    pages = live_public_pages(model).select_related(*_SELECT_RELATED.get(model, ["locale"])).order_by("pk")
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return pages


def _themes_by_page(model, page_ids):
    """{page id: [(slug, name), ...]}, one query for many pages: taggit's prefetch costs more than the text pipeline."""
    through = _THEME_TAGS.get(model)
    if through is None:
        return {}
    themes = defaultdict(list)
    rows = through.objects.filter(content_object_id__in=page_ids).order_by("pk")
    for page_id, slug, name in rows.values_list("content_object_id", "tag__slug", "tag__name"):
        themes[page_id].append((slug, name))
    return themes


def count_indexable_pages():
    return sum(indexable_pages(model).count() for model in DOCUMENT_TYPES)


class PageUrls:
    """`page.url` of many pages: Wagtail reverses `wagtail_serve` per page (a sixth of building a document), but
    the URL of a site root in one language is the same for all its pages; it is reversed once, and each page's
    path below the root is quoted as `reverse` would quote it. Anything unusual falls back to `page.url`."""

    def __init__(self):
        self.site_root_paths = Site.get_site_root_paths()
        self.root_urls = {}

    def __call__(self, page):
        # Wagtail's own per-object cache of the site roots: one lookup per chunk instead of one per page URL.
        page._wagtail_cached_site_root_paths = self.site_root_paths
        sites = page._get_relevant_site_root_paths()
        path = page.url_path[len(sites[0].root_path) :] if sites else ""
        if not sites or not WAGTAIL_APPEND_SLASH or not _SERVE_PATH.match(path):
            return page.url
        key = (sites[0], translation.get_language())
        if key not in self.root_urls:
            root = copy.copy(page)
            root.url_path = sites[0].root_path
            self.root_urls[key] = root.url
        root_url = self.root_urls[key]
        return page.url if root_url is None else root_url + quote(path, safe=_URL_SAFE)


def _documents(model, pages):
    """Documents of one content type's pages, with their themes read in one query; the pages come straight
    from a queryset of live pages, so their rows hold published content only and `page_to_document` need not
    read each one again."""
    themes = _themes_by_page(model, [page.pk for page in pages])
    page_urls = PageUrls()
    return [page_to_document(page, reload=False, themes=themes.get(page.pk, []), url=page_urls(page)) for page in pages]


def iter_documents(page_ids=None, chunk_size=CHUNK_SIZE):
    """Every indexable page's document (or those among `page_ids`), streamed chunk by chunk."""
    for model in DOCUMENT_TYPES:
        pages = indexable_pages(model, page_ids).iterator(chunk_size=chunk_size)
        while chunk := list(islice(pages, chunk_size)):
            yield from _documents(model, chunk)


def _build_chunk(model, page_ids):
    return _documents(model, list(indexable_pages(model, page_ids)))


def rebuild_documents(chunk_size=CHUNK_SIZE):
    """Every indexable page's document, for a rebuild: an iterator whose pages are listed now.

    Outside a transaction (the reindex command) a thread builds the next chunks on a database connection of its
    own while the caller writes the previous ones, so the text pipeline's Python work overlaps the index
    server's. Inside one (tests, which must read their own uncommitted pages) the chunks are built in turn.
    """
    chunks = []
    for model in DOCUMENT_TYPES:
        page_ids = iter(indexable_pages(model).values_list("pk", flat=True))
        while chunk := list(islice(page_ids, chunk_size)):
            chunks.append((model, chunk))
    if connection.in_atomic_block:
        return (document for model, ids in chunks for document in _build_chunk(model, ids))
    return _built_ahead(chunks)


def _built_ahead(chunks):
    builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-documents")
    pending = deque()
    try:
        for chunk in chunks:
            pending.append(builder.submit(_build_chunk, *chunk))
            # Two chunks in the making at most: enough to keep the writer busy, and memory bounded.
            if len(pending) > 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        # The builder's connection belongs to its thread: close it there, then let the thread go.
        builder.submit(connections.close_all).result()
        builder.shutdown()


def indexable_versions():
    """{page_id: version} the index should hold, from the database, without building documents."""
    versions = {}
    for model in DOCUMENT_TYPES:
        for page in live_public_pages(model).only("pk", "live_revision_id", "url_path").iterator(chunk_size=2000):
            versions[page.pk] = document_version(page)
    return versions


# The worker is on no request path: it may wait for Elasticsearch to create an index or finish a merge.
WORKER_ELASTICSEARCH_TIMEOUT = 30.0


@functools.lru_cache(maxsize=8)
def _elasticsearch(url, prefix, timeout):
    """One client per configuration and process, so the worker reuses its connections between batches."""
    from search.engines.elastic import ElasticsearchEngine

    return ElasticsearchEngine(url=url, prefix=prefix, timeout=timeout)


def _engine_with_timeout(engine_name, timeout):
    if engine_name == "elasticsearch":
        timeout = timeout or max(settings.ELASTICSEARCH_TIMEOUT, WORKER_ELASTICSEARCH_TIMEOUT)
        return _elasticsearch(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX, timeout)
    return get_engine(engine_name)


def apply_page_states(engine_name, page_ids, timeout=None):
    """Bring `page_ids` in one engine to their current state; returns (indexed, removed) counts."""
    documents = list(iter_documents(page_ids=list(page_ids)))
    indexed_ids = {document["id"] for document in documents}
    gone = sorted(set(page_ids) - indexed_ids)
    engine = _engine_with_timeout(engine_name, timeout)
    if documents:
        engine.index_documents(documents)
    if gone:
        engine.delete_documents(gone)
    return len(documents), len(gone)

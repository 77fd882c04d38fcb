"""Pages in bulk → index documents, without a query per page (the queue, reindex and reconcile use it).

`search.documents.is_indexable(page)` asks the database about one page; here the same rule (content type,
live, not expired, no view restriction on the page or an ancestor) is one queryset per content type, and
the relations `page_to_document` reads are fetched with the pages.
"""

import functools

from django.conf import settings

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from search.documents import DOCUMENT_TYPES, document_version, page_to_document
from search.engines import get_engine

CHUNK_SIZE = 500
_RELATED = {
    BestPracticeArticlePage: (["locale"], ["themes"]),
    StaffingCaseStudyPage: (["locale", "reporting_library"], ["themes"]),
}


def live_public_pages(model):
    """The pages of one content type that may be indexed (the rule of `is_indexable`, as one queryset)."""
    return model.objects.live().public().filter(expired=False)


def indexable_pages(model, page_ids=None):
    """The live, public pages of one content type, with what their documents need."""
    select, prefetch = _RELATED.get(model, (["locale"], []))
    pages = live_public_pages(model).select_related(*select).order_by("pk")
    if prefetch:
        pages = pages.prefetch_related(*prefetch)
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return pages


def count_indexable_pages():
    return sum(indexable_pages(model).count() for model in DOCUMENT_TYPES)


def iter_documents(page_ids=None, chunk_size=CHUNK_SIZE):
    """Every indexable page's document (or those among `page_ids`), streamed chunk by chunk."""
    for model in DOCUMENT_TYPES:
        for page in indexable_pages(model, page_ids).iterator(chunk_size=chunk_size):
            yield page_to_document(page)


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

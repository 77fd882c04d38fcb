"""The Elasticsearch engine: the pipeline's terms on a whitespace-analysed field, BM25, one alias per
environment over versioned indexes, aggregations for facets. Only server-core features are used."""

import contextlib
import time

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import A, Date, Document, Index, Keyword, Long, Q, Search, Text
from elasticsearch.helpers import BulkIndexError

from django.conf import settings
from django.db import DatabaseError

from .base import (
    FACETS,
    LANGUAGE_PRIORITY,
    SearchEngine,
    SearchEngineError,
    SearchResult,
    SearchResults,
    idf,
    make_snippet,
    prepare_query,
)
from .database import DatabaseEngine

FACET_FIELDS = {"type": "type", "lang": "locale", "theme": "themes", "country": "countries", "year": "year"}
FACET_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # index.max_result_window's default
BULK_CHUNK = 1000
ELASTICSEARCH_ERRORS = (ApiError, TransportError, BulkIndexError)


class PageDocument(Document):
    """What Elasticsearch holds per page: stored fields for results, keywords for facets, `terms` to match."""

    id = Long()
    external_id = Keyword()
    type = Keyword()
    locale = Keyword()
    title = Keyword(index=False, doc_values=False)
    url = Keyword(index=False, doc_values=False)
    # The excerpt snippets are cut from and its words' index terms (search.text.highlight); not the whole body.
    excerpt = Text(index=False)
    excerpt_terms = Text(index=False)
    themes = Keyword()
    countries = Keyword()
    year = Keyword()
    publication_date = Date()
    version = Keyword()
    # The pipeline's terms, already normalised, keyed and stemmed: split on whitespace, nothing more.
    terms = Text(analyzer="whitespace", index_options="freqs")


# What a result shows: hits carry these fields only.
RESULT_FIELDS = ["id", "external_id", "type", "locale", "title", "url", "excerpt", "excerpt_terms", "publication_date"]
STORED_FIELDS = (*RESULT_FIELDS, "themes", "countries", "version")


def _constant_request_body():
    """What every search request asks for besides its query, filters and page: the same order and sources."""
    search = Search().sort({"_score": "desc"}, {"id": "asc"}).extra(track_total_hits=True, track_scores=True)
    return search.source(RESULT_FIELDS).to_dict()


def _facet_aggregations(filters):
    """Disjunctive facets: each facet counted with every other filter but not its own, so its other values stay
    visible once one is chosen (the hits themselves are narrowed by the post_filter)."""
    aggregations = {}
    for facet, field in FACET_FIELDS.items():
        others = [clause for name, clause in filters.items() if name != facet]
        aggregation = A("filter", Q("bool", filter=others))
        aggregation.bucket("counts", A("terms", field=field, size=FACET_SIZE))
        aggregations[facet] = aggregation.to_dict()
    return aggregations


_REQUEST_BODY = _constant_request_body()
_UNFILTERED_AGGREGATIONS = _facet_aggregations({})


def _source(document):
    source = {name: document[name] for name in STORED_FIELDS}
    source["year"] = str(document["year"]) if document.get("year") else None
    source["terms"] = " ".join(document["terms"])
    return source


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url=None, prefix=None, timeout=None, vocabulary_engine=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}_pages"
        self.timeout = timeout if timeout is not None else settings.ELASTICSEARCH_TIMEOUT
        # The vocabulary (typo correction, prefix matching) is the database index's, shared by both engines.
        self.vocabulary_engine = vocabulary_engine or DatabaseEngine()
        self.client = Elasticsearch(self.url, request_timeout=self.timeout, max_retries=0, retry_on_timeout=False)

    def _index(self, name):
        index = Index(name, using=self.client)
        index.document(PageDocument)
        index.settings(number_of_shards=1, number_of_replicas=0)
        return index

    def _call(self, action, *args, **kwargs):
        try:
            return action(*args, **kwargs)
        except ELASTICSEARCH_ERRORS as error:
            raise SearchEngineError(f"Elasticsearch: {error.__class__.__name__}") from error

    def _new_index_name(self):
        return f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.monotonic_ns() % 1_000_000:06d}"

    def _alias_targets(self):
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias))

    def ensure_index(self):
        """Create the first versioned index behind the alias when there is none."""
        if self._call(self._alias_targets):
            return
        name = self._new_index_name()
        self._call(self._index(name).create)
        self._call(self.client.indices.put_alias, index=name, name=self.alias)

    # Writing

    def _actions(self, documents, index):
        for document in documents:
            yield {"_op_type": "index", "_index": index, "_id": document["id"], "_source": _source(document)}

    def index_documents(self, documents):
        documents = list(documents)
        if not documents:
            return 0
        self.ensure_index()
        self._call(helpers.bulk, self.client, self._actions(documents, self.alias), chunk_size=BULK_CHUNK)
        return len(documents)

    def delete_documents(self, page_ids):
        page_ids = list(page_ids)
        if not page_ids or not self._call(self._alias_targets):
            return 0
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": page_id} for page_id in page_ids)
        self._call(helpers.bulk, self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False)
        return len(page_ids)

    def rebuild(self, documents, total=None):
        """Fill a new versioned index, then swap the alias to it in one atomic step and drop the old ones."""
        name = self._new_index_name()
        index = self._index(name)
        self._call(index.create)
        count = 0
        swapped = False
        try:
            for ok, _item in helpers.streaming_bulk(
                self.client, self._actions(documents, name), chunk_size=BULK_CHUNK, raise_on_error=True
            ):
                count += ok
            self.client.indices.refresh(index=name)
            old = self._alias_targets()
            actions = [{"remove": {"index": old_name, "alias": self.alias}} for old_name in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)
            swapped = True
        except ELASTICSEARCH_ERRORS as error:
            raise SearchEngineError(f"Elasticsearch: {error.__class__.__name__}") from error
        finally:
            if not swapped:
                # A failed rebuild (Elasticsearch or the documents themselves) leaves no half-filled index.
                with contextlib.suppress(*ELASTICSEARCH_ERRORS):
                    self.client.indices.delete(index=name, ignore_unavailable=True)
        for old_name in old:
            self._call(self.client.indices.delete, index=old_name, ignore_unavailable=True)
        return {"engine": self.name, "documents": count, "index": name}

    def refresh(self):
        self._call(self.client.indices.refresh, index=self.alias)

    def drop(self):
        """Delete the alias and every index behind it (throwaway evaluation indexes)."""
        for name in self._call(self._alias_targets):
            self._call(self.client.indices.delete, index=name, ignore_unavailable=True)

    # Reading

    def vocabulary(self):
        return self.vocabulary_engine.vocabulary()

    def _query(self, prepared):
        """The request body, its query built with elasticsearch.dsl; sort, sources and unfiltered facets prebuilt."""
        query = prepared.query
        filters = {facet: Q("term", **{FACET_FIELDS[facet]: value}) for facet, value in query.filters.items()}
        if prepared.is_browse:
            matching = Q("match_all", boost=0)
        else:
            groups = []
            for group in prepared.groups:
                # The pipeline already weighed each term (idf included); divide out Elasticsearch's own idf.
                alternatives = [
                    Q("term", terms={"value": term, "boost": weight / self._idf(prepared, term)})
                    for term, weight in group.weights.items()
                ]
                groups.append(Q("dis_max", queries=alternatives))
            matching = Q("bool", should=groups, minimum_should_match=prepared.minimum_should_match)
        should = []
        if prepared.analyzed.lang:
            should.append(Q("constant_score", filter=Q("term", locale=prepared.analyzed.lang), boost=LANGUAGE_PRIORITY))
        body = {"query": Q("bool", must=[matching], should=should).to_dict(), **_REQUEST_BODY}
        if filters:
            body["post_filter"] = Q("bool", filter=list(filters.values())).to_dict()
            body["aggs"] = _facet_aggregations(filters)
        else:
            body["aggs"] = _UNFILTERED_AGGREGATIONS
        if query.offset + query.page_size > MAX_RESULT_WINDOW:
            # Beyond Elasticsearch's result window there are no hits to show, only the count and facets.
            body["size"] = 0
        else:
            body["from"], body["size"] = query.offset, query.page_size
        return body

    @staticmethod
    def _idf(prepared, term):
        return max(idf(prepared.document_count, prepared.frequencies[term]), 1e-6)

    def search(self, query):
        try:
            prepared = prepare_query(query, self.vocabulary(), self.vocabulary_engine)
        except DatabaseError as error:
            raise SearchEngineError(f"vocabulary unavailable: {error.__class__.__name__}") from error
        return self.answer(prepared)

    def _answer(self, prepared):
        results = SearchResults(count=0, engine=self.name, suggestion=prepared.suggestion, lang=prepared.analyzed.lang)
        results.facets = {facet: {} for facet in FACETS}
        if not prepared.is_browse and not prepared.groups:
            return results
        try:
            # The plain response body: wrapping every hit and bucket in elasticsearch.dsl's objects cost more
            # Python time than the rest of reading the answer.
            response = self.client.search(index=self.alias, body=self._query(prepared)).body
        except ELASTICSEARCH_ERRORS as error:
            raise SearchEngineError(f"Elasticsearch: {error.__class__.__name__}") from error
        results.count = response["hits"]["total"]["value"]
        for hit in response["hits"]["hits"]:
            results.results.append(self._result(hit["_source"], hit["_score"], prepared))
        aggregations = response["aggregations"]
        results.facets = {
            facet: {bucket["key"]: bucket["doc_count"] for bucket in aggregations[facet]["counts"]["buckets"]}
            for facet in FACETS
        }
        return results

    def _result(self, source, score, prepared):
        if score >= LANGUAGE_PRIORITY:
            score -= LANGUAGE_PRIORITY
        return SearchResult(
            id=int(source["id"]),
            external_id=source.get("external_id"),
            type=source["type"],
            title=source["title"],
            url=source["url"],
            locale=source["locale"],
            snippet=make_snippet(source, prepared),
            score=round(float(score), 4),
            publication_date=source.get("publication_date"),
        )

    def suggest(self, prefix, lang=None, limit=8):
        return self.vocabulary_engine.suggest(prefix, lang=lang, limit=limit)

    def indexed_versions(self):
        if not self._call(self._alias_targets):
            return {}
        versions = {}
        scan = helpers.scan(self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=["version"])
        try:
            for hit in scan:
                versions[int(hit["_id"])] = hit["_source"].get("version")
        except ELASTICSEARCH_ERRORS as error:
            raise SearchEngineError(f"Elasticsearch: {error.__class__.__name__}") from error
        return versions

    def health(self):
        try:
            cluster = self.client.cluster.health()
            targets = self._alias_targets()
            documents = self.client.count(index=self.alias)["count"] if targets else 0
        except ELASTICSEARCH_ERRORS as error:
            return {"ok": False, "engine": self.name, "error": error.__class__.__name__}
        return {
            "ok": cluster["status"] in ("green", "yellow"),
            "engine": self.name,
            "status": cluster["status"],
            "index": targets[0] if targets else None,
            "documents": documents,
        }

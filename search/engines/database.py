"""The database engine: BM25 in portable SQL over the pipeline's terms, on SQLite and PostgreSQL alike."""

import math
import threading
from itertools import islice

from django.db import DatabaseError, connections, transaction
from django.db.models import Max, Min

from search.models import SearchDocument, SearchFacetValue, SearchPosting, SearchWord
from search.text import Vocabulary, VocabularyWord, matching_key, tokenize

from .base import (
    BM25_B,
    BM25_K1,
    FACETS,
    LANGUAGE_PRIORITY,
    SearchEngine,
    SearchEngineError,
    SearchResult,
    SearchResults,
    make_snippet,
    prepare_query,
)

BATCH_SIZE = 500
_vocabularies = {}
_vocabulary_lock = threading.Lock()


def facet_values(document):
    """(facet, value) pairs of an index document; both engines facet and filter on exactly these."""
    values = [("type", document["type"]), ("lang", document["locale"])]
    values += [("theme", theme) for theme in document["themes"]]
    values += [("country", country) for country in document["countries"]]
    if document.get("year"):
        values.append(("year", str(document["year"])))
    return values


def idf(document_count, document_frequency):
    """Lucene's BM25 idf, so both engines weigh terms the same way."""
    return math.log(1 + (document_count - document_frequency + 0.5) / (document_frequency + 0.5))


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, using="default"):
        self.using = using

    # Writing

    def index_documents(self, documents):
        documents = list(documents)
        if not documents:
            return 0
        with transaction.atomic(using=self.using):
            self._delete([document["id"] for document in documents])
            self._insert(documents)
            new_words = {}
            for document in documents:
                for surface, key, term in document["words"]:
                    new_words.setdefault(key, SearchWord(key=key, term=term, surface=surface, documents=1))
            SearchWord.objects.using(self.using).bulk_create(
                new_words.values(), ignore_conflicts=True, batch_size=BATCH_SIZE
            )
        return len(documents)

    def delete_documents(self, page_ids):
        with transaction.atomic(using=self.using):
            return self._delete(list(page_ids))

    def _delete(self, page_ids):
        deleted = 0
        for batch in batched(page_ids, BATCH_SIZE):
            SearchPosting.objects.using(self.using).filter(document_id__in=batch).delete()
            SearchFacetValue.objects.using(self.using).filter(document_id__in=batch).delete()
            deleted += SearchDocument.objects.using(self.using).filter(page_id__in=batch)._raw_delete(self.using)
        return deleted

    def _insert(self, documents):
        rows, postings, facets = [], [], []
        for document in documents:
            rows.append(
                SearchDocument(
                    page_id=document["id"],
                    external_id=document["external_id"],
                    content_type=document["type"],
                    locale=document["locale"],
                    title=document["title"][:255],
                    url=document["url"][:500],
                    summary=document["summary"],
                    body=document["body"],
                    publication_date=document["publication_date"],
                    length=len(document["terms"]),
                    version=document["version"],
                )
            )
            frequencies = {}
            for term in document["terms"]:
                frequencies[term] = frequencies.get(term, 0) + 1
            postings += [
                SearchPosting(document_id=document["id"], term=term, frequency=frequency)
                for term, frequency in frequencies.items()
            ]
            facets += [
                SearchFacetValue(document_id=document["id"], facet=facet, value=str(value)[:100])
                for facet, value in set(facet_values(document))
            ]
        manager = SearchDocument.objects.using(self.using)
        manager.bulk_create(rows, batch_size=BATCH_SIZE)
        SearchPosting.objects.using(self.using).bulk_create(postings, batch_size=5000)
        SearchFacetValue.objects.using(self.using).bulk_create(facets, batch_size=5000)

    def rebuild(self, documents, total=None):
        count = 0
        words = {}
        with transaction.atomic(using=self.using):
            SearchPosting.objects.using(self.using).all()._raw_delete(self.using)
            SearchFacetValue.objects.using(self.using).all()._raw_delete(self.using)
            SearchDocument.objects.using(self.using).all()._raw_delete(self.using)
            SearchWord.objects.using(self.using).all()._raw_delete(self.using)
            for batch in batched(documents, BATCH_SIZE):
                self._insert(batch)
                count += len(batch)
                for document in batch:
                    for surface, key, term in document["words"]:
                        word = words.get(key)
                        if word is None:
                            words[key] = SearchWord(key=key, term=term, surface=surface, documents=1)
                        else:
                            word.documents += 1
            SearchWord.objects.using(self.using).bulk_create(words.values(), batch_size=5000)
        return {"engine": self.name, "documents": count, "words": len(words)}

    # Reading

    def vocabulary(self):
        """The vocabulary, cached per process and refreshed from new SearchWord rows (rebuild: reloaded)."""
        bounds = SearchWord.objects.using(self.using).aggregate(low=Min("id"), high=Max("id"))
        with _vocabulary_lock:
            cached = _vocabularies.get(self.using)
            if cached is None or cached[1] != bounds["low"] or (bounds["high"] or 0) < cached[2]:
                cached = (Vocabulary(), bounds["low"], 0)
            vocabulary, low, loaded_up_to = cached
            if (bounds["high"] or 0) > loaded_up_to:
                rows = SearchWord.objects.using(self.using).filter(id__gt=loaded_up_to).order_by("id")
                for key, term, surface, documents in rows.values_list("key", "term", "surface", "documents"):
                    vocabulary.add(VocabularyWord(key, term, surface, documents))
                loaded_up_to = bounds["high"]
            _vocabularies[self.using] = (vocabulary, low, loaded_up_to)
            return vocabulary

    def search(self, query):
        try:
            return self._search(query)
        except DatabaseError as error:
            raise SearchEngineError(f"database search failed: {error.__class__.__name__}") from error

    def _search(self, query):
        prepared = prepare_query(query, self.vocabulary())
        results = SearchResults(count=0, engine=self.name, suggestion=prepared.suggestion, lang=prepared.analyzed.lang)
        if query.q.strip() and not prepared.required_words:
            return results
        with connections[self.using].cursor() as cursor:
            matched_sql, matched_params = self._matched_sql(prepared, cursor)
            cursor.execute(
                f"WITH {matched_sql} "
                "SELECT s.page_id, s.score, COUNT(*) OVER () FROM scored s "
                "ORDER BY s.score DESC, s.page_id LIMIT %s OFFSET %s",
                [*matched_params, query.page_size, query.offset],
            )
            rows = cursor.fetchall()
            cursor.execute(
                f"WITH {matched_sql} "
                "SELECT f.facet, f.value, COUNT(*) FROM search_facet_value f JOIN scored s ON s.page_id = f.page_id "
                "GROUP BY f.facet, f.value",
                matched_params,
            )
            for facet, value, count in cursor.fetchall():
                results.facets.setdefault(facet, {})[value] = count
        if not rows and query.offset:
            results.count = self._count(prepared)
        else:
            results.count = rows[0][2] if rows else 0
        stored = SearchDocument.objects.using(self.using).in_bulk([row[0] for row in rows])
        for page_id, score, _total in rows:
            document = stored[page_id]
            results.results.append(self._result(document, score, prepared))
        results.facets = {name: results.facets.get(name, {}) for name in FACETS}
        return results

    def _count(self, prepared):
        with connections[self.using].cursor() as cursor:
            matched_sql, matched_params = self._matched_sql(prepared, cursor)
            cursor.execute(f"WITH {matched_sql} SELECT COUNT(*) FROM scored", matched_params)
            return cursor.fetchone()[0]

    def _filters_sql(self, query):
        clauses, params = [], []
        for facet, value in query.filters.items():
            clauses.append(
                "EXISTS (SELECT 1 FROM search_facet_value f "
                "WHERE f.page_id = d.page_id AND f.facet = %s AND f.value = %s)"
            )
            params += [facet, value]
        return clauses, params

    def _matched_sql(self, prepared, cursor):
        """A `scored(page_id, score)` CTE: the matching documents with their BM25 (+ language priority)."""
        query = prepared.query
        filters, filter_params = self._filters_sql(query)
        language = prepared.analyzed.lang or ""
        if not prepared.required_words:
            where = f"WHERE {' AND '.join(filters)}" if filters else ""
            return (
                "scored AS (SELECT d.page_id, CASE WHEN d.locale = %s THEN "
                f"{LANGUAGE_PRIORITY} ELSE 0 END AS score FROM search_document d {where})",
                [language, *filter_params],
            )
        weighted = []
        for group, word in enumerate(prepared.required_words):
            weighted += [(term, group, weight) for term, weight in word.terms.items()]
        terms = sorted({term for term, _group, _weight in weighted})
        placeholders = ", ".join(["%s"] * len(terms))
        cursor.execute(f"SELECT term, COUNT(*) FROM search_posting WHERE term IN ({placeholders}) GROUP BY term", terms)
        frequencies = dict(cursor.fetchall())
        cursor.execute("SELECT COUNT(*), AVG(length) FROM search_document")
        document_count, average_length = cursor.fetchone()
        average_length = float(average_length or 1)
        values, params = [], []
        for term, group, weight in weighted:
            if term in frequencies:
                values.append("(%s, %s, CAST(%s AS DOUBLE PRECISION))")
                params += [term, group, weight * idf(document_count, frequencies[term])]
        if not values:
            values, params = ["(%s, %s, CAST(%s AS DOUBLE PRECISION))"], ["", 0, 0.0]
        where = f"AND {' AND '.join(filters)}" if filters else ""
        sql = (
            f"q(term, grp, weight) AS (VALUES {', '.join(values)}), "
            "matches AS (SELECT p.page_id, q.grp, MAX(q.weight * p.frequency * %s "
            "/ (p.frequency + %s * (1 - %s + %s * d.length / CAST(%s AS DOUBLE PRECISION)))) AS score "
            "FROM q JOIN search_posting p ON p.term = q.term JOIN search_document d ON d.page_id = p.page_id "
            f"WHERE 1 = 1 {where} GROUP BY p.page_id, q.grp), "
            "scored AS (SELECT m.page_id, SUM(m.score) + MAX(CASE WHEN d.locale = %s THEN "
            f"{LANGUAGE_PRIORITY} ELSE 0 END) AS score "
            "FROM matches m JOIN search_document d ON d.page_id = m.page_id "
            "GROUP BY m.page_id HAVING COUNT(*) >= %s)"
        )
        params += [BM25_K1 + 1, BM25_K1, BM25_B, BM25_B, average_length, *filter_params]
        params += [language, prepared.minimum_should_match]
        return sql, params

    def _result(self, document, score, prepared):
        stored = {"summary": document.summary, "body": document.body, "locale": document.locale}
        score = float(score)
        if score >= LANGUAGE_PRIORITY:
            score -= LANGUAGE_PRIORITY
        return SearchResult(
            id=document.page_id,
            external_id=document.external_id,
            type=document.content_type,
            title=document.title,
            url=document.url,
            locale=document.locale,
            snippet=make_snippet(stored, prepared),
            score=round(float(score), 4),
            publication_date=document.publication_date.isoformat() if document.publication_date else None,
        )

    def suggest(self, prefix, lang=None, limit=8):
        words = tokenize(prefix or "")
        if not words:
            return []
        key_prefix = matching_key(words[-1])
        if len(key_prefix) < 2:
            return []
        head = " ".join(words[:-1])
        completions = self.vocabulary().completions(key_prefix, limit)
        return [f"{head} {completion}".strip() for completion in completions]

    def indexed_versions(self):
        return dict(SearchDocument.objects.using(self.using).values_list("page_id", "version"))

    def health(self):
        try:
            documents = SearchDocument.objects.using(self.using).count()
        except DatabaseError as error:
            return {"ok": False, "engine": self.name, "error": error.__class__.__name__}
        return {"ok": True, "engine": self.name, "documents": documents}

"""The database engine: BM25 in portable SQL over the pipeline's terms, on SQLite and PostgreSQL alike."""

import re
import threading
import time
from collections import Counter
from itertools import islice

from django.db import DatabaseError, connections, transaction
from django.db.models import Max

from search.models import SearchDocument, SearchFacetValue, SearchPosting, SearchTerm, SearchWord
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
# Document count and average length move slowly; reading them once a minute is precise enough for BM25.
STATISTICS_MAX_AGE = 60.0
# How often a process looks for vocabulary rows other processes added (its own writes show at once).
VOCABULARY_CHECK_INTERVAL = 1.0
_caches = {}
_INDEX_HEAD = re.compile(r"^(?P<create>CREATE (?:UNIQUE )?INDEX )\S+ ON (?:ONLY )?\S+ USING")
_cache_lock = threading.Lock()

DOCUMENT_COLUMNS = (
    "page_id",
    "external_id",
    "content_type",
    "locale",
    "title",
    "url",
    "excerpt",
    "excerpt_terms",
    "publication_date",
    "length",
    "version",
    "indexed_at",
)
# What a result shows, read for the hits of one page of results only.
RESULT_COLUMNS = tuple(column for column in DOCUMENT_COLUMNS if column not in ("length", "version", "indexed_at"))
POSTING_COLUMNS = ("page_id", "term", "frequency", "length", "locale")
FACET_COLUMNS = ("page_id", "facet", "value")


def facet_values(document):
    """(facet, value) pairs of an index document; both engines facet and filter on exactly these."""
    values = {("type", document["type"]), ("lang", document["locale"])}
    values |= {("theme", theme[:100]) for theme in document["themes"]}
    values |= {("country", country[:100]) for country in document["countries"]}
    if document.get("year"):
        values.add(("year", str(document["year"])))
    return sorted(values)


def term_frequencies(document):
    return Counter(document["terms"])


# Every table of the index, referenced tables after the tables referencing them.
INDEX_TABLES = ("search_posting", "search_facet_value", "search_document", "search_term", "search_word")


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class _IndexCache:
    """Per process and database: the vocabulary, grown from new rows, and the collection statistics."""

    def __init__(self):
        self.vocabulary = Vocabulary()
        self.words_loaded_up_to = 0
        self.terms_loaded_up_to = 0
        self.checked_at = 0.0
        self.statistics = None
        self.statistics_read_at = 0.0


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, using="default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    # Writing

    def index_documents(self, documents):
        documents = list({document["id"]: document for document in documents}.values())
        if not documents:
            return 0
        with transaction.atomic(using=self.using):
            self._delete([document["id"] for document in documents])
            self._insert(documents)
            self._count_terms(Counter(term for document in documents for term in term_frequencies(document)))
            self._add_words(documents)
        self._written()
        return len(documents)

    def delete_documents(self, page_ids):
        with transaction.atomic(using=self.using):
            deleted = self._delete(list(page_ids))
        self._written()
        return deleted

    def _delete(self, page_ids):
        """Remove documents and take their terms out of the document frequencies."""
        deleted = 0
        for batch in batched(page_ids, BATCH_SIZE):
            postings = SearchPosting.objects.using(self.using).filter(document_id__in=batch)
            removed_terms = Counter(postings.values_list("term", flat=True))
            postings._raw_delete(self.using)
            SearchFacetValue.objects.using(self.using).filter(document_id__in=batch)._raw_delete(self.using)
            deleted += SearchDocument.objects.using(self.using).filter(page_id__in=batch)._raw_delete(self.using)
            self._count_terms(Counter({term: -count for term, count in removed_terms.items()}))
        return deleted

    def _count_terms(self, changes):
        """Add `changes` ({term: +n or -n}) to the document frequencies (portable upsert)."""
        rows = [(term, change) for term, change in changes.items() if change]
        with self.connection.cursor() as cursor:
            for batch in batched(rows, BATCH_SIZE):
                cursor.executemany(
                    "INSERT INTO search_term (term, documents) VALUES (%s, %s) "
                    "ON CONFLICT (term) DO UPDATE SET documents = search_term.documents + excluded.documents",
                    batch,
                )

    def _add_words(self, documents):
        words = {}
        for document in documents:
            locale = document["locale"]
            for surface, key, term in document["words"]:
                words.setdefault(
                    (key, locale), SearchWord(key=key, locale=locale, term=term, surface=surface, documents=1)
                )
        SearchWord.objects.using(self.using).bulk_create(words.values(), ignore_conflicts=True, batch_size=BATCH_SIZE)

    def _copy_rows(self, table, columns, rows):
        """Bulk insert: COPY on PostgreSQL (fast enough for a 20,000-page rebuild), executemany elsewhere."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
                for batch in batched(rows, 5000):
                    cursor.executemany(sql, batch)

    def _insert(self, documents, table=str):
        now = time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime())
        self._copy_rows(
            table("search_document"),
            DOCUMENT_COLUMNS,
            (
                (
                    document["id"],
                    document["external_id"],
                    document["type"],
                    document["locale"],
                    document["title"][:255],
                    document["url"][:500],
                    document["excerpt"],
                    document["excerpt_terms"],
                    document["publication_date"],
                    len(document["terms"]),
                    document["version"][:100],
                    now,
                )
                for document in documents
            ),
        )
        self._copy_rows(
            table("search_posting"),
            POSTING_COLUMNS,
            (
                (document["id"], term, frequency, len(document["terms"]), document["locale"])
                for document in documents
                for term, frequency in term_frequencies(document).items()
            ),
        )
        self._copy_rows(
            table("search_facet_value"),
            FACET_COLUMNS,
            ((document["id"], facet, value) for document in documents for facet, value in facet_values(document)),
        )

    def rebuild(self, documents, total=None):
        """Replace every index table in one transaction: searches see the old index until it commits.

        On PostgreSQL the rows are copied into fresh tables without indexes or constraints, which are built once
        afterwards (a sort, instead of maintaining five indexes row by row), then the tables are swapped in by
        name at the end of the transaction; a failed rebuild rolls back and leaves the old index as it was.
        """
        count = 0
        words = {}
        terms = Counter()
        fresh_tables = self.connection.vendor == "postgresql"
        with transaction.atomic(using=self.using):
            if fresh_tables:
                shadows = _ShadowTables(self.connection, INDEX_TABLES)
                table = shadows.name
            else:
                for model in (SearchPosting, SearchFacetValue, SearchDocument, SearchTerm, SearchWord):
                    model.objects.using(self.using).all()._raw_delete(self.using)
                table = str
            for batch in batched(documents, BATCH_SIZE):
                self._insert(batch, table)
                count += len(batch)
                for document in batch:
                    terms.update(set(document["terms"]))
                    for surface, key, term in document["words"]:
                        word = words.get((key, document["locale"]))
                        if word is None:
                            words[(key, document["locale"])] = [term, surface, 1]
                        else:
                            word[2] += 1
            self._copy_rows(table("search_term"), ("term", "documents"), terms.items())
            self._copy_rows(
                table("search_word"),
                ("key", "locale", "term", "surface", "documents"),
                (
                    (key, locale, term, surface, documents)
                    for (key, locale), (term, surface, documents) in words.items()
                ),
            )
            if fresh_tables:
                shadows.swap_in()
        self._vacuum()
        self._written()
        return {"engine": self.name, "documents": count, "terms": len(terms), "words": len(words)}

    def _vacuum(self):
        """After a rebuild, let PostgreSQL answer from the indexes alone (visibility map) with fresh statistics."""
        if self.connection.vendor != "postgresql" or self.connection.in_atomic_block:
            return
        with self.connection.cursor() as cursor:
            for table in INDEX_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")

    # Reading

    def _cache(self):
        with _cache_lock:
            return _caches.setdefault(self.using, _IndexCache())

    def _written(self):
        """This process changed the index: read new vocabulary rows on the next query."""
        self._cache().checked_at = 0.0

    def vocabulary(self):
        """The vocabulary, cached per process; new words and terms are read incrementally, a rebuild reloads."""
        cache = self._cache()
        if time.monotonic() - cache.checked_at < VOCABULARY_CHECK_INTERVAL:
            return cache.vocabulary
        words_high = SearchWord.objects.using(self.using).aggregate(high=Max("id"))["high"] or 0
        terms_high = SearchTerm.objects.using(self.using).aggregate(high=Max("id"))["high"] or 0
        with _cache_lock:
            if words_high < cache.words_loaded_up_to or terms_high < cache.terms_loaded_up_to:
                cache.__init__()
            words = SearchWord.objects.using(self.using).filter(id__gt=cache.words_loaded_up_to, id__lte=words_high)
            terms = SearchTerm.objects.using(self.using).filter(id__gt=cache.terms_loaded_up_to, id__lte=terms_high)
            if words_high > cache.words_loaded_up_to or terms_high > cache.terms_loaded_up_to:
                cache.vocabulary.update(
                    map(VocabularyWord._make, words.values_list("key", "term", "surface", "documents", "locale")),
                    terms.values_list("term", flat=True),
                )
                cache.words_loaded_up_to, cache.terms_loaded_up_to = words_high, terms_high
            cache.checked_at = time.monotonic()
            return cache.vocabulary

    def document_count(self):
        return self._statistics()[0]

    def average_length(self):
        return self._statistics()[1]

    def _statistics(self):
        cache = self._cache()
        if cache.statistics is None or time.monotonic() - cache.statistics_read_at > STATISTICS_MAX_AGE:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*), AVG(length) FROM search_document")
                count, average = cursor.fetchone()
            cache.statistics = (count or 0, float(average or 1.0))
            cache.statistics_read_at = time.monotonic()
        return cache.statistics

    def frequencies(self, terms):
        """{term: number of documents containing it} for the given terms (absent: none)."""
        terms = sorted(terms)
        found = {}
        # Plain SQL: on the query path, building this through the ORM cost more CPU than running it.
        with self.connection.cursor() as cursor:
            for batch in batched(terms, BATCH_SIZE):
                placeholders = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"SELECT term, documents FROM search_term WHERE term IN ({placeholders}) AND documents > 0", batch
                )
                found.update(cursor.fetchall())
        return found

    def search(self, query):
        try:
            return self._search(query)
        except DatabaseError as error:
            raise SearchEngineError(f"database search failed: {error.__class__.__name__}") from error

    def _search(self, query):
        return self.answer(prepare_query(query, self.vocabulary(), self))

    def _answer(self, prepared):
        query = prepared.query
        results = SearchResults(count=0, engine=self.name, suggestion=prepared.suggestion, lang=prepared.analyzed.lang)
        results.facets = {name: {} for name in FACETS}
        if not prepared.is_browse and not prepared.groups:
            return results
        matched_sql, params = self._matched_sql(prepared)
        filters = query.filters
        filtered, filter_params = self._filters_sql(filters, "m.page_id")
        # Disjunctive facets: a filtered facet is counted with every other filter but not its own.
        own_facets = ", ".join(["%s"] * len(filters))
        unfiltered_facets = f" WHERE f.facet NOT IN ({own_facets})" if filters else ""
        selected_facet_counts, selected_params = [], []
        for facet in filters:
            others, other_params = self._filters_sql({n: v for n, v in filters.items() if n != facet}, "m.page_id")
            selected_facet_counts.append(
                "UNION ALL SELECT 'facet', NULL, COUNT(*), f.facet, f.value FROM search_facet_value f "
                f"JOIN matched m ON m.page_id = f.page_id WHERE f.facet = %s{others} GROUP BY f.facet, f.value "
            )
            selected_params += [facet, *other_params]
        hits = []
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"WITH {matched_sql}, "
                f"scored AS (SELECT m.page_id, m.score FROM matched m WHERE 1 = 1{filtered}), "
                "top_hits AS (SELECT page_id, score FROM scored ORDER BY score DESC, page_id LIMIT %s OFFSET %s), "
                "facet_counts AS (SELECT f.facet, f.value, COUNT(*) AS n FROM search_facet_value f "
                f"JOIN scored s ON s.page_id = f.page_id{unfiltered_facets} GROUP BY f.facet, f.value) "
                "SELECT 'hit', page_id, score, NULL, NULL FROM top_hits "
                "UNION ALL SELECT 'facet', NULL, n, facet, value FROM facet_counts "
                f"{''.join(selected_facet_counts)}"
                "UNION ALL SELECT 'count', NULL, COUNT(*), NULL, NULL FROM scored",
                [*params, *filter_params, query.page_size, query.offset, *filters, *selected_params],
            )
            for kind, page_id, number, facet, value in cursor.fetchall():
                if kind == "hit":
                    hits.append((page_id, float(number)))
                elif kind == "facet" and facet in results.facets:
                    results.facets[facet][value] = int(number)
                elif kind == "count":
                    results.count = int(number)
        hits.sort(key=lambda hit: (-hit[1], hit[0]))
        rows = SearchDocument.objects.using(self.using).filter(page_id__in=[page_id for page_id, _score in hits])
        stored = {row["page_id"]: row for row in rows.values(*RESULT_COLUMNS)}
        results.results = [self._result(stored[page_id], score, prepared) for page_id, score in hits]
        return results

    def _filters_sql(self, filters, page_id_column):
        clauses, params = [], []
        for facet, value in filters.items():
            clauses.append(
                "EXISTS (SELECT 1 FROM search_facet_value ff "
                f"WHERE ff.page_id = {page_id_column} AND ff.facet = %s AND ff.value = %s)"
            )
            params += [facet, value]
        return "".join(f" AND {clause}" for clause in clauses), params

    def _matched_sql(self, prepared):
        """`matched(page_id, score)`: documents matching the words, whatever the filters, BM25 plus the priority
        of the query's language."""
        language = prepared.analyzed.lang or ""
        if prepared.is_browse:
            return (
                f"matched AS (SELECT f.page_id, CASE WHEN f.value = %s THEN {LANGUAGE_PRIORITY} ELSE 0 END AS score "
                "FROM search_facet_value f WHERE f.facet = 'lang')",
                [language],
            )
        values, params, terms = [], [], set()
        for group_number, group in enumerate(prepared.groups):
            for term, weight in group.weights.items():
                values.append("(%s, %s, CAST(%s AS DOUBLE PRECISION))")
                params += [term, group_number, weight]
                terms.add(term)
        term_list = ", ".join(["%s"] * len(terms))
        sql = (
            f"q(term, grp, weight) AS (VALUES {', '.join(values)}), "
            "matches AS (SELECT p.page_id, q.grp, MAX(q.weight * p.frequency * %s "
            "/ (p.frequency + %s * (1 - %s + %s * p.length / CAST(%s AS DOUBLE PRECISION)))) AS score, "
            "MAX(CASE WHEN p.locale = %s THEN 1 ELSE 0 END) AS preferred "
            f"FROM search_posting p JOIN q ON q.term = p.term WHERE p.term IN ({term_list}) "
            "GROUP BY p.page_id, q.grp), "
            f"matched AS (SELECT page_id, SUM(score) + MAX(preferred) * {LANGUAGE_PRIORITY} AS score "
            "FROM matches GROUP BY page_id HAVING COUNT(*) >= %s)"
        )
        params += [BM25_K1 + 1, BM25_K1, BM25_B, BM25_B, self.average_length(), language, *sorted(terms)]
        params.append(prepared.minimum_should_match)
        return sql, params

    def _result(self, document, score, prepared):
        if score >= LANGUAGE_PRIORITY:
            score -= LANGUAGE_PRIORITY
        return SearchResult(
            id=document["page_id"],
            external_id=document["external_id"],
            type=document["content_type"],
            title=document["title"],
            url=document["url"],
            locale=document["locale"],
            snippet=make_snippet(document, prepared),
            score=round(score, 4),
            publication_date=document["publication_date"].isoformat() if document["publication_date"] else None,
        )

    def suggest(self, prefix, lang=None, limit=8):
        words = tokenize(prefix or "")
        if not words:
            return []
        key_prefix = matching_key(words[-1])
        if len(key_prefix) < 2:
            return []
        head = " ".join(words[:-1])
        completions = self.vocabulary().completions(key_prefix, limit, locale=lang)
        return [f"{head} {completion}".strip() for completion in completions]

    def indexed_versions(self):
        return dict(SearchDocument.objects.using(self.using).values_list("page_id", "version"))

    def health(self):
        try:
            documents = SearchDocument.objects.using(self.using).count()
        except DatabaseError as error:
            return {"ok": False, "engine": self.name, "error": error.__class__.__name__}
        return {"ok": True, "engine": self.name, "documents": documents}


class _ShadowTables:
    """PostgreSQL: empty copies of index tables (columns, defaults, checks; no indexes, keys or foreign keys),
    filled by a rebuild, then given the indexes and constraints of the originals and renamed over them.

    Hand-written because Django's schema editor builds tables from models, not beside a live table under
    another name; reading the definitions from the catalog keeps the names migrations know.
    """

    SUFFIX = "_rebuild"

    def __init__(self, connection, tables):
        self.connection = connection
        self.tables = tables
        self.constraints = []
        self.indexes = []
        self.sequences = []
        with connection.cursor() as cursor:
            for table in tables:
                shadow = self.name(table)
                cursor.execute(f"DROP TABLE IF EXISTS {shadow}")
                cursor.execute(
                    f"CREATE TABLE {shadow} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY "
                    "INCLUDING CONSTRAINTS INCLUDING STORAGE)"
                )
                cursor.execute(
                    "SELECT conname, contype, pg_get_constraintdef(oid), confrelid::regclass::text "
                    "FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')",
                    [table],
                )
                constraints = cursor.fetchall()
                self.constraints += [(table, *constraint) for constraint in constraints]
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
                    [table],
                )
                backing = {name for name, *_rest in constraints}
                self.indexes += [
                    (table, name, definition) for name, definition in cursor.fetchall() if name not in backing
                ]
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, 'id') FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = %s AND column_name = 'id'",
                    [table, table],
                )
                sequence = cursor.fetchone()
                if sequence and sequence[0]:
                    # Ids go on growing across rebuilds, as they did before: other processes read new vocabulary
                    # rows by id (DatabaseEngine.vocabulary).
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(%s))", [shadow, sequence[0]]
                    )
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [shadow])
                    self.sequences.append((cursor.fetchone()[0], sequence[0].split(".")[-1]))

    def name(self, table):
        return f"{table}{self.SUFFIX}"

    def swap_in(self):
        """Build the indexes and constraints on the full shadow tables, then drop the originals and rename the
        shadows over them: searches wait only for the drop and renames, at the very end of the transaction."""
        renames = []
        with self.connection.cursor() as cursor:
            ordered = sorted(self.constraints, key=lambda constraint: constraint[2] == "f")
            for number, (table, name, kind, definition, referenced) in enumerate(ordered):
                temporary = f"search_rebuild_constraint_{number}"
                if kind == "f":
                    shadow_definition = definition.replace(
                        f"REFERENCES {referenced}(", f"REFERENCES {self.name(referenced)}("
                    )
                    if shadow_definition == definition:
                        raise DatabaseError(f"cannot point {name} at the rebuilt {referenced}")
                    definition = shadow_definition
                cursor.execute(f"ALTER TABLE {self.name(table)} ADD CONSTRAINT {temporary} {definition}")
                renames.append(f"ALTER TABLE {table} RENAME CONSTRAINT {temporary} TO {name}")
            for number, (table, name, definition) in enumerate(self.indexes):
                temporary = f"search_rebuild_index_{number}"
                shadow_definition, replaced = _INDEX_HEAD.subn(
                    rf"\g<create>{temporary} ON {self.name(table)} USING", definition, count=1
                )
                if not replaced:
                    raise DatabaseError(f"cannot read the definition of index {name}")
                cursor.execute(shadow_definition)
                renames.append(f"ALTER INDEX {temporary} RENAME TO {name}")
            foreign_keys = [name for _table, name, kind, *_rest in self.constraints if kind == "f"]
            if foreign_keys:
                # Inside a caller's transaction that wrote to the old tables, their deferred checks must run before
                # the tables can go.
                cursor.execute(f"SET CONSTRAINTS {', '.join(foreign_keys)} IMMEDIATE")
            cursor.execute(f"DROP TABLE {', '.join(self.tables)}")
            for table in self.tables:
                cursor.execute(f"ALTER TABLE {self.name(table)} RENAME TO {table}")
            for rename in renames:
                cursor.execute(rename)
            for shadow_sequence, original_name in self.sequences:
                cursor.execute(f"ALTER SEQUENCE {shadow_sequence} RENAME TO {original_name}")

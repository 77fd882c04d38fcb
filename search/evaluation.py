"""Relevance evaluation: load an interchange corpus into a throwaway index, run the queries, score them.

The throwaway index never touches real content: the database engine gets its own temporary database
(SQLite) or schema (PostgreSQL), Elasticsearch its own alias and index, all dropped afterwards.
"""

import contextlib
import json
import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from wagtail.rich_text import get_text_for_indexing

from .documents import build_document
from .engines import SearchQuery
from .engines.database import DatabaseEngine
from .models import SearchDocument, SearchFacetValue, SearchPosting, SearchTerm, SearchWord

CUTOFF = 10
INDEX_MODELS = (SearchDocument, SearchPosting, SearchFacetValue, SearchTerm, SearchWord)
REQUIRED_DOCUMENT_FIELDS = ("id", "type", "locale", "title")
REQUIRED_QUERY_FIELDS = ("id", "q", "relevant")


class EvaluationInputError(ValueError):
    """A corpus or query file line that cannot be used; the message names the file and line."""


def read_jsonl(path, required):
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvaluationInputError(f"{path}:{number}: invalid JSON ({error.msg})") from error
        missing = [name for name in required if not record.get(name)]
        if not isinstance(record, dict) or missing:
            raise EvaluationInputError(f"{path}:{number}: missing {', '.join(missing) or 'an object'}")
        records.append(record)
    return records


def corpus_documents(records):
    """Index documents straight from interchange records, through the same `build_document` as pages."""
    for number, record in enumerate(records, start=1):
        keywords = [record.get(name) for name in ("city", "institution", "short_name", "parent_institution")]
        yield build_document(
            page_id=number,
            external_id=record["id"],
            doc_type=record["type"],
            locale=record["locale"],
            title=record["title"],
            url=f"/{record['locale']}/evaluation/{record['id']}/",
            summary=record.get("summary", ""),
            body=get_text_for_indexing(record.get("body", "")),
            keywords=[keyword for keyword in keywords if isinstance(keyword, str)],
            themes=record.get("themes", []),
            countries=[record["country"]] if record.get("country") else [],
            publication_date=record.get("published"),
            version="evaluation",
        )


@contextlib.contextmanager
def isolated_database(sqlite=False):
    """A database alias with empty search tables of its own: a temporary SQLite file (the site's database
    is SQLite, or `sqlite` is asked for) or a temporary schema in the site's PostgreSQL database."""
    alias = f"search_evaluation_{uuid.uuid4().hex[:10]}"
    config = dict(connections.settings["default"])
    config["TEST"] = dict(config.get("TEST") or {})
    if sqlite:
        config.update(ENGINE="django.db.backends.sqlite3", OPTIONS={}, HOST="", PORT="", USER="", PASSWORD="")
    with contextlib.ExitStack() as cleanup:
        if config["ENGINE"].endswith("sqlite3"):
            directory = cleanup.enter_context(tempfile.TemporaryDirectory())
            config["NAME"] = str(Path(directory) / "evaluation.sqlite3")
        else:
            config["OPTIONS"] = {**config.get("OPTIONS", {}), "options": f"-c search_path={alias}"}
        # Registered as a connection only, not in settings.DATABASES: a private, dynamically created alias.
        connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
        try:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"CREATE SCHEMA {alias}")
            with connection.schema_editor() as editor:
                for model in INDEX_MODELS:
                    editor.create_model(model)
            yield alias
        finally:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP SCHEMA IF EXISTS {alias} CASCADE")
            connection.close()
            del connections[alias]


@dataclass
class QueryOutcome:
    query_id: str
    category: str
    q: str
    rank: int | None  # rank of the first relevant document in the top CUTOFF, 1-based
    recall: float
    top: list = field(default_factory=list)

    @property
    def reciprocal_rank(self):
        return 1 / self.rank if self.rank else 0.0


def score_query(record, result_ids):
    relevant = set(record["relevant"])
    top = result_ids[:CUTOFF]
    rank = next((position for position, doc_id in enumerate(top, start=1) if doc_id in relevant), None)
    recall = len(relevant & set(top)) / len(relevant)
    return QueryOutcome(record["id"], record.get("category", "all"), record["q"], rank, recall, top)


def summarise(outcomes):
    """{category: {"queries": n, "mrr": x, "recall": y}} plus "overall"."""
    by_category = defaultdict(list)
    for outcome in outcomes:
        by_category[outcome.category].append(outcome)
    by_category["overall"] = list(outcomes)
    return {
        category: {
            "queries": len(items),
            "mrr": sum(item.reciprocal_rank for item in items) / len(items) if items else 0.0,
            "recall": sum(item.recall for item in items) / len(items) if items else 0.0,
        }
        for category, items in sorted(by_category.items(), key=lambda item: (item[0] == "overall", item[0]))
    }


def evaluate(corpus_path, queries_path, engine_name="database", progress=None, sqlite=False):
    """Load the corpus into a fresh index of `engine_name`, run every query; returns (summary, outcomes)."""
    records = read_jsonl(corpus_path, REQUIRED_DOCUMENT_FIELDS)
    queries = read_jsonl(queries_path, REQUIRED_QUERY_FIELDS)
    documents = list(corpus_documents(records))
    with isolated_database(sqlite=sqlite) as alias:
        database = DatabaseEngine(using=alias)
        loading = progress(documents, desc="Indexing", unit="doc") if progress else documents
        database.rebuild(loading, total=len(documents))
        engine = database
        if engine_name == "elasticsearch":
            from .engines.elastic import ElasticsearchEngine

            prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_evaluation_{alias[-10:]}"
            engine = ElasticsearchEngine(prefix=prefix, vocabulary_engine=database)
        try:
            if engine is not database:
                engine.rebuild(documents, total=len(documents))
            outcomes = []
            for record in queries:
                results = engine.search(SearchQuery(q=record["q"], page_size=CUTOFF))
                outcomes.append(score_query(record, [result.external_id for result in results.results]))
        finally:
            if engine is not database:
                engine.drop()
    return summarise(outcomes), outcomes

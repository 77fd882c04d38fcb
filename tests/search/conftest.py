"""Search fixtures. Core: engines on real services (the database engine on the test database, Elasticsearch on a
throwaway alias). Plumbing: an engine per test as the configured backend, and helpers that publish real pages
through Wagtail, so every change goes through the signals and the queue."""

import socket
import uuid
from pathlib import Path

import pytest

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from search.engines import database as database_engine
from search.engines import get_engine
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine
from search.evaluation import corpus_documents, isolated_database, read_jsonl
from search.queue import reindex_pending, reset_breaker

RELEVANCE_DIR = Path(__file__).parent / "relevance"


@pytest.fixture(autouse=True)
def _fresh_vocabulary_cache():
    """Each test's rolled-back index starts with an empty per-process vocabulary."""
    database_engine._caches.clear()
    yield
    database_engine._caches.clear()


class Index:
    """What the site does when it indexes: the database index always, Elasticsearch when it is the engine."""

    def __init__(self, engine, database):
        self.engine = engine
        self.database = database

    def add(self, documents):
        documents = list(documents)
        self.database.index_documents(documents)
        if self.engine is not self.database:
            self.engine.index_documents(documents)
        self.engine.refresh()

    def delete(self, page_ids):
        self.database.delete_documents(page_ids)
        if self.engine is not self.database:
            self.engine.delete_documents(page_ids)
        self.engine.refresh()


def make_engine(name):
    database = DatabaseEngine()
    if name == "database":
        return database, database
    return ElasticsearchEngine(prefix=f"test_search_{uuid.uuid4().hex[:8]}", vocabulary_engine=database), database


@pytest.fixture(params=["database", "database-sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def index(request, db):
    """The engine under test, empty: the database engine on PostgreSQL and on a throwaway SQLite database
    (the embedded default), and Elasticsearch on its own alias."""
    if request.param == "database-sqlite":
        with isolated_database(sqlite=True) as alias:
            database = DatabaseEngine(using=alias)
            yield Index(database, database)
        return
    engine, database = make_engine(request.param)
    yield Index(engine, database)
    if engine is not database:
        engine.drop()


@pytest.fixture
def held_out_documents():
    return list(corpus_documents(read_jsonl(RELEVANCE_DIR / "corpus.jsonl", ["id"])))


ENGINES = [
    pytest.param("database", id="database"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Circuit breakers and cached restrictions live in the cache; a rolled-back test must not leave them behind."""
    cache.clear()
    yield
    cache.clear()


def _use_engine(settings, name):
    settings.SEARCH_BACKEND = name
    if name == "elasticsearch":
        # Each test gets its own alias, so nothing another test indexed can show up in its counts or facets.
        settings.ELASTICSEARCH_INDEX_PREFIX = f"test_plumbing_{uuid.uuid4().hex[:10]}"
    reset_breaker(name)


def _drop_test_alias(url, prefix):
    ElasticsearchEngine(url=url, prefix=prefix).drop()


@pytest.fixture(params=ENGINES)
def engine_name(request, settings, db):
    """Runs the test once on the database engine and once on Elasticsearch (as the configured backend)."""
    _use_engine(settings, request.param)
    url, prefix = settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX
    yield request.param
    if request.param == "elasticsearch":
        _drop_test_alias(url, prefix)


@pytest.fixture
def elasticsearch_backend(settings, db):
    _use_engine(settings, "elasticsearch")
    url, prefix = settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX
    yield "elasticsearch"
    _drop_test_alias(url, prefix)


@pytest.fixture
def api(db):
    return Client()


@pytest.fixture
def drain():
    """Apply the queue now, then make Elasticsearch's latest writes visible to search."""

    def run():
        report = reindex_pending()
        assert not report.errors, report.errors
        if settings.SEARCH_BACKEND == "elasticsearch":
            engine = get_engine("elasticsearch")
            engine.ensure_index()
            engine.refresh()
        return report

    return run


@pytest.fixture
def unused_port():
    """A loopback port nothing listens on: connecting to it is refused at once, like a stopped server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

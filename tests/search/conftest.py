"""Engines on real services: the database engine on the test database, Elasticsearch on a throwaway alias."""

import uuid
from pathlib import Path

import pytest

from search.engines import database as database_engine
from search.engines.database import DatabaseEngine
from search.evaluation import corpus_documents, isolated_database, read_jsonl

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
    from search.engines.elastic import ElasticsearchEngine

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

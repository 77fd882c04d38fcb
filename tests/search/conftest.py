"""Fixtures for the search plumbing: an engine per test (database, or Elasticsearch on its own alias) and
helpers that publish real pages through Wagtail, so every change goes through the signals and the queue."""

import socket
import uuid

import pytest

from django.conf import settings
from django.test import Client

from search.engines import get_engine
from search.engines.elastic import ElasticsearchEngine
from search.queue import reindex_pending, reset_breaker

ENGINES = [
    pytest.param("database", id="database"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


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

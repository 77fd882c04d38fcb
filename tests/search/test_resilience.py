"""Elasticsearch down or hanging: publishing goes on, search answers from the database and says so, and
every queued change reaches Elasticsearch once it is back."""

import io
import json
import socket
import threading
import time

import pytest

from django.core.management import call_command

from search.engines import SearchQuery, get_engine
from search.models import IndexQueueEntry
from search.queue import breaker_open, reindex_pending
from tests.search.pages import publish_article

pytestmark = pytest.mark.elasticsearch


class SilentServer:
    """Accepts connections and never answers: an Elasticsearch that hangs. Counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.connections = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while self.running:
            try:
                self.connections.append(self.sock.accept()[0])
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join()
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def publish_with_after_commit_drain(capture, parent, title, **fields):
    started = time.monotonic()
    with capture(execute=True):
        page = publish_article(parent, title, **fields)
    return page, time.monotonic() - started


def test_publishing_while_elasticsearch_is_down_then_recovering(
    elasticsearch_backend, settings, practices_index, api, unused_port, django_capture_on_commit_callbacks
):
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"

    page, _elapsed = publish_with_after_commit_drain(
        django_capture_on_commit_callbacks, practices_index, "Library makerspace", body="3D printers for students."
    )
    later, _elapsed = publish_with_after_commit_drain(
        django_capture_on_commit_callbacks, practices_index, "Makerspace safety rules", body="Training first."
    )

    # Published, and queued for Elasticsearch; the database index (the fallback) is already up to date.
    assert page.live
    assert later.live
    assert set(IndexQueueEntry.objects.values_list("engine", flat=True)) == {"elasticsearch"}
    assert breaker_open("elasticsearch")

    response = api.get("/api/v1/search/", {"q": "makerspace"})
    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["engine"] == "database"
    assert "X-Search-Fallback" in response
    assert {result["id"] for result in data["results"]} == {page.pk, later.pk}
    html = api.get("/en/search/", {"q": "makerspace"}).content.decode()
    assert "backup search" in html

    later.unpublish()

    # Elasticsearch is back: the worker applies every queued change, in the final state.
    settings.ELASTICSEARCH_URL = real_url
    call_command("search_worker", "--once", stdout=io.StringIO())
    assert not IndexQueueEntry.objects.exists()
    engine = get_engine("elasticsearch")
    engine.refresh()
    assert [result.id for result in engine.search(SearchQuery(q="makerspace")).results] == [page.pk]
    assert not breaker_open("elasticsearch")
    data = json.loads(api.get("/api/v1/search/", {"q": "makerspace"}).content)
    assert data["engine"] == "elasticsearch"
    assert [result["id"] for result in data["results"]] == [page.pk]


def test_a_hanging_elasticsearch_costs_one_short_timeout_then_nothing(
    elasticsearch_backend, settings, practices_index, silent_server, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = silent_server.url
    settings.ELASTICSEARCH_TIMEOUT = 5.0
    settings.SEARCH_INLINE_TIMEOUT = 0.3

    _page, first = publish_with_after_commit_drain(django_capture_on_commit_callbacks, practices_index, "Workload")
    contacted = len(silent_server.connections)
    _page, second = publish_with_after_commit_drain(django_capture_on_commit_callbacks, practices_index, "Rotas")

    assert contacted >= 1
    # The first publish waited for the short after-commit timeout, not Elasticsearch's 5 s.
    assert first < settings.ELASTICSEARCH_TIMEOUT
    # The breaker is open: the second publish did not even try.
    assert len(silent_server.connections) == contacted
    assert second < first
    assert IndexQueueEntry.objects.filter(engine="elasticsearch").count() >= 2


def test_search_stops_waiting_for_a_hanging_elasticsearch(
    elasticsearch_backend, settings, api, silent_server, practices_index
):
    publish_article(practices_index, "Koha upgrade")
    reindex_pending(engines=["database"])
    settings.ELASTICSEARCH_URL = silent_server.url
    settings.ELASTICSEARCH_TIMEOUT = 0.5

    first = json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)
    contacted = len(silent_server.connections)
    second = json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)

    assert first["engine"] == second["engine"] == "database"
    assert first["count"] == second["count"] == 1
    assert len(silent_server.connections) == contacted


def test_the_workers_failed_retries_do_not_keep_searches_off_elasticsearch(
    elasticsearch_backend, settings, api, practices_index, unused_port, drain
):
    publish_article(practices_index, "Koha upgrade")
    drain()
    publish_article(practices_index, "Koha training")
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"
    assert reindex_pending().failed, "the worker's retry against a down Elasticsearch failed"

    settings.ELASTICSEARCH_URL = real_url
    response = api.get("/api/v1/search/", {"q": "koha"})
    assert json.loads(response.content)["engine"] == "elasticsearch"
    assert "X-Search-Fallback" not in response


def test_searches_return_to_elasticsearch_as_soon_as_a_probe_succeeds(
    elasticsearch_backend, settings, api, practices_index, unused_port, drain
):
    publish_article(practices_index, "Koha upgrade")
    drain()
    settings.SEARCH_BREAKER_PROBE_INTERVAL = 0.3
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"
    assert json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)["engine"] == "database"

    settings.ELASTICSEARCH_URL = real_url
    # Within the probe interval searches do not try Elasticsearch again.
    assert json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)["engine"] == "database"
    time.sleep(0.4)
    engines = [json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)["engine"] for _ in range(3)]
    assert engines == ["elasticsearch"] * 3
    assert json.loads(api.get("/api/v1/search/", {"q": "koha"}).content)["count"] == 1


def test_a_search_page_answered_by_the_backup_is_not_kept_in_the_page_cache(
    elasticsearch_backend, settings, client, practices_index, unused_port, drain
):
    publish_article(practices_index, "Koha upgrade")
    drain()
    settings.PAGE_CACHE_SECONDS = 600
    settings.SEARCH_BREAKER_PROBE_INTERVAL = 0.3
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"
    assert "backup search" in client.get("/en/search/", {"q": "koha"}).content.decode()

    settings.ELASTICSEARCH_URL = real_url
    time.sleep(0.4)
    html = client.get("/en/search/", {"q": "koha"}).content.decode()
    assert "backup search" not in html
    assert "Koha upgrade" in html

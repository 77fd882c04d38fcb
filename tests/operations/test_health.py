"""/healthz tells a load balancer whether the site can serve, and why not."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from operations.page_cache import STATUS_HEADER

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_URL = "127.0.0.1:9"  # the discard port: nothing listens on loopback, so connecting fails at once


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_queue_and_is_never_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.SEARCH_BACKEND = "database"
    for _visit in range(2):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response[STATUS_HEADER] == "skip"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["latency_ms"] >= 0
    assert body["cache"]["ok"] is True
    assert body["search"] == {"ok": True, "backend": "database", "serving": "database"}
    assert "depth" in body["queue"]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_healthz_sees_a_running_elasticsearch(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    search = client.get("/healthz/").json()["search"]
    assert search["ok"] is True
    assert search["serving"] == "elasticsearch"


@pytest.mark.django_db
def test_healthz_stays_200_and_says_search_falls_back_when_elasticsearch_is_down(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://{CLOSED_PORT_URL}"
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["search"]["ok"] is False
    assert body["search"]["serving"] == "database"


DATABASE_DOWN_SCRIPT = """
import django, json
django.setup()
from django.test import Client
client = Client()
health = client.get("/healthz/")
page = client.get("/en/")
print(json.dumps({"health_status": health.status_code, "health": health.json(),
                  "page_status": page.status_code, "retry_after": page.get("Retry-After")}))
"""


def test_database_outage_gives_503_on_healthz_and_pages_not_500():
    """A real refused connection, in a process of its own so the test database stays untouched."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="consortium_site.settings.test",
        DATABASE_URL=f"postgres://postgres@{CLOSED_PORT_URL}/consortium",
    )
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["health_status"] == 503
    assert outcome["health"]["status"] == "down"
    assert outcome["health"]["database"]["ok"] is False
    assert outcome["page_status"] == 503
    assert outcome["retry_after"]


def test_production_stack_shares_one_redis_page_cache_between_workers():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["web"]["environment"]["CACHE_URL"].startswith("redis://redis:")
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "allkeys-lru" in services["redis"]["command"]

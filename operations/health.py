"""`/healthz`: can the site serve? Database, cache, search engine and index queue, as JSON.

HTTP 200 whenever the database answers (a missing cache or Elasticsearch only slows or degrades the
site: search falls back to the database engine); 503 when it does not. Cheap enough for a load
balancer to call every few seconds: one `SELECT 1`, one cache round trip, one cluster-health call.
"""

import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

SEARCH_PING_TIMEOUT = 0.5


def _timed(check):
    started = time.perf_counter()
    try:
        result = {"ok": True, **(check() or {})}
    except Exception as error:
        result = {"ok": False, "error": type(error).__name__}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache = caches["default"]
    token = str(time.time_ns())
    cache.set("healthz:token", token, timeout=10)
    # django-redis ignores connection errors and answers None; a wrong answer is a down cache.
    if cache.get("healthz:token") != token:
        raise ConnectionError("cache did not return what was stored")


def _elasticsearch():
    # A bare HTTP call: cheaper than building a client, and `GET /` answers 405 on the minimal build.
    url = f"{settings.ELASTICSEARCH_URL.rstrip('/')}/_cluster/health"
    with urllib.request.urlopen(url, timeout=SEARCH_PING_TIMEOUT) as response:  # noqa: S310 - URL from settings
        status = json.loads(response.read())["status"]
    if status == "red":
        raise urllib.error.URLError("cluster status red")
    return {"cluster_status": status}


def queue_depth():
    """Index updates waiting for the worker: the total, and per engine (pending, retrying, oldest)."""
    from search.queue import queue_depth as depth_by_engine

    engines = depth_by_engine()
    return {"depth": sum(engine["pending"] for engine in engines.values()), "engines": engines}


def _search():
    if settings.SEARCH_BACKEND != "elasticsearch":
        return {"ok": True, "backend": settings.SEARCH_BACKEND, "serving": "database"}
    result = _timed(_elasticsearch)
    # Searches still answer when Elasticsearch is away: the database engine serves them.
    return {**result, "backend": "elasticsearch", "serving": "elasticsearch" if result["ok"] else "database"}


@never_cache
def healthz(request):
    database = _timed(_database)
    checks = {"database": database, "cache": _timed(_cache), "search": _search()}
    try:
        checks["queue"] = queue_depth()
    except Exception as error:
        checks["queue"] = {"depth": None, "error": type(error).__name__}
    degraded = not (checks["cache"]["ok"] and checks["search"]["ok"])
    status = "down" if not database["ok"] else "degraded" if degraded else "ok"
    return JsonResponse({"status": status, **checks}, status=200 if database["ok"] else 503)

#!/usr/bin/env python3
"""`make resilience`: the site under load while Elasticsearch stops and starts and PostgreSQL restarts.

Runs the production settings under gunicorn with `search_worker`, PostgreSQL, Elasticsearch and Redis
on loopback (scripts/stack.py), and a bounded load from Python threads (loopback only) through these
phases: baseline; Elasticsearch stopped while pages are published; Elasticsearch starting again until
the index queue has drained; PostgreSQL stopped for a few seconds and started again; settle. Prints
JSON: requests by status per phase, 5xx outside the real database outage (must be 0), which engine
answered searches, the queue depth, and a comparison of the database with the Elasticsearch index at
the end (must match, with every page published during the outage found). Exits 1 if any check fails.
It restarts the PostgreSQL of scripts/services.py: do not run it while tests use that server.
"""

import argparse
import collections
import json
import random
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import stack
from stack import services

PUBLISH_CODE = """
import json
from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage
index = BestPracticeIndexPage.objects.get(locale__language_code="en")
ids = []
for n in range({count}):
    page = BestPracticeArticlePage(title="Outage article {token} " + str(n), summary="Published while search was away.")
    index.add_child(instance=page)
    page.save_revision().publish()
    ids.append(page.pk)
print(json.dumps(ids))
"""
RECONCILE_CODE = """
import json
from search.reconcile import reconcile
report = reconcile("elasticsearch")
print(json.dumps({"expected": report.expected, "indexed": report.indexed, "missing": report.missing,
                  "stale": report.stale, "extra": report.extra}))
"""
BREAKER_COOLDOWN = 5
URLS_CODE = """
import json
from best_practices.models import BestPracticeArticlePage
articles = [page.url for page in BestPracticeArticlePage.objects.live().filter(locale__language_code="en")[:20]]
print(json.dumps(articles))
"""


class Load:
    """Threads that request a mix of pages until stopped, recording each answer with its phase."""

    def __init__(self, base, article_urls, clients):
        self.base, self.article_urls, self.clients = base, article_urls, clients
        self.phase = "baseline"
        self.records = []  # (time, phase, kind, status, engine)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(seed,), daemon=True) for seed in range(clients)]

    def _targets(self, rng):
        query = rng.choice(["library", "библиотека", "kutubxona", "outage", "digital"])
        return rng.choice(
            [
                ("home", "/en/"),
                ("article", rng.choice(self.article_urls)),
                ("listing", f"/en/practices/?page={rng.randint(1, 6)}"),
                ("search_api", f"/api/v1/search/?{urllib.parse.urlencode({'q': query})}"),
                ("search_page", f"/en/search/?{urllib.parse.urlencode({'q': query, 'page': rng.randint(1, 3)})}"),
                ("healthz", "/healthz/"),
            ]
        )

    def _run(self, seed):
        rng = random.Random(seed)  # noqa: S311 - a request mix, not secrets
        while not self.stop.is_set():
            kind, path = self._targets(rng)
            phase = self.phase
            try:
                status, _headers, body = stack.http_get(self.base + path, timeout=10)
            except OSError:
                status, body = "connection-error", b""
            engine = None
            if kind == "search_api" and status == 200:
                engine = json.loads(body).get("engine")
            with self.lock:
                self.records.append((time.monotonic(), phase, kind, status, engine))
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def pg_restart(state, down_seconds):
    """Stop PostgreSQL for `down_seconds`, start it with the same options; return the outage window."""
    info = state["postgres"]
    data = Path(info["data"])
    options = shlex.split((data / "postmaster.opts").read_text())[1:]
    pg_ctl = services.pg_bin("pg_ctl")
    started = time.monotonic()
    subprocess.run(services.as_service_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]), check=True)
    time.sleep(down_seconds)
    log_file = str(data.parent / "server.log")
    subprocess.run(
        services.as_service_user([pg_ctl, "-D", str(data), "-l", log_file, "-o", shlex.join(options), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    stack.wait_until(lambda: services.pg_running(state), "PostgreSQL", timeout=60)
    return started, time.monotonic()


def queue_depth(base, engine):
    status, _headers, body = stack.http_get(f"{base}/healthz/", timeout=5)
    engines = json.loads(body).get("queue", {}).get("engines", {}) if status == 200 else {}
    return engines.get(engine, {}).get("pending", 0)


def search_engine(base):
    status, _headers, body = stack.http_get(f"{base}/api/v1/search/?q=library", timeout=10)
    return json.loads(body).get("engine") if status == 200 else None


def summarise(records, outage):
    phases = collections.OrderedDict()
    unexpected = []
    for at, phase, kind, status, engine in records:
        summary = phases.setdefault(
            phase, {"requests": 0, "by_status": collections.Counter(), "search_engines": collections.Counter()}
        )
        summary["requests"] += 1
        summary["by_status"][str(status)] += 1
        if engine:
            summary["search_engines"][engine] += 1
        failed = status == "connection-error" or (isinstance(status, int) and status >= 500)
        # The database really is down from the stop command until it accepts connections again (+1 s slack).
        if failed and not (outage and outage[0] <= at <= outage[1] + 1.0):
            unexpected.append({"phase": phase, "kind": kind, "status": status})
    for summary in phases.values():
        summary["by_status"] = dict(summary["by_status"])
        summary["search_engines"] = dict(summary["search_engines"])
    return phases, unexpected


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500, help="pages loaded before the run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load threads")
    parser.add_argument("--phase-seconds", type=int, default=8, help="length of the steady phases")
    parser.add_argument("--publish", type=int, default=5, help="pages published while Elasticsearch is down")
    parser.add_argument("--pg-down-seconds", type=float, default=3.0)
    args = parser.parse_args()
    token = f"r{random.randrange(10**6)}"  # noqa: S311 - a marker word for this run's pages

    stack.ensure_debian_packages({"redis-server": "redis-server"})
    with (
        stack.running_services(["postgres", "elasticsearch"]) as state,
        stack.throwaway_database(state, "consortium_resilience") as database_url,
        stack.redis_server() as cache_url,
        tempfile.TemporaryDirectory(prefix="resilience-") as folder,
    ):
        es_url = state["elasticsearch"]["url"]
        env = stack.site_env(
            database_url, cache_url, Path(folder) / "static",
            SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=es_url, ELASTICSEARCH_INDEX_PREFIX="resilience",
            SEARCH_WORKER_POLL_INTERVAL=0.5, SEARCH_QUEUE_MAX_BACKOFF=5,
            # Searches try Elasticsearch again this long after its last failure (30 s in production).
            SEARCH_BREAKER_COOLDOWN=BREAKER_COOLDOWN,
        )  # fmt: skip
        stack.manage(env, "migrate", "--noinput", "-v", "0")
        stack.manage(env, "collectstatic", "--noinput", "-v", "0")
        stack.manage(env, "load_bench_content", "--pages", str(args.pages))
        stack.manage(env, "reindex")
        article_urls = stack.shell_json(env, URLS_CODE)
        worker = subprocess.Popen(
            [stack.PYTHON, "manage.py", "search_worker"], cwd=stack.ROOT, env=env, stdout=sys.stderr
        )
        report = {
        "setup": {
            "pages": args.pages, "clients": args.clients, "load_generator": "Python threads, urllib",
            "search_breaker_cooldown_s": BREAKER_COOLDOWN,
        }
    }  # fmt: skip
        outage = None
        try:
            with stack.gunicorn(env, workers=2, threads=2) as base, Load(base, article_urls, args.clients) as load:
                time.sleep(args.phase_seconds)

                load.phase = "elasticsearch_down"
                stack.log("stopping Elasticsearch")
                stack.services_command("stop", "elasticsearch")
                time.sleep(2)
                published = stack.shell_json(env, PUBLISH_CODE.format(count=args.publish, token=token))
                report["published_during_outage"] = published
                report["queue_depth_during_outage"] = queue_depth(base, "elasticsearch")
                time.sleep(args.phase_seconds)

                load.phase = "elasticsearch_starting"
                stack.log("starting Elasticsearch on the same port")
                port = urllib.parse.urlsplit(es_url).port
                stack.services_command("start", "elasticsearch", env={**env, "ES_HTTP_PORT": str(port)})
                drain_started = time.monotonic()
                stack.wait_until(lambda: queue_depth(base, "elasticsearch") == 0, "index queue drain", timeout=180)
                report["queue_drained_seconds_after_elasticsearch_up"] = round(time.monotonic() - drain_started, 1)
                stack.wait_until(lambda: search_engine(base) == "elasticsearch", "search on Elasticsearch", timeout=120)
                report["search_back_on_elasticsearch_seconds_after_up"] = round(time.monotonic() - drain_started, 1)
                load.phase = "elasticsearch_recovered"
                time.sleep(args.phase_seconds)

                load.phase = "postgres_restart"
                stack.log("restarting PostgreSQL")
                outage = pg_restart(services.read_state(), args.pg_down_seconds)
                report["postgres_down_seconds"] = round(outage[1] - outage[0], 1)
                load.phase = "postgres_recovered"
                time.sleep(args.phase_seconds)
                records = list(load.records)
                status, _h, body = stack.http_get(f"{base}/api/v1/search/?q={token}&page_size=50")
                found = {result["id"] for result in json.loads(body)["results"]} if status == 200 else set()
                report["outage_pages_found_by_search"] = {
                    "found": len(found & set(published)), "published": len(published),
                    "engine": json.loads(body).get("engine") if status == 200 else None,
                }  # fmt: skip
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        phases, unexpected = summarise(records, outage)
        report["phases"] = phases
        report["unexpected_5xx"] = unexpected
        report["index_vs_database"] = stack.shell_json(env, RECONCILE_CODE)
    differences = report["index_vs_database"]
    engines_while_down = phases.get("elasticsearch_down", {}).get("search_engines", {})
    report["passed"] = {
        "no_5xx_outside_database_outage": not unexpected,
        "search_fell_back_to_database": engines_while_down.get("database", 0) > 0,
        "queued_updates_applied": report["outage_pages_found_by_search"]["found"] == len(published),
        "index_matches_database": not (differences["missing"] or differences["stale"] or differences["extra"]),
    }  # fmt: skip
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if all(report["passed"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())

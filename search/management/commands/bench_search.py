"""`make bench-search`: generate a multilingual corpus, then measure search and indexing, printing JSON.

Figures: API p50/p95 at N concurrent clients against gunicorn on loopback; the raw Elasticsearch latency of
the very requests the engine sent for the same queries, in the same run, and the API/raw ratio; reindex
throughput per engine; publish-to-searchable time with `search_worker` running. Run through
scripts/bench_search.sh, which gives it a fresh PostgreSQL database and its own Elasticsearch alias.
"""

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from tqdm import tqdm

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.signals import post_save

from search.bench.corpus import LANGUAGES, THEMES, Vocabulary, generate
from search.engines import SearchQuery
from search.engines.elastic import ElasticsearchEngine
from search.indexing import count_indexable_pages, rebuild_documents
from search.queue import target_engines
from tests.search.pages import publish_article

BASE_DIR = Path(settings.BASE_DIR)
FILTERS = [{}, {}, {}, {"type": "article"}, {"lang": "ru"}, {"theme": "digitisation"}, {"type": "case_study"}]


class Command(BaseCommand):
    help = "Benchmark search on a synthetic multilingual corpus (see scripts/bench_search.sh); prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20_000)
        parser.add_argument("--clients", type=int, default=16)
        parser.add_argument("--seconds", type=float, default=20.0, help="Length of each load phase.")
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--publish-samples", type=int, default=20)
        parser.add_argument("--gunicorn-workers", type=int, default=2)
        parser.add_argument("--gunicorn-threads", type=int, default=8)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" or settings.SEARCH_BACKEND != "elasticsearch":
            raise CommandError(
                "bench_search needs PostgreSQL and SEARCH_BACKEND=elasticsearch (scripts/bench_search.sh)"
            )
        call_command("migrate", verbosity=0, interactive=False)
        figures = {"pages": options["pages"], "clients": options["clients"], "machine": _machine()}
        with tqdm(total=options["pages"], desc="generate corpus", unit="page") as bar:
            figures["corpus"] = generate(options["pages"], progress=bar.update)
        figures["reindex"] = self._reindex()
        queries = _queries(options["queries"])
        port = _free_port()
        server = _start(
            [
                sys.executable, "-m", "gunicorn", "consortium_site.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(options["gunicorn_workers"]), "--threads", str(options["gunicorn_threads"]),
                "--worker-class", "gthread", "--log-level", "warning",
            ]
        )  # fmt: skip
        worker = None
        try:
            _wait_for(port)
            raw_requests = _raw_requests(queries)
            api_paths = [f"/api/v1/search/?{urllib.parse.urlencode(query)}" for query in queries]
            _load(port, api_paths[: options["clients"] * 4], options["clients"], 3.0, "warm-up")
            api = _load(port, api_paths, options["clients"], options["seconds"], "API load")
            raw = _load_raw(raw_requests, options["clients"], options["seconds"])
            figures["api"] = api
            figures["elasticsearch_raw"] = raw
            figures["api_to_raw_p50"] = round(api["p50_ms"] / raw["p50_ms"], 2) if raw["p50_ms"] else None
            figures["api_to_raw_p95"] = round(api["p95_ms"] / raw["p95_ms"], 2) if raw["p95_ms"] else None
            worker = _start([sys.executable, "manage.py", "search_worker"])
            figures["publish_to_searchable"] = _publish_to_searchable(port, options["publish_samples"])
        finally:
            for process in (worker, server):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
        self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))

    def _reindex(self):
        figures = {}
        total = count_indexable_pages()
        for name in target_engines():
            from search.engines import get_engine

            engine = get_engine(name)
            started = time.perf_counter()
            stream = rebuild_documents()
            try:
                with tqdm(stream, total=total, desc=f"reindex {name}", unit="page") as documents:
                    engine.rebuild(documents, total=total)
            finally:
                stream.close()
            elapsed = time.perf_counter() - started
            figures[name] = {"pages": total, "seconds": round(elapsed, 1), "pages_per_second": round(total / elapsed)}
        return figures


def _machine():
    return {"cpus": os.cpu_count(), "load_average": [round(value, 2) for value in os.getloadavg()]}


def _queries(count):
    """Realistic queries: one to three words in one language, some misspelt, some with a filter."""
    rng = random.Random(11)
    vocabularies = {lang: Vocabulary(lang, random.Random(7)) for lang in LANGUAGES}
    queries = []
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]
        words = vocabularies[lang].sample(rng.choice([1, 2, 2, 3]))
        if rng.random() < 0.15:
            word = words[0]
            position = rng.randrange(len(word))
            words[0] = word[:position] + word[position + 1 :] if len(word) > 4 else word
        query = {"q": " ".join(words), **rng.choice(FILTERS)}
        if query.get("theme"):
            query["theme"] = rng.choice(THEMES)
        queries.append(query)
    return queries


def _raw_requests(queries):
    """The Elasticsearch requests the engine sends for each query, captured at the transport."""
    engine = ElasticsearchEngine()
    transport = engine.client.transport
    original = transport.perform_request
    captured = []

    def recording(method, target, **kwargs):
        captured.append((method, target, kwargs.get("body")))
        return original(method, target, **kwargs)

    transport.perform_request = recording
    requests = []
    for query in queries:
        captured.clear()
        engine.search(SearchQuery(**query))
        requests.append([(method, target, json.dumps(body) if body else None) for method, target, body in captured])
    transport.perform_request = original
    return requests


def _percentiles(latencies, elapsed):
    latencies = sorted(latencies)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
    }


def _run_clients(clients, seconds, description, one_request):
    """`clients` threads, each with its own keep-alive connection, sending requests back to back."""
    latencies, errors = [], []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    bar = tqdm(desc=description, unit="req")

    def client(number):
        rng = random.Random(number)
        state = {}
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                one_request(state, rng)
            except Exception as error:  # noqa: BLE001 - counted and reported, the load goes on
                state.clear()
                with lock:
                    errors.append(str(error) if isinstance(error, RuntimeError) else type(error).__name__)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                bar.update(1)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bar.close()
    figures = _percentiles(latencies, time.monotonic() - started)
    figures["errors"] = {name: errors.count(name) for name in sorted(set(errors))}
    return figures


def _load(port, paths, clients, seconds, description):
    def one_request(state, rng):
        if "connection" not in state:
            state["connection"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        state["connection"].request("GET", rng.choice(paths), headers={"Host": "127.0.0.1"})
        response = state["connection"].getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
        if response.getheader("X-Search-Fallback"):
            # Answered by the database engine: not the figure this run is after, so it is counted apart.
            raise RuntimeError("answered by the database fallback")

    return _run_clients(clients, seconds, description, one_request)


def _load_raw(raw_requests, clients, seconds):
    url = urllib.parse.urlsplit(settings.ELASTICSEARCH_URL)

    def one_request(state, rng):
        if "connection" not in state:
            state["connection"] = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        for method, target, body in rng.choice(raw_requests):
            headers = {"Content-Type": "application/json"} if body else {}
            state["connection"].request(method, target, body=body, headers=headers)
            response = state["connection"].getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"HTTP {response.status}")

    return _run_clients(clients, seconds, "Elasticsearch raw load", one_request)


def _publish_to_searchable(port, samples):
    """Publish a page with a word no other page has, and time until the API finds it (the worker indexes it)."""
    from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage

    settings.SEARCH_INDEX_ON_COMMIT = False
    parent = BestPracticeIndexPage.objects.get(locale__language_code="en")
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def publish_and_wait(number):
        # A made-up word, so the query finds this page; typo and prefix matching may find others too.
        word = "".join(random.choices("bcdfghjklmnpqrstvwxz", k=12))
        draft = publish_article(parent, f"Publication {word}", body=f"{word} appears here only.", live=False)
        # An editor's draft is saved well before it is published: let the worker go back to waiting.
        time.sleep(random.uniform(0.6, 1.2))
        committed.clear()
        draft.get_latest_revision().publish()
        # From the commit of the live page, not from the return of publish(), which runs Wagtail's own tasks after.
        published = committed[0] if committed else time.perf_counter()
        while time.perf_counter() - published < 60:
            connection_.request("GET", f"/api/v1/search/?q={word}&page_size=50", headers={"Host": "127.0.0.1"})
            data = json.loads(connection_.getresponse().read())
            if any(result["id"] == draft.pk for result in data["results"]):
                engines.append(data["engine"])
                break
            time.sleep(0.02)
        return time.perf_counter() - published

    committed = []

    def note_commit(sender, instance, **kwargs):
        if instance.live:
            transaction.on_commit(lambda: committed.append(time.perf_counter()))

    post_save.connect(note_commit, sender=BestPracticeArticlePage, dispatch_uid="bench-publish-commit")
    engines = []
    # The first one also waits for the worker to start; it is not counted.
    publish_and_wait("warmup")
    timings = sorted(publish_and_wait(number) for number in tqdm(range(samples), desc="publish to searchable"))
    engines = engines[1:]
    return {
        "found_by": {name: engines.count(name) for name in sorted(set(engines))},
        "samples": samples,
        "p50_s": round(statistics.median(timings), 2),
        "p95_s": round(statistics.quantiles(timings, n=100)[94], 2) if samples > 1 else round(timings[0], 2),
    }


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command):
    return subprocess.Popen(command, cwd=BASE_DIR, env=os.environ.copy())  # noqa: S603 - our own commands


def _wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not start on port {port}")

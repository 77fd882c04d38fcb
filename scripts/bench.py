#!/usr/bin/env python3
"""`make bench`: how fast the site serves on this machine, as JSON.

Runs the production settings under gunicorn with PostgreSQL (scripts/services.py, a throwaway
database) and Redis on loopback, loads --pages live pages (load_bench_content), then measures with
wrk (Debian's package; a Lua script adds p95) at --connections concurrent clients: the home page,
an article, the listing filtered by theme, the member directory and a search, each uncached
(PAGE_CACHE_SECONDS=0) and cached, beside a static file served by the same gunicorn in the same run.
The headline figure is each page's requests/s over the static file's. Also prints the article's
page weight (HTML + CSS + JS, no images) and whether any resource comes from another host.

    make bench                        # 20,000 pages, 10 s per measurement
    make bench ARGS="--pages 2000 --duration 3"
"""

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import stack
from tqdm import tqdm

SCRIPT = Path(__file__).resolve().parent / "bench" / "wrk_report.lua"
TARGETS = {"cached_p95_ms": 25, "uncached_p95_ms": 60, "cached_ratio_to_static": 0.5, "article_weight_kb": 150}
SEARCH_QUERIES = ["library", "кітапхана", "библиотека цифровой", "kutubxona", "digital access", "китепкана"]

URLS_CODE = """
import json
from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage
from members.models import MemberLibraryIndexPage
from django.contrib.staticfiles.storage import staticfiles_storage
article = BestPracticeArticlePage.objects.live().filter(locale__language_code="en").order_by("pk")[100]
practices = BestPracticeIndexPage.objects.get(locale__language_code="en")
members = MemberLibraryIndexPage.objects.get(locale__language_code="en")
print(json.dumps({"home": "/en/", "article": article.url, "listing_by_theme": practices.url + "?theme=digitisation",
                  "member_directory": members.url, "static": staticfiles_storage.url("css/site.css")}))
"""


def search_paths():
    return [f"/en/search/?{urllib.parse.urlencode({'q': query})}" for query in SEARCH_QUERIES]


def run_wrk(base, paths, duration, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
             "-s", str(SCRIPT), base, "--", listing.name],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(listing.name)
    raw = json.loads([line for line in result.stdout.splitlines() if line.startswith("{")][-1])
    seconds = raw["duration_us"] / 1e6
    errors = {kind: count for kind, count in raw["errors"].items() if count}
    return {
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        **({"errors": errors} if errors else {}),
    }


class ResourceLinks(HTMLParser):
    """Stylesheets, scripts and images a page asks the browser to load."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.images, self.other = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.stylesheets.append(attrs["href"])
        elif tag == "link" and attrs.get("href") and (attrs.get("rel") or "") in ("preload", "icon", "manifest"):
            self.other.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag in ("img", "source", "iframe", "video", "audio") and attrs.get("src"):
            self.images.append(attrs["src"])


def transferred(base, path):
    """(bytes on the wire with gzip, bytes uncompressed) of one resource."""
    status, headers, body = stack.http_get(base + path, headers={"Accept-Encoding": "gzip"})
    if status != 200:
        raise SystemExit(f"page weight: {path} answered {status}")
    raw = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    return len(body), len(raw), raw


def page_weight(base, path):
    wire, raw_size, html = transferred(base, path)
    links = ResourceLinks()
    links.feed(html.decode())
    weight = {"html": {"wire_bytes": wire, "bytes": raw_size}, "css": [], "js": []}
    for kind, urls in (("css", links.stylesheets), ("js", links.scripts)):
        for url in urls:
            resource_wire, resource_raw, _ = transferred(base, url)
            weight[kind].append({"url": url, "wire_bytes": resource_wire, "bytes": resource_raw})
    every = links.stylesheets + links.scripts + links.images + links.other
    weight["external_resources"] = [url for url in every if urllib.parse.urlsplit(url).netloc]
    weight["wire_kb"] = round((wire + sum(r["wire_bytes"] for kind in ("css", "js") for r in weight[kind])) / 1024, 1)
    weight["uncompressed_kb"] = round(
        (raw_size + sum(r["bytes"] for kind in ("css", "js") for r in weight[kind])) / 1024, 1
    )
    return weight


def measure_phase(base, urls, duration, connections, label):
    targets = {"static_file": [urls["static"]], **{name: [urls[name]] for name in urls if name != "static"}}
    targets["search"] = search_paths()
    for paths in targets.values():  # warm: renditions, connections, the page cache when it is on
        for path in paths:
            status = stack.http_get(base + path)[0]
            if status != 200:
                raise SystemExit(f"{path} answered {status} before the {label} run")
    results = {}
    for name, paths in tqdm(targets.items(), desc=f"wrk {label}", unit="target"):
        results[name] = run_wrk(base, paths, duration, connections)
    static_rps = results["static_file"]["requests_per_s"]
    for name, figures in results.items():
        if name != "static_file":
            figures["ratio_to_static"] = round(figures["requests_per_s"] / static_rps, 2) if static_rps else None
    return results


def verdict(report):
    checks = {}
    for name, figures in report["cached"].items():
        if name == "static_file":
            continue
        checks[f"{name}_cached_p95"] = figures["p95_ms"] <= TARGETS["cached_p95_ms"]
        checks[f"{name}_cached_ratio"] = (figures["ratio_to_static"] or 0) >= TARGETS["cached_ratio_to_static"]
        checks[f"{name}_uncached_p95"] = report["uncached"][name]["p95_ms"] <= TARGETS["uncached_p95_ms"]
    checks["article_weight"] = report["article_weight"]["wire_kb"] <= TARGETS["article_weight_kb"]
    checks["no_external_resources"] = not report["article_weight"]["external_resources"]
    return checks


def main():
    cores = os.cpu_count() or 2
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=cores + 1, help="gunicorn processes (default cores + 1)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn process")
    parser.add_argument("--search-backend", choices=["elasticsearch", "database"], default="elasticsearch")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    args = parser.parse_args()

    stack.ensure_debian_packages({"wrk": "wrk", "redis-server": "redis-server"})
    with (
        stack.running_services(
            ["postgres"] + (["elasticsearch"] if args.search_backend == "elasticsearch" else [])
        ) as state,
        stack.throwaway_database(state, "consortium_bench") as database_url,
        stack.redis_server() as cache_url,
        tempfile.TemporaryDirectory(prefix="bench-") as folder,
    ):
        search = {"SEARCH_BACKEND": args.search_backend, "ELASTICSEARCH_INDEX_PREFIX": "bench"}
        if args.search_backend == "elasticsearch":
            search["ELASTICSEARCH_URL"] = state["elasticsearch"]["url"]
        env = stack.site_env(database_url, cache_url, Path(folder) / "static", **search)
        stack.log("migrating the benchmark database")
        stack.manage(env, "migrate", "--noinput", "-v", "0")
        stack.manage(env, "collectstatic", "--noinput", "-v", "0")
        stack.manage(env, "load_bench_content", "--pages", str(args.pages))
        # Only the engine the searches go to: the database index is Elasticsearch's fallback, not measured here.
        stack.manage(env, "reindex", "--engine", args.search_backend)
        urls = stack.shell_json(env, URLS_CODE)
        report = {
            "note": "measured on a shared machine unless said otherwise; the lead reruns final figures",
            "machine": {"cores": cores, "load_average_at_start": os.getloadavg(), "python": platform.python_version()},
            "setup": {
                "pages": args.pages, "connections": args.connections, "duration_s": args.duration,
                "gunicorn": f"{args.workers} workers x {args.threads} threads (gthread)",
                "search_backend": args.search_backend,
                "load_generator": "wrk + scripts/bench/wrk_report.lua, Accept-Encoding: gzip",
                "urls": {**urls, "search": search_paths()},
            },
        }  # fmt: skip
        for label, seconds in (("uncached", 0), ("cached", 600)):
            with stack.gunicorn({**env, "PAGE_CACHE_SECONDS": str(seconds)}, args.workers, args.threads) as base:
                report[label] = measure_phase(base, urls, args.duration, args.connections, label)
                if label == "cached":
                    report["article_weight"] = page_weight(base, urls["article"])
        report["targets"] = TARGETS
        report["meets_targets"] = verdict(report)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())

"""Drain the search index queue, with retry and back-off, until stopped (or once with --once)."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from search.engines import get_engine
from search.queue import (
    ELASTICSEARCH,
    SEARCH_BREAKER,
    queue_depth,
    reindex_pending,
    reset_breaker,
    retry_deferred_now,
    target_engines,
)

# Seconds between health probes of an engine whose entries are backing off.
HEALTH_PROBE_INTERVAL = 5.0
# Ceiling of the pause after the database itself failed (it restarts, the worker waits and carries on).
DATABASE_BACKOFF_MAX = 30.0


class Command(BaseCommand):
    help = "Apply queued search index updates; keeps running (SIGTERM/SIGINT stop it after the current batch)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain what is due now, then exit.")
        parser.add_argument(
            "--poll-interval",
            type=float,
            default=settings.SEARCH_WORKER_POLL_INTERVAL,
            help="Seconds to wait when the queue is empty (default: SEARCH_WORKER_POLL_INTERVAL).",
        )

    def handle(self, *args, once=False, poll_interval=0.5, **options):
        if once:
            self._recover_healthy_engines({})
            report = reindex_pending()
            self.stdout.write(f"Search queue drained: {report}")
            for error in report.errors:
                self.stderr.write(error)
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write(f"Search worker started for {', '.join(target_engines())}; polling every {poll_interval}s")
        probes = {}
        database_failures = 0
        while not self.stopping:
            close_old_connections()
            try:
                report = reindex_pending()
                self._recover_healthy_engines(probes)
            except DatabaseError as error:
                database_failures += 1
                pause = min(poll_interval * 2**database_failures, DATABASE_BACKOFF_MAX)
                self.stderr.write(f"Database unavailable ({error.__class__.__name__}); retrying in {pause:.1f}s")
                self._sleep(pause)
                continue
            database_failures = 0
            if report.applied or report.failed:
                self.stdout.write(f"Search queue: {report}")
            if not report.applied:
                self._sleep(poll_interval)
        self.stdout.write("Search worker stopped.")

    def _recover_healthy_engines(self, probes):
        """When an engine that failed answers again, retry its backed-off entries now, not after the back-off."""
        now = time.monotonic()
        if now - probes.get("last", -HEALTH_PROBE_INTERVAL) < HEALTH_PROBE_INTERVAL:
            return
        probes["last"] = now
        for engine, counts in queue_depth().items():
            if counts.get("retrying") and _healthy(engine):
                reset_breaker(engine)
                if engine == ELASTICSEARCH:
                    reset_breaker(SEARCH_BREAKER)
                retried = retry_deferred_now(engine)
                if retried:
                    self.stdout.write(f"{engine} is reachable again: retrying {retried} queued updates now")

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, seconds))

    def _stop(self, signum, frame):
        self.stopping = True


def _healthy(engine):
    try:
        return bool(get_engine(engine).health().get("ok"))
    except Exception:  # noqa: BLE001 - a failing probe only means "not yet"
        return False

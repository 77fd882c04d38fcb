"""The one place where index updates are queued and applied (see docs/architecture.md).

A content change writes `IndexQueueEntry` rows in its own transaction (search/signals.py), one per page and
engine. `reindex_pending()` applies them: it claims due entries (a lease, so two drainers never apply the
same entry twice at once), coalesces them per page, reads each page's current state, indexes it when it is
live and public or removes it otherwise, and deletes the entries. A failure leaves the entries queued with an
exponential back-off; nothing is dropped. Right after a commit the same process drains what it enqueued
(`SEARCH_INDEX_ON_COMMIT`), with a short timeout and a circuit breaker for Elasticsearch, so the embedded
default needs no worker and a down Elasticsearch never slows publishing.
"""

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from search.indexing import apply_page_states
from search.models import IndexQueueEntry

logger = logging.getLogger(__name__)

DATABASE = "database"
ELASTICSEARCH = "elasticsearch"
# Pages per claim; also bounds one Elasticsearch bulk request.
BATCH_SIZE = 200
# How long a drainer owns the entries it claimed; a crashed drainer's entries come back after it.
LEASE = timedelta(minutes=2)
BACKOFF_BASE_SECONDS = 1.0
BREAKER_KEY = "search:breaker:{engine}"
# Searches have a breaker of their own (search/service.py): the queue's failed retries must not keep them off
# Elasticsearch; one search per SEARCH_BREAKER_PROBE_INTERVAL, or the worker's health probe, closes it.
SEARCH_BREAKER = "elasticsearch-search"
SEARCH_PROBE_KEY = BREAKER_KEY.format(engine=SEARCH_BREAKER) + ":probe"

_inline = threading.local()


def target_engines():
    """Engines the queue keeps up to date: the database engine always (it is the fallback), Elasticsearch if used."""
    if settings.SEARCH_BACKEND == ELASTICSEARCH:
        return [DATABASE, ELASTICSEARCH]
    return [DATABASE]


def enqueue_pages(page_ids, reason, engines=None, drain_on_commit=True):
    """Queue `page_ids` for `engines` (every target engine by default), inside the caller's transaction."""
    page_ids = sorted({int(page_id) for page_id in page_ids if page_id is not None})
    if not page_ids:
        return
    now = timezone.now()
    IndexQueueEntry.objects.bulk_create(
        IndexQueueEntry(page_id=page_id, engine=engine, reason=reason, enqueued_at=now, available_at=now)
        for engine in engines or target_engines()
        for page_id in page_ids
    )
    if drain_on_commit and settings.SEARCH_INDEX_ON_COMMIT:
        pending = getattr(_inline, "page_ids", None)
        if pending is None:
            pending = _inline.page_ids = set()
        pending.update(page_ids)
        transaction.on_commit(drain_after_commit, robust=True)


def drain_after_commit():
    """Apply what this thread just committed; whatever fails or is skipped stays queued for the worker."""
    page_ids = getattr(_inline, "page_ids", None)
    if not page_ids:
        return
    _inline.page_ids = set()
    reindex_pending(page_ids=page_ids, inline=True)


@dataclass
class DrainReport:
    indexed: int = 0
    removed: int = 0
    failed: int = 0
    skipped_engines: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def applied(self):
        return self.indexed + self.removed

    def __str__(self):
        text = f"{self.indexed} indexed, {self.removed} removed, {self.failed} failed"
        if self.skipped_engines:
            text += f" (skipped while unavailable: {', '.join(self.skipped_engines)})"
        return text


def reindex_pending(engines=None, page_ids=None, inline=False, max_batches=None):
    """Drain the due entries of `engines` (all target engines by default); return a DrainReport.

    `page_ids` limits the drain to those pages. `inline` is the after-commit drain of a web request: it
    skips an engine whose circuit breaker is open and gives Elasticsearch a short timeout.
    """
    report = DrainReport()
    for engine in engines or target_engines():
        if inline and engine != DATABASE and breaker_open(engine):
            report.skipped_engines.append(engine)
            continue
        chunks = [None] if page_ids is None else _chunks(sorted(page_ids), BATCH_SIZE)
        for chunk in chunks:
            if not _drain_engine(engine, chunk, inline, max_batches, report):
                break
    return report


def _drain_engine(engine, page_ids, inline, max_batches, report):
    """Drain one engine until nothing is due; False when it failed (the caller stops hammering it)."""
    batches = 0
    while max_batches is None or batches < max_batches:
        claimed = _claim(engine, page_ids)
        if not claimed:
            return True
        batches += 1
        pages = {page_id for _entry_id, page_id, _attempts in claimed}
        try:
            indexed, removed = apply_page_states(
                engine, pages, timeout=settings.SEARCH_INLINE_TIMEOUT if inline else None
            )
        except Exception as error:  # noqa: BLE001 - any failure must leave the entries queued, never lose them
            _defer(claimed, error)
            report.failed += len(pages)
            report.errors.append(f"{engine}: {_describe(error)}")
            logger.warning("Search index update failed for %d pages in %s: %s", len(pages), engine, _describe(error))
            if engine != DATABASE:
                trip_breaker(engine)
            return False
        IndexQueueEntry.objects.filter(id__in=[entry_id for entry_id, _page, _attempts in claimed]).delete()
        report.indexed += indexed
        report.removed += removed
    return True


def _claim(engine, page_ids):
    """Lease the due entries of up to BATCH_SIZE pages, with every other due entry of the same pages."""
    now = timezone.now()
    with transaction.atomic():
        due = IndexQueueEntry.objects.filter(engine=engine, available_at__lte=now)
        if page_ids is not None:
            due = due.filter(page_id__in=page_ids)
        # SKIP LOCKED lets several workers drain side by side on PostgreSQL; SQLite serialises writers anyway.
        first = due.select_for_update(skip_locked=True).order_by("id").values_list("page_id", flat=True)
        pages = set(first[:BATCH_SIZE])
        if not pages:
            return []
        claimed = list(
            due.filter(page_id__in=pages).select_for_update(skip_locked=True).values_list("id", "page_id", "attempts")
        )
        IndexQueueEntry.objects.filter(id__in=[row[0] for row in claimed]).update(available_at=now + LEASE)
    return claimed


def _defer(claimed, error):
    attempts = max(row[2] for row in claimed) + 1
    delay = min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), settings.SEARCH_QUEUE_MAX_BACKOFF)
    # Jitter spreads the retries of many entries and workers instead of retrying them in lockstep.
    delay *= random.uniform(0.75, 1.0)  # noqa: S311 - not cryptographic
    IndexQueueEntry.objects.filter(id__in=[row[0] for row in claimed]).update(
        attempts=F("attempts") + 1,
        available_at=timezone.now() + timedelta(seconds=delay),
        last_error=_describe(error)[:500],
    )


def retry_deferred_now(engine):
    """Make an engine's backed-off entries due at once (the worker calls it when the engine is healthy again).

    An entry another drainer is retrying at this moment may be applied twice; applying a page's state is idempotent.
    """
    now = timezone.now()
    return IndexQueueEntry.objects.filter(engine=engine, attempts__gt=0, available_at__gt=now).update(available_at=now)


def queue_depth():
    """{engine: {"pending": n, "retrying": n, "oldest": datetime|None}} for health checks and the worker's log."""
    depth = {}
    rows = IndexQueueEntry.objects.values("engine").annotate(pending=Count("id"), oldest=Min("enqueued_at"))
    for row in rows:
        depth[row["engine"]] = {"pending": row["pending"], "oldest": row["oldest"]}
    for row in IndexQueueEntry.objects.filter(attempts__gt=0).values("engine").annotate(retrying=Count("id")):
        depth[row["engine"]]["retrying"] = row["retrying"]
    return depth


def breaker_open(engine):
    return cache.get(BREAKER_KEY.format(engine=engine)) is not None


def trip_breaker(engine):
    """Skip after-commit drains to `engine` for SEARCH_BREAKER_COOLDOWN seconds; the worker keeps retrying."""
    cache.set(BREAKER_KEY.format(engine=engine), time.time(), timeout=settings.SEARCH_BREAKER_COOLDOWN)


def reset_breaker(engine):
    cache.delete(BREAKER_KEY.format(engine=engine))


def _describe(error):
    """A one-line reason for logs and the queue row: the exception type and its first line."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]

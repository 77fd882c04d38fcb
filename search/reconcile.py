"""Differences between the database and an engine's index: missing, stale and extra documents."""

import contextlib
from dataclasses import dataclass, field

from search.engines import SearchEngineError, get_engine
from search.indexing import indexable_versions
from search.models import IndexQueueEntry
from search.queue import enqueue_pages, reindex_pending


@dataclass
class ReconcileReport:
    engine: str
    expected: int = 0
    indexed: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    repair: object = None

    @property
    def differences(self):
        return len(self.missing) + len(self.stale) + len(self.extra)

    @property
    def remaining(self):
        if self.repair is None:
            return self.differences
        return self.repair.failed


def reconcile(engine_name, fix=False):
    """Compare `engine_name`'s index with the database; with `fix`, queue and apply every difference."""
    engine = get_engine(engine_name)
    with contextlib.suppress(SearchEngineError):
        # Compare against every write made so far, not only those Elasticsearch has made visible (no index: nothing).
        engine.refresh()
    expected = indexable_versions()
    indexed = engine.indexed_versions()
    report = ReconcileReport(engine=engine_name, expected=len(expected), indexed=len(indexed))
    report.missing = sorted(page_id for page_id in expected if page_id not in indexed)
    report.stale = sorted(page_id for page_id, version in expected.items() if indexed.get(page_id, version) != version)
    report.extra = sorted(page_id for page_id in indexed if page_id not in expected)
    if fix and report.differences:
        pages = report.missing + report.stale + report.extra
        # Through the queue, so a failure leaves the repairs queued for the worker instead of losing them.
        enqueue_pages(pages, IndexQueueEntry.Reason.RECONCILE, engines=[engine_name], drain_on_commit=False)
        report.repair = reindex_pending(engines=[engine_name], page_ids=pages)
    return report

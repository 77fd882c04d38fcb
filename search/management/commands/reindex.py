"""Rebuild the search index from the database into a new index, then swap it in."""

import time

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from search.engines import get_engine
from search.indexing import count_indexable_pages, rebuild_documents
from search.queue import target_engines
from search.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every engine in use (or --engine) from the live, public pages: "
        "Elasticsearch builds a new versioned index and swaps the alias, so search keeps answering meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["database", "elasticsearch"], help="Only this engine.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, engine=None, no_progress=False, **options):
        for name in [engine] if engine else target_engines():
            self._rebuild(name, no_progress)

    def _rebuild(self, name, no_progress):
        engine = get_engine(name)
        total = count_indexable_pages()
        started = time.perf_counter()
        stream = rebuild_documents()
        try:
            with tqdm(stream, total=total, desc=f"reindex {name}", unit="page", disable=no_progress) as documents:
                stats = engine.rebuild(documents, total=total)
        except Exception as error:
            raise CommandError(f"Rebuilding the {name} index failed, the old index is still in use: {error}")
        finally:
            stream.close()
        elapsed = time.perf_counter() - started
        count = (stats or {}).get("documents", total)
        self.stdout.write(
            f"{name}: {count} pages indexed in {elapsed:.1f}s ({count / elapsed if elapsed else 0:.0f} pages/s)"
        )
        # Changes applied to the old index while the new one was being built are caught up here.
        caught_up = reconcile(name, fix=True)
        if caught_up.differences:
            self.stdout.write(f"{name}: caught up {caught_up.differences} pages changed during the rebuild")

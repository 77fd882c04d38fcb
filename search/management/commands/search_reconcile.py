"""Compare the search index with the database and, with --fix, repair the differences."""

from django.core.management.base import BaseCommand, CommandError

from search.queue import target_engines
from search.reconcile import reconcile

SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Report pages missing from the index, indexed in an outdated version, or indexed although they are no "
        "longer live and public; --fix queues and applies the repairs. Exits with status 1 when differences "
        "remain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["database", "elasticsearch"], help="Only this engine.")
        parser.add_argument("--fix", action="store_true", help="Repair the differences found.")

    def handle(self, *args, engine=None, fix=False, **options):
        remaining = 0
        for name in [engine] if engine else target_engines():
            report = reconcile(name, fix=fix)
            self.stdout.write(f"{name}: {report.indexed} indexed, {report.expected} live and public pages")
            for label, ids in (("missing", report.missing), ("stale", report.stale), ("extra", report.extra)):
                shown = ", ".join(str(page_id) for page_id in ids[:SHOWN_IDS])
                more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
                self.stdout.write(f"  {label}: {len(ids)}" + (f" (page ids {shown}{more})" if ids else ""))
            if fix and report.differences:
                self.stdout.write(f"  repaired: {report.repair}")
            remaining += report.remaining
        if remaining:
            raise CommandError(
                f"{remaining} differences between the database and the index"
                + ("" if fix else "; run `manage.py search_reconcile --fix` to repair them")
            )
        self.stdout.write(self.style.SUCCESS("The index matches the database."))

"""Import pages from an interchange file (JSON Lines); see docs/interchange.md."""

import sys

from tqdm import tqdm

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from consortium_site.interchange.importer import ContentImporter


class Command(BaseCommand):
    help = "Import articles, case studies and member libraries from a JSON Lines file (idempotent by record id)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .jsonl file, or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="validate every line and write nothing")
        parser.add_argument("--draft", action="store_true", help="save imported pages as drafts, do not publish")
        parser.add_argument("--quiet", action="store_true", help="no progress bar and no warnings, only errors")

    def handle(self, *args, path, dry_run, draft, quiet, **options):
        show_progress = not quiet and sys.stderr.isatty()

        def progress(records, total):
            return tqdm(records, total=total, unit="record", disable=not show_progress, file=sys.stderr)

        importer = ContentImporter(dry_run=dry_run, draft=draft, progress=progress)
        # Reports are in the site's default language, whatever a caller had activated.
        with translation.override(settings.LANGUAGE_CODE):
            report = self._import(importer, path)
        self._report(report, path, dry_run, quiet)

    def _import(self, importer, path):
        try:
            if path == "-":
                return importer.import_lines(sys.stdin.buffer)
            with open(path, "rb") as lines:
                return importer.import_lines(lines)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None

    def _report(self, report, path, dry_run, quiet):
        for line, message in report.errors:
            self.stderr.write(f"{path}:{line}: error: {message}")
        if not quiet:
            for line, message in report.warnings:
                self.stderr.write(f"{path}:{line}: warning: {message}", style_func=self.style.WARNING)
        outcome = report.summary() + (" (dry run: nothing was written)" if dry_run else "")
        if report.failed:
            advice = "fix the lines above before importing" if dry_run else "the other lines were imported"
            raise CommandError(f"{outcome}; {advice}")
        if not quiet:
            self.stdout.write(self.style.SUCCESS(outcome))

"""Import pages from an interchange file (JSON Lines); see docs/interchange.md."""

import sys

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

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
        try:
            if path == "-":
                report = importer.import_lines(sys.stdin.buffer)
            else:
                with open(path, "rb") as lines:
                    report = importer.import_lines(lines)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None

        for line, message in report.errors:
            self.stderr.write(f"{path}:{line}: error: {message}")
        if not quiet:
            for line, message in report.warnings:
                self.stderr.write(f"{path}:{line}: warning: {message}", style_func=self.style.WARNING)
        outcome = report.summary() + (" (dry run: nothing was written)" if dry_run else "")
        if report.failed:
            raise CommandError(f"{outcome}; fix the lines above and import again (good lines are kept)")
        if not quiet:
            self.stdout.write(self.style.SUCCESS(outcome))

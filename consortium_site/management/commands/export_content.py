"""Export live pages to an interchange file (JSON Lines); see docs/interchange.md."""

import sys

from tqdm import tqdm

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consortium_site.interchange.exporter import pages_to_export, write_jsonl
from consortium_site.interchange.mapping import TYPE_ORDER


class Command(BaseCommand):
    help = "Export live articles, case studies and member libraries as JSON Lines (the import format)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .jsonl file to write, or - for standard output")
        parser.add_argument(
            "--locale", action="append", choices=[code for code, _name in settings.LANGUAGES], help="only this locale"
        )
        parser.add_argument("--type", action="append", choices=TYPE_ORDER, dest="types", help="only this type")
        parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")

    def handle(self, *args, path, locale, types, quiet, **options):
        selected = pages_to_export(locales=locale, types=types)
        show_progress = not quiet and sys.stderr.isatty() and path != "-"
        pages = tqdm(selected, unit="page", disable=not show_progress, file=sys.stderr)
        try:
            if path == "-":
                report = write_jsonl(pages, self.stdout)
            else:
                with open(path, "w", encoding="utf-8") as stream:
                    report = write_jsonl(pages, stream)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from None
        if quiet:
            return
        self.stderr.write(f"{report.records} records written to {path}")
        if report.skipped_blocks:
            self.stderr.write(
                f"{report.skipped_blocks} image, video, document or table blocks are not part of the format "
                "and were left out",
                style_func=self.style.WARNING,
            )

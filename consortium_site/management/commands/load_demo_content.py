"""Give a newcomer a realistic site: demo content in every language and an admin login."""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consortium_site.interchange.importer import ContentImporter

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "changeme"  # noqa: S105 - printed to the developer, refused outside DEBUG
DEMO_CONTENT = Path(__file__).resolve().parents[2] / "demo" / "demo_content.jsonl"


@contextmanager
def quiet_page_logs():
    """Wagtail logs every page created and published at INFO; a newcomer needs only the summary."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo content through the importer (idempotent) and create the demo admin login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--also",
            action="append",
            default=[],
            metavar="FILE",
            help="import this interchange file too (e.g. ../shared/eval/dev/corpus.jsonl)",
        )

    def handle(self, *args, also, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_content is for development sites (DEBUG=True) only.")
        for path in [DEMO_CONTENT, *map(Path, also)]:
            try:
                with open(path, "rb") as lines, quiet_page_logs():
                    report = ContentImporter().import_lines(lines)
            except OSError as error:
                raise CommandError(f"cannot read {path}: {error.strerror}") from None
            for line, message in report.errors:
                self.stderr.write(f"{path}:{line}: error: {message}")
            if report.failed:
                raise CommandError(f"{path.name}: {report.summary()}")
            self.stdout.write(f"{path.name}: {report.summary()}")
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.org", DEMO_ADMIN_PASSWORD)
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/ user {DEMO_ADMIN_USERNAME!r}, password {DEMO_ADMIN_PASSWORD!r}"
        )

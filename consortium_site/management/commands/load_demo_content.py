"""Give a newcomer a realistic site: demo content in every language and an admin login."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "changeme"  # noqa: S105 - printed to the developer, refused outside DEBUG


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and create the demo admin login in development."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_content is for development sites (DEBUG=True) only.")
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.org", DEMO_ADMIN_PASSWORD)
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/ user {DEMO_ADMIN_USERNAME!r}, password {DEMO_ADMIN_PASSWORD!r}"
        )

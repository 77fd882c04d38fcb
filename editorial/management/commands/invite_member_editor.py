from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from editorial.onboarding import invitation_languages, invite_member_editor
from members.models import MemberLibraryPage


def find_library(reference):
    """A member library by page id, interchange id or slug; every language version is the same library."""
    pages = MemberLibraryPage.objects.filter(external_id=reference)
    if not pages.exists():
        pages = MemberLibraryPage.objects.filter(slug=reference)
    if not pages.exists() and reference.isdigit():
        pages = MemberLibraryPage.objects.filter(pk=int(reference))
    libraries = {page.translation_key for page in pages}
    if not libraries:
        raise CommandError(f"No member library has the page id, interchange id or slug {reference!r}.")
    if len(libraries) > 1:
        raise CommandError(
            f"{reference!r} names {len(libraries)} different libraries; use the interchange id or page id."
        )
    return pages.order_by("pk").first()


class Command(BaseCommand):
    help = "Give EMAIL an editor's account for one member library and email a set-your-password link."

    def add_arguments(self, parser):
        parser.add_argument("library", help="the library's interchange id, slug or page id")
        parser.add_argument("email")
        parser.add_argument(
            "--language",
            choices=invitation_languages(),
            help="language of the email (default: the library's own language, or English if not one of these)",
        )

    def handle(self, library, email, language=None, **options):
        page = find_library(library)
        try:
            invitation = invite_member_editor(page, email, language=language)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        account = "new account" if invitation.created else "existing account"
        self.stdout.write(
            self.style.SUCCESS(
                f"{invitation.user.email} ({account}) now edits {invitation.library_name}; "
                "a set-your-password email has been sent."
            )
        )

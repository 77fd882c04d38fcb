"""Inviting a member library's staff: an account in the library's group and a set-your-password email."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from editorial.roles import MEMBER_LIBRARY_EDITORS, ensure_member_library_access
from members.models import MemberLibraryPage

FALLBACK_INVITATION_LANGUAGE = "en"


@dataclass
class Invitation:
    user: object
    created: bool
    library_name: str


def set_password_url(user):
    """A link to Wagtail's password reset confirm view (Django's token flow), valid PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def invitation_languages():
    """Languages the invitation is written in: those of the admin it leads to (its texts are translated there)."""
    return [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]


def library_language(library_page):
    """The language of the library's first version (its own), if the invitation is written in it; else English."""
    first = (
        MemberLibraryPage.objects.filter(translation_key=library_page.translation_key)
        .order_by("pk")
        .values_list("locale__language_code", flat=True)
        .first()
    )
    return first if first in invitation_languages() else FALLBACK_INVITATION_LANGUAGE


def invite_member_editor(library_page, email, language=None):
    """Create or reuse the account for `email`, put it in the library's editors, and email a password link.

    The email is written in `language`, by default the library's (library_language), never the inviter's.

    Raises ValidationError for a malformed address or a deactivated account (reactivating is an
    administrator's decision, not an invitation's).
    """
    email = email.strip()
    validate_email(email)
    User = get_user_model()
    with transaction.atomic():
        access = ensure_member_library_access(library_page)
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        created = user is None
        if created:
            username = email.lower()
            if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
                raise ValidationError(
                    _("The user name %(name)s is taken by another account."), params={"name": username}
                )
            user = User(**{User.USERNAME_FIELD: username}, email=email, is_active=True)
            user.set_unusable_password()
            user.save()
        elif not user.is_active:
            raise ValidationError(
                _("The account for %(email)s is deactivated; a site administrator must reactivate it first."),
                params={"email": email},
            )
        user.groups.add(access.group, Group.objects.get(name=MEMBER_LIBRARY_EDITORS))
    context = {
        "user": user,
        "library_name": access.library_name,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "set_password_url": set_password_url(user),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
        "username": user.get_username(),
        "needs_password": not user.has_usable_password(),
        "timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    with translation.override(language or library_language(library_page)):
        subject = render_to_string("editorial/emails/invite_member_editor_subject.txt", context).strip()
        message = render_to_string("editorial/emails/invite_member_editor.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])
    return Invitation(user=user, created=created, library_name=access.library_name)

"""Inviting a library's staff: by command or from the admin, an account in the right group and a password link."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.users.models import UserProfile

from members.factories import MemberLibraryPageFactory
from tests.editorial.conftest import access_of, make_user


def set_password_link(message):
    return re.search(r"http://\S+/admin/password_reset/confirm/\S+/", message.body).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["library-a", "pk", "interchange"])
def test_command_invites_by_slug_page_id_or_interchange_id(library_a, reference, capsys):
    library_a.external_id = "lib-kz-0001"
    library_a.save()
    value = {"library-a": "library-a", "pk": str(library_a.pk), "interchange": "lib-kz-0001"}[reference]
    call_command("invite_member_editor", value, "Aigerim@Example.edu.kz")
    user = get_user_model().objects.get(email="Aigerim@Example.edu.kz")
    assert user.groups.filter(pk=access_of(library_a).group.pk).exists()
    assert user.groups.filter(name="Member library editors").exists()
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Aigerim@Example.edu.kz"]
    assert "Library A" in mail.outbox[0].subject
    assert "Your user name is: aigerim@example.edu.kz" in mail.outbox[0].body
    assert "new account" in capsys.readouterr().out


@pytest.mark.django_db
def test_invited_editor_sets_password_through_the_link_and_signs_in(client, library_a):
    call_command("invite_member_editor", "library-a", "staff@example.edu.kz")
    link = set_password_link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Tulpar-reading-room-7", "new_password2": "Tulpar-reading-room-7"}
    )
    assert response.status_code == 302
    assert client.login(username="staff@example.edu.kz", password="Tulpar-reading-room-7")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[library_a.pk])).status_code == 200


@pytest.mark.django_db
def test_inviting_an_existing_account_reuses_it(library_a, library_b):
    call_command("invite_member_editor", "library-a", "staff@example.edu.kz")
    user = get_user_model().objects.get(email="staff@example.edu.kz")
    user.set_password("Tulpar-reading-room-7")
    user.save()
    call_command("invite_member_editor", "library-b", "STAFF@example.edu.kz")
    user = get_user_model().objects.get(email__iexact="staff@example.edu.kz")
    assert get_user_model().objects.filter(email__iexact="staff@example.edu.kz").count() == 1
    assert {access_of(library_a).group, access_of(library_b).group} <= set(user.groups.all())
    assert "already have an account" in mail.outbox[1].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("library", "email", "message"),
    [
        ("no-such-library", "a@example.org", "No member library"),
        ("library-a", "not-an-address", "valid email"),
        ("library-a", "gone@example.org", "deactivated"),
    ],
)
def test_command_refuses_with_a_clear_message_and_changes_nothing(library_a, library, email, message):
    make_user("gone", is_active=False)
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("invite_member_editor", library, email)
    assert get_user_model().objects.count() == users_before
    assert not access_of(library_a).group.user_set.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_moderator_invites_from_the_library_page_in_the_admin(client, moderator, library_a):
    client.force_login(moderator)
    page = client.get(reverse("wagtailadmin_explore", args=[library_a.get_parent().pk]))
    invite_url = reverse("editorial_invite_member_editor", args=[library_a.pk])
    assert invite_url in page.content.decode()
    response = client.post(invite_url, {"email": "librarian@example.edu.kz"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="librarian@example.edu.kz")
    assert user.groups.filter(pk=access_of(library_a).group.pk).exists()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_member_and_association_editors_cannot_invite(client, editor_a, association_editor, library_a):
    invite_url = reverse("editorial_invite_member_editor", args=[library_a.pk])
    for user in (editor_a, association_editor):
        client.force_login(user)
        response = client.post(invite_url, {"email": "friend@example.org"}, follow=True)
        assert response.status_code in (200, 403)
        assert not get_user_model().objects.filter(email="friend@example.org").exists()
    assert mail.outbox == []


@pytest.fixture
def kazakh_library(members_index, locales):
    return MemberLibraryPageFactory(
        parent=members_index.get_translation(locales["kk"]), title="Абай кітапханасы", slug="abai-library"
    )


@pytest.mark.django_db
def test_the_invitation_is_written_in_the_librarys_language_not_the_inviters(client, moderator, kazakh_library):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(moderator)
    response = client.post(reverse("editorial_invite_member_editor", args=[kazakh_library.pk]), {"email": "a@abai.kz"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject.endswith("енді «Абай кітапханасы» профилін өңдей аласыз")
    assert "Пайдаланушы атыңыз: a@abai.kz" in message.body
    assert "Ваше имя пользователя" not in message.body


@pytest.mark.django_db
def test_the_command_writes_in_the_librarys_language_or_the_one_asked_for(kazakh_library):
    call_command("invite_member_editor", "abai-library", "first@abai.kz")
    call_command("invite_member_editor", "abai-library", "second@abai.kz", "--language", "ru")
    kazakh, russian = mail.outbox
    assert "Пайдаланушы атыңыз: first@abai.kz" in kazakh.body
    assert "теперь вы можете редактировать профиль «Абай кітапханасы»" in russian.subject


@pytest.mark.django_db
def test_a_library_in_a_language_the_invitation_is_not_written_in_gets_it_in_english(members_index, locales):
    MemberLibraryPageFactory(parent=members_index.get_translation(locales["uz"]), title="Navoiy", slug="navoiy")
    call_command("invite_member_editor", "navoiy", "staff@navoiy.uz")
    assert "Your user name is: staff@navoiy.uz" in mail.outbox[0].body
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("invite_member_editor", "navoiy", "other@navoiy.uz", "--language", "xx")

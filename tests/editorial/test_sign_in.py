"""Sign-in hardening: brute-force lockout, deactivation, password reset, two-factor codes."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core import mail
from django.urls import reverse

from tests.editorial.conftest import make_user

PASSWORD = "a-long-passphrase-9"


def sign_in(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_from_that_address(client, settings, association_editor, moderator):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, association_editor.username, "wrong").status_code == 200
    assert sign_in(client, association_editor.username, "wrong").status_code == 429
    locked = sign_in(client, association_editor.username, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert not signed_in(client)
    assert sign_in(client, moderator.username, PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_deactivating_an_account_ends_its_sessions(client, association_editor):
    client.force_login(association_editor)
    assert signed_in(client)
    association_editor.is_active = False
    association_editor.save()
    assert not signed_in(client)
    assert client.get(reverse("wagtailadmin_pages:search")).status_code == 302


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, association_editor):
    answers = []
    for email in (association_editor.email, "nobody@example.org"):
        response = client.post(reverse("wagtailadmin_password_reset"), {"email": email}, follow=True)
        page = re.sub(r'(csrfmiddlewaretoken" value=|"CSRF_TOKEN": )"[^"]*"', "", response.content.decode())
        answers.append((response.status_code, response.redirect_chain, page))
    assert answers[0] == answers[1]
    assert [message.to for message in mail.outbox] == [[association_editor.email]]


def next_code(device):
    # The code of the next 30-second step (accepted within the default tolerance): a code is never used twice.
    return str(totp(device.bin_key, device.step, device.t0, device.digits, drift=1)).zfill(device.digits)


@pytest.mark.django_db
def test_two_factor_enrolment_and_sign_in_with_wagtail_2fa(client, settings, moderator, association_editor):
    settings.WAGTAIL_2FA_REQUIRED = True
    client.force_login(moderator)
    # Moderators hold "Enable 2FA": the admin sends them to set up a device first.
    assert reverse("wagtail_2fa_device_new") in client.get(reverse("wagtailadmin_home"))["Location"]
    assert client.get(reverse("wagtail_2fa_device_new")).status_code == 200
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    assert client.get(reverse("wagtail_2fa_device_qrcode")).status_code == 200
    enrolled = client.post(
        reverse("wagtail_2fa_device_new"), {"name": "Phone", "otp_token": next_code(device), "password": PASSWORD}
    )
    assert enrolled.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    client.force_login(moderator)
    assert reverse("wagtail_2fa_auth") in client.get(reverse("wagtailadmin_home"))["Location"]
    assert client.post(reverse("wagtail_2fa_auth"), {"otp_token": "000000"}).status_code == 200
    assert not signed_in(client)
    # Half a minute later: a new time step, and the failed attempt's throttling delay has passed.
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    assert client.post(reverse("wagtail_2fa_auth"), {"otp_token": next_code(device)}).status_code == 302
    assert signed_in(client)

    # Editors may enrol from their account menu but are not made to.
    client.force_login(association_editor)
    assert signed_in(client)
    devices = client.get(reverse("wagtail_2fa_device_list", args=[association_editor.pk]))
    assert devices.status_code == 200
    assert reverse("wagtail_2fa_device_new") in devices.content.decode()


@pytest.mark.django_db
def test_user_listing_works_with_the_two_factor_buttons(client, settings):
    client.force_login(make_user("site-admin-2fa", "Site administrators"))
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    assert "Manage 2FA" in response.content.decode()


@pytest.mark.django_db
def test_staff_signed_in_without_their_code_are_asked_for_it_outside_the_admin_too(
    client, settings, moderator, home_page
):
    settings.WAGTAIL_2FA_REQUIRED = True
    TOTPDevice.objects.create(user=moderator, name="Phone", confirmed=True)
    client.force_login(moderator)
    # A password alone opens no private page or document: the session is checked on every address.
    response = client.get(home_page.url)
    assert response.status_code == 302
    assert reverse("wagtail_2fa_auth") in response["Location"]
    client.logout()
    assert client.get(home_page.url).status_code == 200

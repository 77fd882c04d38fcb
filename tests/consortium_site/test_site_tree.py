import pytest

from django.conf import settings

from consortium_site.models import HomePage


@pytest.mark.django_db
def test_every_switcher_language_has_a_live_home_page_after_migrate():
    codes = set(HomePage.objects.live().values_list("locale__language_code", flat=True))
    assert set(settings.SWITCHER_LANGUAGES) <= codes


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "ru", "kk", "uz", "ky"])
def test_home_page_is_served_in_each_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()

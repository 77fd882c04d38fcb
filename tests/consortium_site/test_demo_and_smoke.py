"""The demo content loads through the importer, and the site serves every kind of page in each language."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from members.models import MemberLibraryPage

LOCALES = ["en", "ru", "kk", "uz", "ky"]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        with override_settings(DEBUG=True):
            call_command("load_demo_content", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_content_loads_without_errors_and_explains_the_admin_login(demo_site):
    assert "0 failed" in demo_site
    assert "user 'admin', password 'changeme'" in demo_site
    assert get_user_model().objects.get(username="admin").check_password("changeme")


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(demo_site):
    output = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo_content", stdout=output)

    assert "0 created, 0 updated, 32 unchanged, 0 failed" in output.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_demo_content_is_refused_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("code", LOCALES)
def test_each_locale_serves_home_article_case_study_and_member_profile(client, demo_site, code):
    pages = [
        model.objects.live().filter(locale__language_code=code).order_by("pk").first()
        for model in (BestPracticeArticlePage, StaffingCaseStudyPage, MemberLibraryPage)
    ]
    assert all(pages), f"the demo has no article, case study or member library in {code}"
    for url in [f"/{code}/", *(page.url for page in pages)]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{code}">' in html
        assert 'class="skip-link" href="#main"' in html
    assert pages[0].title in client.get(f"/{code}/").content.decode()


@pytest.mark.django_db
def test_language_switcher_links_a_page_to_its_translations(client, demo_site):
    article = BestPracticeArticlePage.objects.get(external_id="art-koha-kaznu")
    russian = BestPracticeArticlePage.objects.get(external_id="art-koha-kaznu-ru")

    html = client.get(article.url).content.decode()

    assert f'<a href="{russian.url}" lang="ru" hreflang="ru">Русский</a>' in html
    assert f'<link rel="alternate" hreflang="ru" href="{russian.full_url}">' in html
    assert '<a href="/ky/" lang="ky" hreflang="ky" class="to-home">' in html


@pytest.mark.django_db
def test_uzbek_text_in_cyrillic_is_marked_as_such(client, demo_site):
    page = BestPracticeArticlePage.objects.get(external_id="art-manuscripts-samdu")

    html = client.get(page.url).content.decode()

    assert '<article class="wrap" lang="uz-Cyrl">' in html

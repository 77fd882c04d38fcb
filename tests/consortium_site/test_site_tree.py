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


@pytest.mark.django_db
@pytest.mark.parametrize("old_title", ["Best practices", "Ilg'or tajribalar"])
def test_a_tree_titled_in_english_or_an_older_spelling_gets_the_current_translation(client, old_title):
    from best_practices.models import BestPracticeIndexPage
    from consortium_site.site_tree import ensure_site_tree

    index = BestPracticeIndexPage.objects.get(locale__language_code="uz")
    index.title = index.draft_title = old_title
    index.save_revision().publish()

    ensure_site_tree()

    index.refresh_from_db()
    assert index.title == "Ilgʻor tajribalar"
    assert ">Ilgʻor tajribalar</a>" in client.get("/uz/").content.decode()


@pytest.mark.django_db
def test_a_tree_title_an_editor_chose_is_kept():
    from best_practices.models import BestPracticeIndexPage
    from consortium_site.site_tree import ensure_site_tree

    index = BestPracticeIndexPage.objects.get(locale__language_code="uz")
    index.title = index.draft_title = "Tajribalar"
    index.save_revision().publish()

    ensure_site_tree()

    index.refresh_from_db()
    assert index.title == "Tajribalar"

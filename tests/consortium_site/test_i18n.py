"""Interface strings, page-tree titles and taxonomy names follow the language of the page."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.html import escape

from best_practices.factories import BestPracticeArticlePageFactory
from best_practices.models import BestPracticeIndexPage
from consortium_site.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "skip_link", "practices_title"),
    [
        ("ru", "Перейти к основному содержанию", "Лучшие практики"),
        ("kk", "Негізгі мазмұнға өту", "Үздік тәжірибелер"),
        ("uz", "Asosiy mazmunga o'tish", "Ilg'or tajribalar"),
        ("ky", "Негизги мазмунга өтүү", "Мыкты тажрыйбалар"),
    ],
)
def test_interface_and_page_tree_are_translated(client, code, skip_link, practices_title):
    html = client.get(f"/{code}/").content.decode()

    assert skip_link in html
    assert BestPracticeIndexPage.objects.get(locale__language_code=code).title == practices_title
    assert f">{escape(practices_title)}</a>" in html


def test_russian_listing_uses_russian_plurals_and_filter_labels(client, locales):
    index = BestPracticeIndexPage.objects.get(locale=locales["ru"])
    for number in range(3):
        BestPracticeArticlePageFactory(parent=index, title=f"Практика {number}", locale=locales["ru"])

    html = client.get(index.url).content.decode()

    assert "3 результата" in html
    assert '<label for="id_theme">Тема</label>' in html
    assert '<option value="KZ">Казахстан</option>' in html


def test_taxonomy_and_country_names_are_shown_in_the_page_language(client, locales):
    index = BestPracticeIndexPage.objects.get(locale=locales["kk"])
    article = BestPracticeArticlePageFactory(parent=index, locale=locales["kk"])
    article.sdg_goals.set(SustainableDevelopmentGoal.objects.filter(number=4))
    article.themes.add("open-access")
    article.save()

    html = client.get(article.url).content.decode()

    assert "4. Сапалы білім" in html
    assert ">Ашық қолжетімділік</a>" in html
    assert "Қазақстан" in html


def test_content_in_a_language_without_interface_translations_marks_the_interface_as_english(client, locales):
    from consortium_site.site_tree import find_index_page

    index = find_index_page(BestPracticeIndexPage, locales["tg"])
    article = BestPracticeArticlePageFactory(parent=index, locale=locales["tg"], title="Феҳристи электронӣ")

    html = client.get(article.url).content.decode()

    assert '<html lang="tg">' in html
    assert '<header class="site-header" lang="en">' in html


def test_kyrgyzstan_is_called_by_its_own_name_in_russian(client, locales):
    from members.factories import MemberLibraryPageFactory
    from members.models import MemberLibraryIndexPage

    index = MemberLibraryIndexPage.objects.get(locale=locales["ru"])
    MemberLibraryPageFactory(parent=index, locale=locales["ru"], country="KG", title="Библиотека КНУ")

    html = client.get(index.url).content.decode()

    assert '<h2 id="country-KG">Кыргызстан' in html
    assert "Киргизия" not in html


def _site_administrator(username, **profile):
    from wagtail.users.models import UserProfile

    from editorial.roles import SITE_ADMINISTRATORS

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-passphrase-9")
    user.groups.add(Group.objects.get(name=SITE_ADMINISTRATORS))
    UserProfile.objects.filter(pk=UserProfile.get_for_user(user).pk).update(**profile)
    return user


def test_editors_can_choose_russian_or_kazakh_for_the_admin_in_their_account(client, db):
    client.force_login(_site_administrator("site-admin"))

    html = client.get("/admin/account/").content.decode()

    assert '<option value="ru">' in html
    assert '<option value="kk">' in html


def test_kazakh_dates_read_day_month_year(client, locales):
    index = BestPracticeIndexPage.objects.get(locale=locales["kk"])
    BestPracticeArticlePageFactory(parent=index, locale=locales["kk"], publication_date=datetime.date(2024, 5, 1))

    html = client.get(index.url).content.decode()

    assert '<time datetime="2024-05-01">1 Мамыр 2024 ж.</time>' in html

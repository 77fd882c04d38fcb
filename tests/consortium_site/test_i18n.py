"""Interface strings, page-tree titles and taxonomy names follow the language of the page."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views.defaults import server_error

from best_practices.factories import BestPracticeArticlePageFactory
from best_practices.models import BestPracticeIndexPage
from consortium_site.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "skip_link", "practices_title"),
    [
        ("ru", "Перейти к основному содержанию", "Лучшие практики"),
        ("kk", "Негізгі мазмұнға өту", "Үздік тәжірибелер"),
        ("uz", "Asosiy mazmunga oʻtish", "Ilgʻor tajribalar"),
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


LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("code", ["ru", "kk", "uz", "ky"])
def test_every_catalog_passes_msgfmt_check(code):
    """Placeholders, plural forms and headers as gettext checks them: a broken entry would fail at run time."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", LOCALE_DIR / code / "LC_MESSAGES" / "django.po"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_russian_and_kazakh_catalogs_have_no_fuzzy_or_missing_entries(code):
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", LOCALE_DIR / code / "LC_MESSAGES" / "django.po"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


@pytest.fixture
def catalogue_pages(practices_index, locales):
    from search.queue import reindex_pending
    from tests.search.pages import publish_article

    for code in ("ru", "kk", "uz", "ky"):
        publish_article(
            practices_index.get_translation(locales[code]),
            f"Электронный каталог ({code})",
            body="Каталог Koha для студентов.",
            date=datetime.date(2024, 5, 1),
        )
    publish_article(practices_index, "Mentoring young librarians", body="A mentoring scheme for new staff.")
    assert not reindex_pending().errors


SEARCH_PAGE_LABELS = {
    "ru": [
        "<title>«каталог»: поиск",
        "Поиск по практикам, кейсам и библиотекам на любом языке",
        "4 результата",
        "<h2>Язык</h2>",
        "<h2>Год</h2>",
        "Статья о лучшей практике",
        'aria-label="Уточнить результаты"',
        "5 подсказок: выбирайте клавишами со стрелками вверх и вниз",
    ],
    "kk": [
        "<title>«каталог»: іздеу",
        "Тәжірибелерді, кейстерді және кітапханаларды кез келген тілде іздеу",
        "4 нәтиже",
        "<h2>Тіл</h2>",
        "<h2>Жыл</h2>",
        "Үздік тәжірибе туралы мақала",
        'aria-label="Нәтижелерді нақтылау"',
        "ұсыныс: жоғары және төмен көрсеткі пернелерімен таңдаңыз",
    ],
    "uz": [
        "<title>«каталог»: qidiruv",
        "Tajribalar, keyslar va kutubxonalarni istalgan tilda qidirish",
        "4 ta natija",
        "<h2>Til</h2>",
        "<h2>Yil</h2>",
        "Ilgʻor tajriba maqolasi",
        'aria-label="Natijalarni aniqlashtirish"',
    ],
    "ky": [
        "<title>«каталог»: издөө",
        "Тажрыйбаларды, кейстерди жана китепканаларды каалаган тилде издөө",
        "4 натыйжа",
        "<h2>Тил</h2>",
        "<h2>Жыл</h2>",
        "Мыкты тажрыйба тууралуу макала",
        'aria-label="Натыйжаларды тактоо"',
    ],
}


@pytest.mark.parametrize("code", SEARCH_PAGE_LABELS)
def test_search_page_labels_facets_and_result_types_are_translated(client, catalogue_pages, code):
    html = client.get(f"/{code}/search/", {"q": "каталог"}).content.decode()

    for label in SEARCH_PAGE_LABELS[code]:
        assert label in html
    for english in ("Refine the results", "<h2>Language</h2>", "<h2>Year</h2>", "Best-practice article", " results"):
        assert english not in html


@pytest.mark.parametrize(
    ("code", "did_you_mean"),
    [
        ("ru", 'Возможно, вы имели в виду <a href="?q=mentoring">mentoring</a>?'),
        ("kk", 'Мүмкін, <a href="?q=mentoring">mentoring</a> деп іздегіңіз келді ме?'),
    ],
)
def test_did_you_mean_reads_in_the_page_language_around_its_link(client, catalogue_pages, code, did_you_mean):
    html = client.get(f"/{code}/search/", {"q": "mentorign"}).content.decode()

    assert did_you_mean in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ru", "Поиск сейчас недоступен. Попробуйте ещё раз через минуту."),
        ("kk", "Іздеу қазір қолжетімсіз. Бір минуттан кейін қайталап көріңіз."),
        ("uz", "Qidiruv hozir ishlamayapti. Bir daqiqadan soʻng qayta urinib koʻring."),
        ("ky", "Издөө азыр иштебей турат. Бир мүнөттөн кийин кайра аракет кылып көрүңүз."),
    ],
)
def test_search_outage_is_explained_in_the_page_language(client, db, monkeypatch, code, message):
    def engine_down(params):
        raise ConnectionError("search engine down")

    monkeypatch.setattr("search.views.run_search", engine_down)

    response = client.get(f"/{code}/search/", {"q": "каталог"})

    assert response.status_code == 503
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("code", "title"),
    [("ru", "Ошибка сервера"), ("kk", "Сервер қатесі"), ("uz", "Server xatosi"), ("ky", "Сервер катасы")],
)
def test_server_error_page_speaks_the_visitors_language(rf, code, title):
    with translation.override(code):
        html = server_error(rf.get(f"/{code}/")).content.decode()

    assert f'<html lang="{code}">' in html
    assert f"<h1>{title}</h1>" in html


ADMIN_LABELS = {
    "ru": ["Пригласить редактора", "Адрес электронной почты", "Отправить приглашение"],
    "kk": ["Редактор шақыру", "Электрондық пошта мекенжайы", "Шақыру жіберу"],
}


def _site_administrator(username, **profile):
    from wagtail.users.models import UserProfile

    from editorial.roles import SITE_ADMINISTRATORS

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-passphrase-9")
    user.groups.add(Group.objects.get(name=SITE_ADMINISTRATORS))
    UserProfile.objects.filter(pk=UserProfile.get_for_user(user).pk).update(**profile)
    return user


@pytest.mark.parametrize(
    ("code", "headers", "profile"),
    [
        ("ru", {"accept-language": "ru"}, {}),
        ("kk", {"accept-language": "kk"}, {}),
        ("kk", {"accept-language": "en"}, {"preferred_language": "kk"}),
    ],
    ids=["ru-browser", "kk-browser", "kk-account-preference"],
)
def test_invite_an_editor_page_is_in_the_editors_language(client, members_index, code, headers, profile):
    """Wagtail has no Kazakh, so without WAGTAILADMIN_PERMITTED_LANGUAGES an editor with a profile would get English."""
    from members.factories import MemberLibraryPageFactory

    library = MemberLibraryPageFactory(parent=members_index, title="Library A")
    client.force_login(_site_administrator("site-admin", **profile))

    html = client.get(reverse("editorial_invite_member_editor", args=[library.pk]), headers=headers).content.decode()

    assert f'<html lang="{code}"' in html
    for label in ADMIN_LABELS[code]:
        assert label in html


def test_editors_can_choose_russian_or_kazakh_for_the_admin_in_their_account(client, db):
    client.force_login(_site_administrator("site-admin"))

    html = client.get("/admin/account/").content.decode()

    assert '<option value="ru">' in html
    assert '<option value="kk">' in html


@pytest.mark.parametrize(
    ("code", "refusal", "library_language", "subject"),
    [
        (
            "ru",
            "Учётная запись gone@example.edu.kz отключена; сначала её должен снова включить администратор сайта.",
            "kk",
            "Library Commons: енді «Library A» профилін өңдей аласыз",
        ),
        (
            "kk",
            "gone@example.edu.kz тіркелгісі өшірілген; алдымен оны сайт әкімшісі қайта қосуы керек.",
            "ru",
            "Library Commons: теперь вы можете редактировать профиль «Library A»",
        ),
    ],
    ids=["ru", "kk"],
)
def test_invitation_refusals_are_in_the_inviters_language_and_the_email_in_the_librarys(
    client, members_index, locales, code, refusal, library_language, subject
):
    from members.factories import MemberLibraryPageFactory

    library = MemberLibraryPageFactory(
        parent=members_index.get_translation(locales[library_language]), title="Library A"
    )
    get_user_model().objects.create_user("gone", "gone@example.edu.kz", is_active=False)
    client.force_login(_site_administrator("site-admin"))
    url = reverse("editorial_invite_member_editor", args=[library.pk])

    refused = client.post(url, {"email": "gone@example.edu.kz"}, headers={"accept-language": code})
    invited = client.post(url, {"email": "librarian@example.edu.kz"}, headers={"accept-language": code})

    assert escape(refusal) in refused.content.decode()
    assert invited.status_code == 302
    assert mail.outbox[-1].subject == subject


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("ru", ["Поиски без результатов", "Запрос", "Сколько раз искали", "Последний поиск"]),
        ("kk", ["Нәтижесіз іздеулер", "Сұраныс", "Іздеу саны", "Соңғы іздеу"]),
    ],
)
def test_content_gap_report_is_in_the_editors_language(client, db, code, labels):
    from search.models import ZeroResultQuery

    ZeroResultQuery.record("оцифровка рукописей", "ru")
    client.force_login(_site_administrator("site-admin"))

    html = client.get("/admin/reports/search-content-gaps/", headers={"accept-language": code}).content.decode()

    for label in labels:
        assert label in html


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("ru", ["Доступ библиотек-членов", "Публикует без проверки", "Группа редакторов"]),
        ("kk", ["Мүше кітапханалардың қол жеткізу құқықтары", "Тексерусіз жариялайды", "Редакторлар тобы"]),
    ],
)
def test_member_library_access_settings_are_in_the_editors_language(client, members_index, code, labels):
    from members.factories import MemberLibraryPageFactory

    MemberLibraryPageFactory(parent=members_index, title="Library A")
    client.force_login(_site_administrator("site-admin"))

    html = client.get("/admin/member_library_access/", headers={"accept-language": code}).content.decode()

    assert "Library A" in html
    for label in labels:
        assert label in html


def test_kazakh_dates_read_day_month_year(client, locales):
    index = BestPracticeIndexPage.objects.get(locale=locales["kk"])
    BestPracticeArticlePageFactory(parent=index, locale=locales["kk"], publication_date=datetime.date(2024, 5, 1))

    html = client.get(index.url).content.decode()

    assert '<time datetime="2024-05-01">1 Мамыр 2024 ж.</time>' in html


@pytest.mark.parametrize(
    ("code", "texts"),
    [
        ("ru", ["Двухфакторная аутентификация делает учётную запись надёжнее", "Одноразовый код", "Текущий пароль"]),
        ("kk", ["Екі факторлы аутентификация тіркелгіңізді жақсырақ қорғайды", "Бір реттік код", "Қазіргі құпиясөз"]),
    ],
)
def test_two_factor_enrolment_is_in_the_editors_language(client, db, code, texts):
    """wagtail-2fa has no Russian or Kazakh; editorial/two_factor_messages.py puts its texts in locale/."""
    client.force_login(_site_administrator("site-admin"))

    html = client.get(reverse("wagtail_2fa_device_new"), headers={"accept-language": code}).content.decode()

    for text in texts:
        assert text in html

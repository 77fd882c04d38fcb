"""A screen reader picks its voice from `lang`: interface text and the page's own text each carry their
language where the two differ (Tajik content has an English interface, Cyrillic Uzbek content a Latin one)."""

import pytest
from bs4 import BeautifulSoup

from django.utils import translation

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from best_practices.models import BestPracticeIndexPage
from consortium_site.site_tree import find_index_page
from members.factories import MemberLibraryPageFactory
from members.models import MemberLibraryIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_active_language():
    """The locale middleware leaves the last request's language active in this thread; later tests expect theirs."""
    language = translation.get_language()
    yield
    translation.activate(language)


def language_of(element):
    """The language an element is read in: its own `lang` or its nearest ancestor's."""
    marked = element if element.has_attr("lang") else element.find_parent(attrs={"lang": True})
    return marked["lang"]


def page_soup(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_tajik_article_marks_its_interface_english_and_its_text_tajik(client, locales):
    index = find_index_page(BestPracticeIndexPage, locales["tg"])
    article = BestPracticeArticlePageFactory(
        parent=index, locale=locales["tg"], title="Феҳристи электронӣ", summary="Феҳристи китобхона.", countries=["TJ"]
    )
    article.themes.add("Cataloguing")
    article.save()

    soup = page_soup(client, article)

    assert soup.html["lang"] == "tg"
    assert language_of(soup.find("h1")) == "tg"
    assert language_of(soup.select_one(".summary")) == "tg"
    for interface_text in (soup.select_one(".kind"), soup.select_one(".meta"), soup.find("h2", string="Themes")):
        assert language_of(interface_text) == "en", interface_text
    assert language_of(soup.select_one("nav.main-nav")) == "en"


def test_tajik_listing_and_profile_mark_interface_and_content_apart(client, locales):
    practices = find_index_page(BestPracticeIndexPage, locales["tg"])
    StaffingCaseStudyPageFactory(parent=practices, locale=locales["tg"], title="Кадрҳои китобхона", country="TJ")
    members = find_index_page(MemberLibraryIndexPage, locales["tg"])
    library = MemberLibraryPageFactory(
        parent=members, locale=locales["tg"], title="Китобхонаи илмӣ", country="TJ", city="Душанбе"
    )

    listing = page_soup(client, practices)
    assert language_of(listing.find("h1")) == "en"  # the index page's title is the interface's "Best practices"
    assert language_of(listing.find("label", string="Theme")) == "en"
    assert language_of(listing.select_one(".card h3")) == "tg"
    assert language_of(listing.select_one(".card .meta")) == "en"

    profile = page_soup(client, library)
    assert language_of(profile.find("h1")) == "tg"
    assert language_of(profile.find("dt", string="Country")) == "en"
    assert language_of(profile.find("dd", string="Душанбе")) == "tg"


def test_cyrillic_uzbek_article_marks_its_latin_interface_uz(client, locales):
    index = BestPracticeIndexPage.objects.get(locale=locales["uz"])
    article = BestPracticeArticlePageFactory(
        parent=index, locale=locales["uz"], title="Нодир қўлёзмаларни рақамлаштириш", summary="Кичик жамоа учун."
    )

    soup = page_soup(client, article)

    assert language_of(soup.find("h1")) == "uz-Cyrl"
    assert language_of(soup.select_one(".kind")) == "uz"

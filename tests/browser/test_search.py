"""Search in a real browser: suggestions under the box (keyboard only), facets and "did you mean"."""

import re

import pytest

from best_practices.models import BestPracticeIndexPage
from search.engines import database as database_engine
from tests.search.pages import publish_article


@pytest.fixture
def articles(db, settings):
    settings.SEARCH_BACKEND = "database"
    practices = BestPracticeIndexPage.objects.get(locale__language_code="en")
    publish_article(practices, "Cataloguing rare manuscripts", body="Catalogue records for manuscripts.")
    publish_article(practices, "Catalogue migration to Koha", body="Moving the catalogue to Koha.", countries=["UZ"])


def facet_options(page, facet):
    """The options of one facet as "label count", in the order shown."""
    group = page.get_by_role("complementary").locator("section", has=page.get_by_role("heading", name=facet))
    return [" ".join(option.split()) for option in group.get_by_role("listitem").all_inner_texts()]


@pytest.mark.browser
def test_suggestions_facets_and_did_you_mean(browser_page, articles):
    page = browser_page
    page.goto(f"{page.base_url}/en/search/")
    box = page.get_by_role("combobox")
    box.press_sequentially("catal", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    chosen = options.first.inner_text()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q="))
    assert page.get_by_role("combobox").input_value() == chosen
    assert page.locator(".search-hit").count() == 2
    assert page.locator("#results-heading").inner_text() == "2 results"
    assert facet_options(page, "Country") == ["Kazakhstan 1", "Uzbekistan 1"]

    page.get_by_role("complementary").get_by_role("link", name="Uzbekistan").click()
    page.wait_for_url(re.compile(r"country=UZ"))
    assert page.locator(".search-hit h3").all_inner_texts() == ["Catalogue migration to Koha"]
    assert page.locator("#results-heading").inner_text() == "1 result"
    # The other country stays in the facet (disjunctive facets), so the visitor can switch without removing.
    assert facet_options(page, "Country") == ["Kazakhstan 1", "Uzbekistan 1"]
    selected = page.get_by_role("complementary").get_by_role("link", name="Uzbekistan", exact=True)
    assert selected.get_attribute("aria-current") == "true"
    page.get_by_role("list", name="Active filters").get_by_role("link", name=re.compile("^Country: Uzbekistan")).click()
    page.wait_for_url(re.compile(r"/en/search/\?q=[^&]+$"))
    assert page.locator("#results-heading").inner_text() == "2 results"

    page.get_by_role("combobox").fill("manuscrpts")
    page.get_by_role("combobox").press("Enter")
    page.wait_for_url(re.compile(r"q=manuscrpts"))
    assert page.locator(".did-you-mean").inner_text() == "Did you mean manuscripts?"
    page.locator(".did-you-mean").get_by_role("link", name="manuscripts").click()
    page.wait_for_url(re.compile(r"q=manuscripts"))
    assert "Cataloguing rare manuscripts" in page.locator(".search-results").inner_text()


@pytest.fixture
def russian_articles(db, settings):
    settings.SEARCH_BACKEND = "database"
    # The vocabulary is cached per process: words earlier tests indexed would add suggestions.
    database_engine._caches.clear()
    practices = BestPracticeIndexPage.objects.get(locale__language_code="ru")
    publish_article(practices, "Каталог редких книг", body="Каталогизация рукописей и каталожные карточки.")
    publish_article(
        practices, "Библиотека университета", body="Библиотеки, библиотекарь, библиотечный фонд, в библиотеке."
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "announced"),
    [
        pytest.param("каталоги", "1 подсказка: выбирайте клавишами со стрелками вверх и вниз", id="one"),
        pytest.param("катал", "3 подсказки: выбирайте клавишами со стрелками вверх и вниз", id="few"),
        pytest.param("библиот", "5 подсказок: выбирайте клавишами со стрелками вверх и вниз", id="many"),
    ],
)
def test_the_number_of_suggestions_is_announced_in_correct_russian(browser_page, russian_articles, prefix, announced):
    page = browser_page
    page.goto(f"{page.base_url}/ru/search/")
    page.get_by_role("combobox").press_sequentially(prefix, delay=30)
    page.get_by_role("option").first.wait_for()
    count = int(announced.split()[0])
    assert page.get_by_role("option").count() == count
    assert page.locator(".search-box [role=status]").inner_text() == announced

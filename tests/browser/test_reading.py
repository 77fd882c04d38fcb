"""A reader in a real browser: from the listing into an article, its blocks and themes, and across languages."""

import re

import pytest


def language_links(page):
    """The language switcher (its accessible name is in the page's own language)."""
    return page.locator("nav.language-switcher")


@pytest.mark.browser
def test_reader_skips_to_the_content_opens_an_article_reads_its_blocks_and_follows_a_theme(browser_page, site_content):
    page = browser_page
    page.goto(f"{page.base_url}/en/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("link => link === document.activeElement")
    assert skip_link.bounding_box()["x"] >= 0, "the focused skip link is off screen"
    assert skip_link.evaluate("link => getComputedStyle(link).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Best practices").click()
    page.wait_for_url("**/en/practices/")
    page.get_by_role("link", name="Moving a two-million-record catalogue to Koha").click()
    page.wait_for_url(f"**{site_content.article.url}")

    main = page.get_by_role("main")
    assert main.get_by_role("heading", level=1).inner_text() == "Moving a two-million-record catalogue to Koha"
    assert main.get_by_role("heading", name="Preparing the records", level=2).is_visible()
    assert main.get_by_role("heading", name="Timeline", level=3).is_visible()
    assert main.locator(".body li").all_inner_texts() == [
        "clean duplicate authors",
        "map local fields to MARC 21",
        "load by year",
    ]
    table = main.get_by_role("table", name="Stages of the migration")
    assert table.get_by_role("columnheader").all_inner_texts() == ["Stage", "Months"]
    assert table.get_by_role("row").count() == 3
    assert "Clean the authors first" in main.locator("blockquote").inner_text()
    assert main.get_by_role("img", name="Students at the new catalogue terminals").is_visible()
    assert main.get_by_role("link", name="Koha", exact=True).get_attribute("href") == "https://koha-community.org/"
    libraries = main.get_by_role("region", name="Member libraries involved")
    assert libraries.get_by_role("link").all_inner_texts() == ["Al-Farabi Kazakh National University Library"]

    main.get_by_role("region", name="Themes").get_by_role("link", name="Library systems").click()
    page.wait_for_url(re.compile(r"/en/practices/\?theme=library-systems$"))
    assert page.get_by_label("Theme").input_value() == "library-systems"
    assert page.locator(".result-count").inner_text() == "1 result"
    assert page.locator(".card h3").all_inner_texts() == ["Moving a two-million-record catalogue to Koha"]


@pytest.mark.browser
def test_reader_switches_an_article_to_its_translations_and_falls_back_to_the_home_page(browser_page, site_content):
    page = browser_page
    page.goto(f"{page.base_url}{site_content.article.url}")
    assert page.locator("html").get_attribute("lang") == "en"

    language_links(page).get_by_role("link", name="Русский").click()
    page.wait_for_url(f"**{site_content.article_ru.url}")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Перенос каталога в два миллиона записей в Koha"
    assert language_links(page).get_by_role("link", name="Русский").get_attribute("aria-current") == "true"
    assert page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Лучшие практики").is_visible()

    language_links(page).get_by_role("link", name="Қазақша").click()
    page.wait_for_url(f"**{site_content.article_kk.url}")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == "Екі миллион жазбасы бар каталогты Koha жүйесіне көшіру"

    language_links(page).get_by_role("link", name="English").click()
    page.wait_for_url(f"**{site_content.article.url}")
    assert page.locator("html").get_attribute("lang") == "en"

    # An article with no Russian translation: the switcher says so and leads to the Russian home page.
    page.goto(f"{page.base_url}{site_content.untranslated_article.url}")
    to_russian = language_links(page).get_by_role("link", name="Русский (home page; this page is not translated)")
    to_russian.click()
    page.wait_for_url(re.compile(r"/ru/$"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=2, name="Новые лучшие практики").is_visible()

    # The search page keeps the query in the other language.
    page.goto(f"{page.base_url}/en/search/?q=koha")
    language_links(page).get_by_role("link", name="Русский").click()
    page.wait_for_url(re.compile(r"/ru/search/\?q=koha$"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("combobox").input_value() == "koha"
    assert page.locator(".search-hit").count() == 4

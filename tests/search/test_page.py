"""The /<lang>/search/ page: a plain GET form, results with snippets and badges, facets, paging, languages."""

import re

import pytest

from tests.search.pages import publish_article, publish_case_study


@pytest.fixture
def articles(practices_index, locales, drain):
    russian_practices = practices_index.get_translation(locales["ru"])
    pages = [
        publish_article(
            practices_index,
            f"Reading club number {number}",
            body="Students meet weekly to discuss books found in the Koha catalogue.",
            themes=["reading-promotion"],
        )
        for number in range(12)
    ]
    pages.append(
        publish_article(
            russian_practices, "Клуб чтения для студентов", body="Еженедельные встречи студентов, каталог Koha."
        )
    )
    pages.append(publish_case_study(practices_index, "Mentoring young librarians", body="A mentoring scheme."))
    drain()
    return pages


def page_html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_without_javascript_is_a_plain_get_form(client, db):
    html = page_html(client, "/en/search/")
    form = re.search(r"<form[^>]*>", html).group(0)
    assert 'method="get"' in form
    assert 'action="/en/search/"' in form
    assert 'name="q"' in html
    assert "<script" not in html.split("</main>")[0]
    assert re.search(r'<script src="/static/search/autocomplete\.js" defer>', html)


def test_results_show_highlighted_snippet_language_type_and_date(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="students weekly")
    assert "<mark>Students</mark>" in html or "<mark>students</mark>" in html
    assert 'class="badge"' in html
    assert "Best-practice article" in html
    assert '<time datetime="2024-05-01">' in html
    assert "12 results" in html


def test_facets_link_to_the_filtered_search_and_keep_the_query(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="koha")
    assert re.search(r'href="\?q=koha&amp;type=article">[^<]*</a> <span class="count">13</span>', html)
    assert re.search(r'href="\?q=koha&amp;lang=ru">Русский</a> <span class="count">1</span>', html)
    filtered = page_html(client, "/en/search/", q="koha", lang="ru")
    assert "Клуб чтения для студентов" in filtered
    assert "Reading club number" not in filtered
    assert 'aria-current="true"' in filtered
    # The active filter can be removed, keeping the query.
    assert 'href="?q=koha"' in filtered


def test_choosing_a_facet_value_keeps_its_other_values_selectable(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="koha", lang="ru")
    assert "Reading club number" not in html
    assert re.search(r'href="\?q=koha" aria-current="true">Русский</a> <span class="count">1</span>', html)
    assert re.search(r'href="\?q=koha&amp;lang=en">English</a> <span class="count">12</span>', html)
    switched = page_html(client, "/en/search/", q="koha", lang="en")
    assert "Reading club number" in switched
    assert "Клуб чтения для студентов" not in switched


def test_results_are_paged_with_links_that_keep_the_filters(engine_name, client, articles):
    first = page_html(client, "/en/search/", q="reading club", type="article")
    assert 'rel="next" href="?q=reading+club&amp;type=article&amp;page=2"' in first
    second = page_html(client, "/en/search/", q="reading club", type="article", page="2")
    assert 'rel="prev" href="?q=reading+club&amp;type=article"' in second


def test_a_page_beyond_the_last_goes_to_the_last(engine_name, client, articles):
    response = client.get("/en/search/", {"q": "reading club", "page": "99"})
    assert response.status_code == 302
    assert response["Location"] == "?q=reading+club&page=2"


def test_bad_filters_on_the_page_are_dropped_not_errors(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="reading club", type="video", page="-3", country="XYZ")
    assert "Reading club number" in html


def test_a_misspelt_query_offers_did_you_mean(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="mentorign")
    match = re.search(r'class="did-you-mean">[^<]*<a href="\?q=([^"&]+)"', html)
    assert match
    assert match.group(1) == "mentoring"


def test_the_page_speaks_the_language_of_its_prefix(client, db):
    html = page_html(client, "/ru/search/")
    assert '<html lang="ru">' in html


def test_the_language_switcher_keeps_the_search(engine_name, client, articles):
    html = page_html(client, "/en/search/", q="reading club")
    assert 'href="/ru/search/?q=reading+club"' in html
    assert 'href="/kk/search/?q=reading+club"' in html


def test_the_unprefixed_address_redirects_to_the_visitors_language(client, db):
    response = client.get("/search/", {"q": "каталог"}, headers={"accept-language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/search/?q=%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3"


@pytest.mark.parametrize(
    ("language", "theme_name"),
    [
        ("en", "Reading promotion"),
        ("ru", "Продвижение чтения"),
        ("kk", "Кітап оқуды насихаттау"),
        ("uz", "Kitobxonlikni targʻib qilish"),
        ("ky", "Китеп окууну жайылтуу"),
    ],
)
def test_the_theme_facet_shows_the_theme_name_in_the_interface_language(
    engine_name, client, articles, language, theme_name
):
    html = page_html(client, f"/{language}/search/", q="koha")
    # The name article pages show for the theme; the link keeps the slug.
    assert re.search(
        rf'href="\?q=koha&amp;theme=reading-promotion">{theme_name}</a> <span class="count">12</span>', html
    )
    assert ">reading-promotion</a>" not in html

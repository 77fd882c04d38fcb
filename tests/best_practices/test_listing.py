"""The best-practice listing filters by theme, country and type through whitelisted query parameters."""

import pytest

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(practices_index):
    koha = BestPracticeArticlePageFactory(parent=practices_index, title="Koha in Almaty", countries=["KZ"])
    koha.themes.add("library-systems")
    koha.save()
    clubs = BestPracticeArticlePageFactory(parent=practices_index, title="Reading clubs in Osh", countries=["KG", "UZ"])
    clubs.themes.add("reading")
    clubs.save()
    mentoring = StaffingCaseStudyPageFactory(parent=practices_index, title="Mentoring in Tashkent", country="UZ")
    mentoring.themes.add("staffing")
    mentoring.save()
    BestPracticeArticlePageFactory(parent=practices_index, title="Draft idea", live=False)
    return practices_index


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        title
        for title in ("Koha in Almaty", "Reading clubs in Osh", "Mentoring in Tashkent", "Draft idea")
        if title in html
    }


def test_without_filters_every_live_page_is_listed(client, listing):
    assert titles(client, listing.url) == {"Koha in Almaty", "Reading clubs in Osh", "Mentoring in Tashkent"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=reading", {"Reading clubs in Osh"}),
        ("country=UZ", {"Reading clubs in Osh", "Mentoring in Tashkent"}),
        ("country=KG", {"Reading clubs in Osh"}),
        ("type=case_study", {"Mentoring in Tashkent"}),
        ("type=article&country=UZ", {"Reading clubs in Osh"}),
        ("theme=staffing&type=article", set()),
    ],
)
def test_filters_narrow_the_listing(client, listing, query, expected):
    assert titles(client, f"{listing.url}?{query}") == expected


@pytest.mark.parametrize(
    "query",
    [
        "theme=no-such-theme",
        "country=XX",
        "country=<script>",
        "type=podcast",
        "page=abc",
        "page=999",
        "sort=title",
        "country=K",
    ],
)
def test_unknown_filter_values_are_ignored_not_errors(client, listing, query):
    assert titles(client, f"{listing.url}?{query}") == {
        "Koha in Almaty",
        "Reading clubs in Osh",
        "Mentoring in Tashkent",
    }


def test_the_filter_form_is_labelled_and_keeps_the_chosen_values(client, listing):
    html = client.get(f"{listing.url}?country=UZ&type=article").content.decode()

    assert '<form class="filters" method="get"' in html
    for name in ("theme", "country", "type"):
        assert f'<label for="id_{name}">' in html
        assert f'<select id="id_{name}" name="{name}">' in html
    assert '<option value="UZ" selected>' in html
    assert '<option value="article" selected>' in html
    assert "Clear filters" in html


def test_pagination_links_keep_only_whitelisted_filters(client, practices_index):
    for number in range(14):
        BestPracticeArticlePageFactory(parent=practices_index, title=f"Practice {number}", countries=["KZ"])

    html = client.get(f"{practices_index.url}?country=KZ&evil=1").content.decode()

    assert 'href="?country=KZ&amp;page=2"' in html
    assert "evil" not in html

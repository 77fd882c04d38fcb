"""What an uncached render costs once the data shared by every page (navigation, privacy rules, listing
filters and order) is cached: a few queries for the page's own content, whatever the site's size."""

import pytest

from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from members.factories import MemberLibraryPageFactory

# Routing takes two (the pages along the path, the page itself); the rest is the page's own content.
QUERIES_ONCE_SHARED_DATA_IS_CACHED = {
    "home": 2,  # latest articles, latest case studies (a home page comes routed from the navigation)
    "article": 5,  # + themes, goals, member libraries
    "case_study": 4,  # + themes, challenges
    "member_library": 7,  # + contacts, languages, services, themes, case studies
    "listing": 4,  # + the listed articles, the listed case studies
    "listing_by_theme": 4,
    "member_directory": 2,  # the entries are shared data
}


@pytest.fixture
def shared_data_cached(settings, data_cache_on):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def urls(home_page, practices_index, members_index):
    article = BestPracticeArticlePageFactory(parent=practices_index)
    article.themes.add("digitisation")
    article.save()
    case_study = StaffingCaseStudyPageFactory(parent=practices_index)
    library = MemberLibraryPageFactory(parent=members_index)
    return {
        "home": home_page.url,
        "article": article.url,
        "case_study": case_study.url,
        "member_library": library.url,
        "listing": practices_index.url,
        "listing_by_theme": practices_index.url + "?theme=digitisation",
        "member_directory": members_index.url,
    }


@pytest.mark.parametrize("page", list(QUERIES_ONCE_SHARED_DATA_IS_CACHED))
def test_uncached_render_reads_only_the_pages_own_content(client, shared_data_cached, urls, page):
    assert client.get(urls[page]).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(urls[page])
    assert response.status_code == 200
    assert len(queries) <= QUERIES_ONCE_SHARED_DATA_IS_CACHED[page], "\n".join(q["sql"] for q in queries)


def test_unknown_address_costs_one_query_to_route(client, shared_data_cached, practices_index):
    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(practices_index.url + "no-such-page/")
    assert response.status_code == 404
    # Routing, then the redirects middleware looking for a redirect of the old address.
    assert len(queries) <= 3, "\n".join(q["sql"] for q in queries)


def test_templates_are_compiled_once_per_process(settings):
    assert not settings.DEBUG
    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]

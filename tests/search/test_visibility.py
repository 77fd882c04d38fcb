"""Draft, private or unpublished text never reaches a result, count, facet, suggestion or snippet."""

import json

import pytest

from tests.search.pages import make_private, publish_article, publish_case_study, save_draft

SECRET = "zanzibarite"


def api_search(client, **params):
    return json.loads(client.get("/api/v1/search/", params).content)


def suggestions(client, prefix):
    return json.loads(client.get("/api/v1/search/suggest/", {"q": prefix}).content)["suggestions"]


def assert_secret_invisible(client, html_client=None):
    data = api_search(client, q=SECRET)
    assert data["count"] == 0
    assert data["results"] == []
    assert all(not counts for counts in data["facets"].values())
    everything = api_search(client, q="library", page_size=50)
    assert SECRET not in json.dumps(everything, ensure_ascii=False).lower()
    assert not [word for word in suggestions(client, SECRET[:5]) if SECRET in word.lower()]
    page = client.get("/en/search/", {"q": SECRET}).content.decode().lower()
    assert f"<mark>{SECRET}" not in page
    assert "0 results" in page


@pytest.fixture
def public_page(practices_index, drain):
    page = publish_article(practices_index, "Library open day", body="A library open day for new students.")
    drain()
    return page


def test_a_draft_is_never_searchable(engine_name, api, practices_index, public_page, drain):
    publish_article(
        practices_index, f"Library {SECRET} plan", body=f"The {SECRET} library budget.", themes=["drafts"], live=False
    )
    drain()
    assert_secret_invisible(api)
    assert "drafts" not in api_search(api, q="library")["facets"]["theme"]


def test_a_private_page_is_never_searchable(engine_name, api, practices_index, public_page, drain):
    private = publish_case_study(practices_index, f"Library {SECRET} review", body=f"{SECRET} library salaries.")
    make_private(private)
    drain()
    assert_secret_invisible(api)
    assert api_search(api, q="library")["facets"]["type"] == {"article": 1}


def test_a_page_under_a_private_section_is_never_searchable(engine_name, api, practices_index, drain):
    make_private(practices_index)
    publish_article(practices_index, f"Library {SECRET} minutes", body=f"{SECRET} library minutes.")
    drain()
    assert_secret_invisible(api)
    assert api_search(api, q="library")["count"] == 0


def test_an_unpublished_newer_revision_stays_out_of_search(engine_name, api, public_page, drain):
    save_draft(public_page, title=f"Library {SECRET} day", body=f"The {SECRET} library plan.", summary=SECRET)
    drain()
    assert_secret_invisible(api)
    result = api_search(api, q="open day")["results"][0]
    assert result["title"] == "Library open day"


def test_a_page_made_private_disappears_even_before_the_queue_is_drained(engine_name, api, public_page):
    assert api_search(api, q="open day")["count"] == 1
    make_private(public_page)
    data = api_search(api, q="open day")
    assert data["results"] == []
    assert data["count"] == 0

"""The JSON API: its contract (other tools depend on it), its filters and its answers to bad input."""

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from search.params import MAX_QUERY_LENGTH
from tests.search.pages import publish_article, publish_case_study, publish_member_library

API = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"


@pytest.fixture
def corpus(practices_index, members_index, locales, drain):
    russian_practices = practices_index.get_translation(locales["ru"])
    pages = {
        "en_article": publish_article(
            practices_index,
            "Migrating the catalogue to Koha",
            body="We cleaned MARC records and authority files.",
            summary="Lessons from moving 400,000 records.",
            themes=["library-systems"],
        ),
        "ru_article": publish_article(
            russian_practices,
            "Переход на систему Koha",
            body="Библиотека перенесла электронный каталог в систему Koha.",
            themes=["library-systems"],
        ),
        "case_study": publish_case_study(
            practices_index, "Keeping young cataloguers", body="Koha training and mentoring.", country="UZ"
        ),
        "member": publish_member_library(members_index, "Satbayev University Library", country="KZ"),
    }
    drain()
    return pages


def get_json(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.content)


def test_search_response_keeps_its_contract(engine_name, api, corpus):
    status, data = get_json(api, API, q="koha")
    assert status == 200
    assert set(data) == {"count", "engine", "suggestion", "results", "facets"}
    assert data["engine"] == engine_name
    assert isinstance(data["count"], int)
    assert data["suggestion"] is None or isinstance(data["suggestion"], str)
    assert set(data["facets"]) == {"type", "theme", "country", "lang"}
    assert all(isinstance(count, int) for facet in data["facets"].values() for count in facet.values())
    assert data["results"]
    for result in data["results"]:
        assert set(result) == {"id", "external_id", "type", "title", "url", "locale", "snippet", "score"}
        assert isinstance(result["id"], int)
        assert result["external_id"] is None or isinstance(result["external_id"], str)
        assert result["type"] in ("article", "case_study", "member_library")
        assert isinstance(result["score"], float)
        assert result["url"].startswith("/")
    english = next(result for result in data["results"] if result["id"] == corpus["en_article"].pk)
    assert english["locale"] == "en"
    assert english["title"] == "Migrating the catalogue to Koha"
    _status, body_match = get_json(api, API, q="authority files")
    assert "<mark>authority</mark>" in body_match["results"][0]["snippet"]


def test_filters_combine_with_the_query_and_the_facets_count_the_matches(engine_name, api, corpus):
    _status, everything = get_json(api, API, q="koha")
    assert everything["count"] == 3
    assert everything["facets"]["type"] == {"article": 2, "case_study": 1}
    assert everything["facets"]["lang"] == {"en": 2, "ru": 1}
    _status, russian = get_json(api, API, q="koha", lang="ru")
    assert [result["id"] for result in russian["results"]] == [corpus["ru_article"].pk]
    _status, case_studies = get_json(api, API, q="koha", type="case_study", country="uz")
    assert [result["id"] for result in case_studies["results"]] == [corpus["case_study"].pk]
    _status, themed = get_json(api, API, q="koha", theme="library-systems")
    assert {result["id"] for result in themed["results"]} == {corpus["en_article"].pk, corpus["ru_article"].pk}


def test_a_filtered_facet_still_counts_its_other_values(engine_name, api, corpus):
    _status, russian = get_json(api, API, q="koha", lang="ru")
    assert russian["count"] == 1
    assert set(russian) == {"count", "engine", "suggestion", "results", "facets"}
    # Counted with the other filters but not its own: English stays a choice, with its own count.
    assert russian["facets"]["lang"] == {"en": 2, "ru": 1}
    assert russian["facets"]["type"] == {"article": 1}


def test_page_size_and_pages_split_the_results(engine_name, api, corpus):
    _status, first = get_json(api, API, q="koha", page_size=2)
    _status, second = get_json(api, API, q="koha", page_size=2, page=2)
    _status, beyond = get_json(api, API, q="koha", page_size=2, page=3)
    assert first["count"] == second["count"] == beyond["count"] == 3
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert beyond["results"] == []
    assert not {result["id"] for result in first["results"]} & {result["id"] for result in second["results"]}


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": str(10**9)}, "page"),
        ({"page_size": "51"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"type": "video"}, "type"),
        ({"lang": "fr"}, "lang"),
        ({"country": "Kazakhstan"}, "country"),
        ({"country": "ZZ"}, "country"),
        ({"theme": "<script>"}, "theme"),
    ],
)
def test_a_value_outside_its_domain_is_a_400_naming_the_parameter(api, db, params, param):
    status, data = get_json(api, API, q="koha", **params)
    assert status == 400
    assert data["error"]["code"] == "invalid_parameter"
    assert data["error"]["param"] == param


def test_a_well_formed_theme_no_page_has_finds_nothing(engine_name, api, corpus):
    status, data = get_json(api, API, q="koha", theme="no-such-theme")
    assert status == 200
    assert data["count"] == 0
    assert data["results"] == []


def test_unknown_parameters_are_ignored(engine_name, api, corpus):
    _status, plain = get_json(api, API, q="koha")
    status, data = get_json(api, API, q="koha", sort="title", format="xml", debug="1")
    assert status == 200
    assert data == plain


BAD_QUERIES = [
    "",
    " ",
    "k" * 10_000,
    "koha " * 2_000,
    "\x00\x01\x02koha\x1b[31m",
    "\u202ekoha\u200b",
    "title:*",
    "*",
    "?",
    '"unbalanced quote',
    "koha)",
    "(((((",
    "[koha]",
    "{}",
    '{"query": {"match_all": {}}}',
    "' OR 1=1; DROP TABLE search_document; --",
    "%",
    "_",
    "\\",
    "AND OR NOT",
    "koha~5^10",
    "/.*/",
    "<script>alert(1)</script>",
    "🙂📚",
    "ﷺ",
    "\ud7ff",
]
BAD_PAGES = ["0", "-1", str(10**9), "abc", "", "1e3", " 2 "]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_text_gets_an_answer_not_an_error(engine_name, api, corpus, query):
    response = api.get(API, {"q": query})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert set(data) == {"count", "engine", "suggestion", "results", "facets"}
    text = response.content.decode()
    assert "Traceback" not in text
    assert "Exception" not in text
    assert "search_phase_execution" not in text


@pytest.mark.parametrize("page", BAD_PAGES)
def test_any_page_number_gets_results_or_a_json_error(engine_name, api, corpus, page):
    response = api.get(API, {"q": "koha", "page": page})
    assert response.status_code in (200, 400)
    data = json.loads(response.content)
    if response.status_code == 400:
        assert data["error"]["param"] == "page"


def test_the_query_is_capped(engine_name, api, corpus):
    _status, capped = get_json(api, API, q="koha " + "x" * 10_000)
    _status, short = get_json(api, API, q="koha " + "x" * (MAX_QUERY_LENGTH - 5))
    assert capped == short


def test_suggestions_complete_a_prefix(engine_name, api, corpus):
    status, data = get_json(api, SUGGEST, q="catal")
    assert status == 200
    assert data["query"] == "catal"
    assert any(suggestion.lower().startswith("catal") for suggestion in data["suggestions"])


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_suggestions_answer_any_query(engine_name, api, corpus, query):
    response = api.get(SUGGEST, {"q": query})
    assert response.status_code == 200
    assert isinstance(json.loads(response.content)["suggestions"], list)


def test_only_get_is_allowed(api, db):
    assert api.post(API, {"q": "koha"}).status_code == 405


PARAMETER_NAMES = st.sampled_from(["q", "type", "theme", "country", "lang", "page", "page_size", "year", "x"])
PARAMETER_VALUES = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["article", "case_study", "member_library", "ru", "kk", "KZ", "uz", "library-systems", "50"]),
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(PARAMETER_NAMES, PARAMETER_VALUES, max_size=6))
def test_fuzzed_parameters_never_break_the_api(engine_name, api, corpus, params):
    response = api.get(API, params)
    assert response.status_code in (200, 400), response.content[:300]
    data = json.loads(response.content)
    if response.status_code == 200:
        assert set(data) == {"count", "engine", "suggestion", "results", "facets"}
        assert len(data["results"]) <= 50
    else:
        assert set(data["error"]) == {"code", "param", "message"}

"""Both engines, one behaviour: matching, language priority, facets, filters, paging, snippets, suggestions."""

import pytest

from django.db import connection

from best_practices.factories import BestPracticeArticlePageFactory
from search.documents import build_document, page_to_document
from search.engines import SearchQuery, search
from search.engines import database as database_engine
from search.engines.elastic import ElasticsearchEngine

from .conftest import make_engine


def external_ids(results):
    return [result.external_id for result in results.results]


@pytest.fixture
def corpus(index, held_out_documents):
    index.add(held_out_documents)
    return index


def test_inflected_russian_query_finds_the_article(corpus):
    results = corpus.engine.search(SearchQuery(q="наставник для молодых сотрудников"))
    assert external_ids(results)[0] == "h14"
    assert results.engine == corpus.engine.name


def test_uzbek_latin_query_finds_cyrillic_text(corpus):
    assert external_ids(corpus.engine.search(SearchQuery(q="nodir kitoblar qo'lyozmalar")))[0] == "h18"


def test_kazakh_informal_latin_query_finds_cyrillic_text(corpus):
    assert external_ids(corpus.engine.search(SearchQuery(q="aqparattyq sauattylyq")))[0] == "h08"


def test_documents_in_the_query_language_come_first(corpus):
    results = corpus.engine.search(SearchQuery(q="репозиторий DSpace", page_size=20))
    locales = [result.locale for result in results.results]
    assert results.lang == "ru"
    assert locales[0] == "ru"
    assert len(set(locales)) > 1, "other languages are still found"
    assert locales == sorted(locales, key=lambda locale: locale != "ru")


def test_lang_restricts_results_and_keeps_the_other_languages_in_its_facet(corpus):
    everything = corpus.engine.search(SearchQuery(q="репозиторий"))
    results = corpus.engine.search(SearchQuery(q="репозиторий", lang="kk"))
    assert results.count >= 1
    assert {result.locale for result in results.results} == {"kk"}
    assert results.facets["lang"]["kk"] == results.count
    assert results.facets["lang"] == everything.facets["lang"]
    assert len(results.facets["lang"]) > 1


def test_facets_count_every_match_and_combine_with_filters(corpus):
    everything = corpus.engine.search(SearchQuery(q="репозиторий"))
    assert sum(everything.facets["lang"].values()) == everything.count
    assert everything.facets["theme"]["open-access"] >= 3
    members = corpus.engine.search(SearchQuery(q="университет", type="member_library"))
    assert members.count >= 2
    assert {result.type for result in members.results} == {"member_library"}
    assert members.facets["type"]["member_library"] == members.count
    kyrgyz_members = corpus.engine.search(SearchQuery(q="университет", type="member_library", country="KG"))
    assert 1 <= kyrgyz_members.count < members.count
    assert sum(kyrgyz_members.facets["lang"].values()) == kyrgyz_members.count


def test_a_facet_is_counted_with_the_other_filters_but_not_its_own(corpus):
    members = corpus.engine.search(SearchQuery(q="университет", type="member_library"))
    assert len(members.facets["country"]) > 1
    for country, count in members.facets["country"].items():
        in_country = corpus.engine.search(SearchQuery(q="университет", type="member_library", country=country))
        assert in_country.count == count
        # The other countries stay selectable, with the counts the type filter alone gives them.
        assert in_country.facets["country"] == members.facets["country"]
        # The type facet is counted within the country, every type still shown.
        everything_in_country = corpus.engine.search(SearchQuery(q="университет", country=country))
        assert in_country.facets["type"] == everything_in_country.facets["type"]


def test_year_filter(corpus, held_out_documents):
    expected = sum(1 for document in held_out_documents if document["year"] == 2021)
    results = corpus.engine.search(SearchQuery(q="", year=2021))
    assert results.count == expected
    assert results.facets["year"]["2021"] == expected
    assert len(results.facets["year"]) > 1


def test_empty_query_lists_filtered_documents(corpus):
    results = corpus.engine.search(SearchQuery(q="", country="KG", page_size=50))
    assert results.count == results.facets["country"]["KG"] == len(results.results)
    assert all(result.score == 0 for result in results.results)


def test_pages_do_not_overlap_and_keep_the_count(corpus):
    first = corpus.engine.search(SearchQuery(q="университет", page_size=3))
    second = corpus.engine.search(SearchQuery(q="университет", page=2, page_size=3))
    assert first.count == second.count > 3
    assert not set(external_ids(first)) & set(external_ids(second))
    beyond = corpus.engine.search(SearchQuery(q="университет", page=1000, page_size=3))
    assert beyond.results == []
    assert beyond.count == first.count
    far_beyond = corpus.engine.search(SearchQuery(q="университет", page=10**9, page_size=50))
    assert far_beyond.results == []
    assert far_beyond.count == first.count


def article(page_id, external_id, locale, title, body=""):
    return build_document(
        page_id=page_id,
        external_id=external_id,
        doc_type="article",
        locale=locale,
        title=title,
        url=f"/{locale}/{external_id}/",
        summary="",
        body=body,
    )


def test_snippet_marks_matched_words_and_escapes_text(index):
    body = "Переход <script>alert(1)</script> на новую систему: библиотеки переносят каталоги."
    index.add([article(1, "x1", "ru", "Каталог", body)])
    [result] = index.engine.search(SearchQuery(q="каталог библиотек")).results
    assert "<mark>каталоги</mark>" in result.snippet
    assert "<mark>библиотеки</mark>" in result.snippet
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet


def test_misspelt_query_is_found_and_corrected(corpus):
    results = corpus.engine.search(SearchQuery(q="instituional repositry"))
    assert external_ids(results)[0] == "h01"
    assert results.suggestion == "institutional repository"


def test_correct_query_has_no_suggestion(corpus):
    assert corpus.engine.search(SearchQuery(q="institutional repository")).suggestion is None


def test_long_question_matches_on_its_content_words(corpus):
    results = corpus.engine.search(SearchQuery(q="what are good ways of digitising old manuscripts"))
    assert results.partial is True
    assert external_ids(results)[0] == "h17"


def test_fully_matched_query_is_not_partial(corpus):
    assert corpus.engine.search(SearchQuery(q="digitising manuscripts")).partial is False


def test_unknown_words_find_nothing(corpus):
    results = corpus.engine.search(SearchQuery(q="qwxzv"))
    assert results.count == 0
    assert results.results == []


def test_reindexed_document_replaces_the_old_one(corpus):
    corpus.add([article(1, "h01", "en", "Zebra stripes")])
    assert external_ids(corpus.engine.search(SearchQuery(q="zebra"))) == ["h01"]
    assert "h01" not in external_ids(corpus.engine.search(SearchQuery(q="DSpace repository", page_size=50)))


def test_deleted_documents_disappear(corpus):
    before = corpus.engine.search(SearchQuery(q="DSpace")).count
    corpus.delete([1])
    after = corpus.engine.search(SearchQuery(q="DSpace"))
    assert after.count == before - 1
    assert "h01" not in external_ids(after)


def test_rebuild_replaces_the_index_and_reports_versions(index, held_out_documents):
    index.add(held_out_documents[:5])
    stats = index.engine.rebuild(held_out_documents[5:])
    index.database.rebuild(held_out_documents[5:]) if index.engine is not index.database else None
    index.engine.refresh()
    assert stats["documents"] == len(held_out_documents) - 5
    versions = index.engine.indexed_versions()
    assert set(versions) == {document["id"] for document in held_out_documents[5:]}
    assert index.engine.search(SearchQuery(q="DSpace", lang="en")).count == 0


def test_suggest_completes_the_last_word_across_scripts(corpus):
    assert "репозиторий" in corpus.engine.suggest("репоз")
    assert any(completion.startswith("ochiq ") for completion in corpus.engine.suggest("ochiq repoz"))
    assert corpus.engine.suggest("") == []


def test_suggest_keeps_to_the_language_asked_for(corpus):
    assert corpus.engine.suggest("кітап", lang="kk")
    assert corpus.engine.suggest("кітап", lang="en") == []


def test_health_reports_the_document_count(corpus, held_out_documents):
    health = corpus.engine.health()
    assert health["ok"] is True
    assert health["documents"] == len(held_out_documents)


def test_unreachable_elasticsearch_falls_back_to_the_database(practices_index):
    page = BestPracticeArticlePageFactory(parent=practices_index, title="Наставничество для молодых библиотекарей")
    page.save_revision().publish()
    database = make_engine("database")[0]
    database.index_documents([page_to_document(page)])
    unreachable = ElasticsearchEngine(url="http://127.0.0.1:9", prefix="test_unreachable", timeout=0.5)
    results = search(SearchQuery(q="наставник молодых"), engine=unreachable)
    assert results.engine == "database"
    assert results.fallback is True
    assert results.notice
    assert [result.id for result in results.results] == [page.pk]


def same_order_but_near_ties(first, second, compared=3, tolerance=0.02):
    """Equal rankings, except that results scoring within 2% of each other may swap (Elasticsearch stores
    document lengths with a lossy one-byte encoding, so its scores differ from exact BM25 in the third digit)."""
    if len(first) != len(second):
        return False
    scores = {result.id: result.score for result in first}
    for mine, theirs in zip(first[:compared], second[:compared], strict=True):
        if mine.id == theirs.id:
            continue
        if theirs.id not in scores or abs(scores[theirs.id] - mine.score) > tolerance * max(mine.score, 1e-9):
            return False
    return True


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_engines_agree_on_the_top_results(held_out_documents):
    from search.evaluation import read_jsonl

    from .conftest import RELEVANCE_DIR, Index

    elasticsearch, database = make_engine("elasticsearch")
    Index(elasticsearch, database).add(held_out_documents)
    try:
        for record in read_jsonl(RELEVANCE_DIR / "queries.jsonl", ["q"]):
            query = SearchQuery(q=record["q"], page_size=5)
            from_database, from_elasticsearch = database.search(query), elasticsearch.search(query)
            assert external_ids(from_database)[0] == external_ids(from_elasticsearch)[0], record["q"]
            assert same_order_but_near_ties(from_database.results, from_elasticsearch.results), record["q"]
            assert from_database.count == from_elasticsearch.count, record["q"]
            assert from_database.facets == from_elasticsearch.facets, record["q"]
    finally:
        elasticsearch.drop()


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_rebuild_swaps_the_alias_to_a_new_index(held_out_documents):
    elasticsearch, _database = make_engine("elasticsearch")
    try:
        first = elasticsearch.rebuild(held_out_documents)["index"]
        second = elasticsearch.rebuild(held_out_documents[:3])["index"]
        assert first != second
        assert list(elasticsearch.client.indices.get_alias(name=elasticsearch.alias)) == [second]
        assert not elasticsearch.client.indices.exists(index=first)
        assert elasticsearch.client.count(index=elasticsearch.alias)["count"] == 3
    finally:
        elasticsearch.drop()


def _documents_then_failure(documents):
    yield from documents
    raise RuntimeError("a page could not be read")


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_failed_rebuild_keeps_the_old_index_and_leaves_no_new_one(held_out_documents):
    elasticsearch, _database = make_engine("elasticsearch")

    try:
        live = elasticsearch.rebuild(held_out_documents)["index"]
        with pytest.raises(RuntimeError):
            elasticsearch.rebuild(_documents_then_failure(held_out_documents[:3]))
        indexes = elasticsearch.client.indices.get(index=f"{elasticsearch.alias}_*")
        assert list(indexes) == [live]
        assert elasticsearch.client.count(index=elasticsearch.alias)["count"] == len(held_out_documents)
    finally:
        elasticsearch.drop()


@pytest.mark.django_db
def test_failed_database_rebuild_keeps_the_old_index_searchable(held_out_documents, monkeypatch):
    database, _database = make_engine("database")
    # Small batches, so the failure comes after rows were already copied into the new tables.
    monkeypatch.setattr(database_engine, "BATCH_SIZE", 2)

    database.rebuild(held_out_documents)
    with pytest.raises(RuntimeError):
        database.rebuild(_documents_then_failure(held_out_documents[:5]))
    assert set(database.indexed_versions()) == {document["id"] for document in held_out_documents}
    assert external_ids(database.search(SearchQuery(q="nodir kitoblar qo'lyozmalar")))[0] == "h18"
    assert not [table for table in connection.introspection.table_names() if table.endswith("_rebuild")]


@pytest.mark.django_db
def test_database_rebuild_twice_keeps_indexes_and_keys(held_out_documents):
    database, _database = make_engine("database")
    before = connection.introspection.get_constraints(connection.cursor(), "search_posting")
    database.rebuild(held_out_documents)
    database.rebuild(held_out_documents[5:])
    after = connection.introspection.get_constraints(connection.cursor(), "search_posting")
    assert set(after) == set(before)
    assert database.search(SearchQuery(q="DSpace", lang="en")).count == 0
    assert external_ids(database.search(SearchQuery(q="nodir kitoblar qo'lyozmalar")))[0] == "h18"

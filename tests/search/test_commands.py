"""reindex rebuilds from the database and swaps the alias; search_reconcile finds and repairs differences."""

import io

import pytest

from django.core.management import CommandError, call_command

from search.engines import SearchQuery, get_engine, search
from search.indexing import iter_documents
from search.models import IndexQueueEntry
from search.queue import target_engines
from tests.search.pages import make_private, publish_article


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def pages(practices_index):
    pages = [
        publish_article(practices_index, f"Succession plan {number}", body="Mentoring heads") for number in range(5)
    ]
    IndexQueueEntry.objects.all().delete()
    return pages


def test_reindex_builds_the_index_from_live_public_pages(engine_name, practices_index, pages):
    draft = publish_article(practices_index, "Succession plan draft", live=False)
    output = run("reindex", "--no-progress")
    engine = get_engine()
    if engine_name == "elasticsearch":
        engine.refresh()
    assert f"{engine_name}: 5 pages indexed" in output
    found = {result.id for result in search(SearchQuery(q="succession", page_size=50)).results}
    assert found == {page.pk for page in pages}
    assert draft.pk not in found


@pytest.mark.elasticsearch
def test_reindex_swaps_the_elasticsearch_alias_to_a_new_index(elasticsearch_backend, pages):
    run("reindex", "--no-progress", "--engine", "elasticsearch")
    first = get_engine("elasticsearch").health()["index"]
    run("reindex", "--no-progress", "--engine", "elasticsearch")
    engine = get_engine("elasticsearch")
    second = engine.health()["index"]
    assert first != second
    assert engine.client.indices.get_alias(name=engine.alias) == {second: {"aliases": {engine.alias: {}}}}
    assert not engine.client.indices.exists(index=first)


def test_reconcile_reports_missing_stale_and_extra_documents(engine_name, pages):
    run("reindex", "--no-progress", "--engine", engine_name)
    engine = get_engine(engine_name)
    missing, stale, extra = pages[0], pages[1], pages[2]
    engine.delete_documents([missing.pk])
    outdated = next(iter_documents([stale.pk]))
    outdated["version"] = "0:/old/"
    engine.index_documents([outdated])
    make_private(extra)
    IndexQueueEntry.objects.all().delete()
    with pytest.raises(CommandError, match="3 differences"):
        run("search_reconcile", "--engine", engine_name)
    output = run("search_reconcile", "--engine", engine_name, "--fix")
    assert f"missing: 1 (page ids {missing.pk})" in output
    assert f"stale: 1 (page ids {stale.pk})" in output
    assert f"extra: 1 (page ids {extra.pk})" in output
    assert "The index matches the database." in run("search_reconcile", "--engine", engine_name)
    assert not IndexQueueEntry.objects.filter(engine=engine_name).exists()


def test_worker_once_drains_the_queue(engine_name, practices_index):
    page = publish_article(practices_index, "Digital skills bootcamp")
    output = run("search_worker", "--once")
    assert f"{len(target_engines())} indexed" in output
    if engine_name == "elasticsearch":
        get_engine().refresh()
    assert [result.id for result in search(SearchQuery(q="bootcamp")).results] == [page.pk]

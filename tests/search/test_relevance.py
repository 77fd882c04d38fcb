"""Relevance targets (issue 3): MRR@10 ≥ 0.90 overall and ≥ 0.75 in every query category, on the public dev
set and on our own held-out set, for the database engine on PostgreSQL and SQLite and for Elasticsearch."""

from io import StringIO
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

from search.evaluation import evaluate

from .conftest import RELEVANCE_DIR

OVERALL_MRR = 0.90
CATEGORY_MRR = 0.75
# The public dev set lives in the shared folder beside the repository (../shared/eval/dev).
DEV_SET_CANDIDATES = [settings.BASE_DIR.parent / "shared" / "eval" / "dev", Path("/work/shared/eval/dev")]


def dev_set():
    for folder in DEV_SET_CANDIDATES:
        if (folder / "corpus.jsonl").exists():
            return folder
    pytest.fail(f"The public relevance set is missing; looked in {', '.join(map(str, DEV_SET_CANDIDATES))}")


ENGINES = [
    pytest.param("database", False, id="database-postgresql"),
    pytest.param("database", True, id="database-sqlite"),
    pytest.param("elasticsearch", False, id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def assert_targets(summary):
    failures = {
        category: round(figures["mrr"], 3)
        for category, figures in summary.items()
        if figures["mrr"] < (OVERALL_MRR if category == "overall" else CATEGORY_MRR)
    }
    assert not failures, f"MRR@10 below target: {failures}; all figures: {summary}"


@pytest.mark.django_db
@pytest.mark.parametrize(("engine", "sqlite"), ENGINES)
def test_dev_set_meets_the_targets(engine, sqlite):
    folder = dev_set()
    summary, _outcomes = evaluate(folder / "corpus.jsonl", folder / "queries.jsonl", engine, sqlite=sqlite)
    assert_targets(summary)


@pytest.mark.django_db
@pytest.mark.parametrize(("engine", "sqlite"), ENGINES)
def test_held_out_set_meets_the_targets(engine, sqlite):
    summary, _outcomes = evaluate(
        RELEVANCE_DIR / "corpus.jsonl", RELEVANCE_DIR / "queries.jsonl", engine, sqlite=sqlite
    )
    assert_targets(summary)


@pytest.mark.django_db
def test_evaluation_leaves_the_site_index_untouched(held_out_documents):
    from search.engines.database import DatabaseEngine

    site = DatabaseEngine()
    site.index_documents(held_out_documents[:2])
    evaluate(RELEVANCE_DIR / "corpus.jsonl", RELEVANCE_DIR / "queries.jsonl", "database")
    assert set(site.indexed_versions()) == {1, 2}


@pytest.mark.django_db
def test_search_eval_prints_figures_per_category():
    out = StringIO()
    call_command("search_eval", str(RELEVANCE_DIR / "corpus.jsonl"), str(RELEVANCE_DIR / "queries.jsonl"), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "engine: database"
    assert lines[1].split() == ["category", "queries", "MRR@10", "recall@10"]
    overall = lines[-1].split()
    assert overall[0] == "overall"
    assert int(overall[1]) == len((RELEVANCE_DIR / "queries.jsonl").read_text().splitlines())


@pytest.mark.django_db
def test_search_eval_names_the_bad_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a1", "type": "article", "locale": "en", "title": "Koha"}\n{"id": "a2", "type": \n')
    with pytest.raises(CommandError, match=r"corpus.jsonl:2: invalid JSON"):
        call_command("search_eval", str(corpus), str(RELEVANCE_DIR / "queries.jsonl"), stdout=StringIO())


@pytest.mark.django_db
def test_search_eval_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("search_eval", str(tmp_path / "missing.jsonl"), str(RELEVANCE_DIR / "queries.jsonl"))

"""Relevance targets (issue 3): MRR@10 ≥ 0.90 overall and ≥ 0.75 in every query category, on the public dev
set and on our own held-out set, for the database engine on PostgreSQL and SQLite and for Elasticsearch."""

from pathlib import Path

import pytest

from django.conf import settings

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

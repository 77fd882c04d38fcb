"""Shared fixtures. The test command (scripts/test.sh) gives real PostgreSQL and Elasticsearch;
with REQUIRE_SERVICES=1 a missing service fails the run instead of skipping anything."""

import os
import urllib.request

import pytest

from django.conf import settings

from wagtail.models import Locale

from best_practices.models import BestPracticeIndexPage
from consortium_site.models import HomePage
from members.models import MemberLibraryIndexPage


def pytest_sessionstart(session):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            pytest.exit(f"REQUIRE_SERVICES=1 but the database is {engine}; set DATABASE_URL to PostgreSQL", 2)


def _elasticsearch_reachable():
    try:
        with urllib.request.urlopen(f"{settings.ELASTICSEARCH_URL}/_cluster/health", timeout=5):  # noqa: S310
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _require_elasticsearch(request):
    """Tests marked `elasticsearch` fail, never skip, when the server is missing."""
    if request.node.get_closest_marker("elasticsearch") and not _elasticsearch_reachable():
        pytest.fail(f"Elasticsearch is not reachable at {settings.ELASTICSEARCH_URL}; run `make services`")


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get(language_code=code) for code, _name in settings.LANGUAGES}


@pytest.fixture
def home_page(db):
    return HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)


@pytest.fixture
def practices_index(home_page):
    return BestPracticeIndexPage.objects.child_of(home_page).get()


@pytest.fixture
def members_index(home_page):
    return MemberLibraryIndexPage.objects.child_of(home_page).get()

"""Zero-result searches are counted per language, without personal data, and shown to editors."""

import pytest

from django.contrib.auth.models import Group

from editorial.roles import ASSOCIATION_EDITORS, MEMBER_LIBRARY_EDITORS
from search.models import ZeroResultQuery
from tests.search.pages import publish_article


@pytest.fixture
def indexed(practices_index, drain):
    publish_article(practices_index, "Koha migration", body="Catalogue records.")
    drain()


def test_a_search_without_results_is_counted_per_language(engine_name, api, indexed):
    api.get("/api/v1/search/", {"q": "  Оцифровка   РУКОПИСЕЙ "})
    api.get("/en/search/", {"q": "оцифровка рукописей"})
    api.get("/api/v1/search/", {"q": "makerspace"})
    rows = {(row.query, row.language): row.count for row in ZeroResultQuery.objects.all()}
    assert rows == {("оцифровка рукописей", "ru"): 2, ("makerspace", "en"): 1}


def test_searches_with_results_filters_or_later_pages_are_not_gaps(engine_name, api, indexed):
    api.get("/api/v1/search/", {"q": "koha"})
    api.get("/api/v1/search/", {"q": "makerspace", "type": "case_study"})
    api.get("/api/v1/search/", {"q": "makerspace", "page": "2"})
    assert not ZeroResultQuery.objects.exists()


def test_queries_that_look_like_personal_data_are_not_kept(api, indexed):
    api.get("/api/v1/search/", {"q": "aigerim@example.edu.kz"})
    api.get("/api/v1/search/", {"q": "+7 701 555 12 34"})
    assert not ZeroResultQuery.objects.exists()


def test_the_report_keeps_no_personal_fields():
    assert {field.name for field in ZeroResultQuery._meta.get_fields()} == {
        "id",
        "query",
        "language",
        "count",
        "last_seen",
    }


def test_editors_read_the_content_gap_report_in_the_admin(client, django_user_model, db):
    ZeroResultQuery.record("оцифровка рукописей", "ru")
    ZeroResultQuery.record("оцифровка рукописей", "ru")
    ZeroResultQuery.record("makerspace", "en")
    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=ASSOCIATION_EDITORS))
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/reports/search-content-gaps/" in dashboard
    html = client.get("/admin/reports/search-content-gaps/").content.decode()
    assert html.index("оцифровка рукописей") < html.index("makerspace")
    russian_only = client.get("/admin/reports/search-content-gaps/", {"language": "ru"}).content.decode()
    assert "makerspace" not in russian_only
    export = client.get("/admin/reports/search-content-gaps/", {"export": "csv"})
    assert export.status_code == 200
    assert "оцифровка рукописей" in b"".join(export.streaming_content).decode()


def test_visitors_cannot_read_the_report(client, db):
    response = client.get("/admin/reports/search-content-gaps/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_member_library_staff_do_not_see_the_report(client, django_user_model, db):
    staff = django_user_model.objects.create_user("librarian", password="pw")
    staff.groups.add(Group.objects.get(name=MEMBER_LIBRARY_EDITORS))
    client.force_login(staff)
    assert "search-content-gaps" not in client.get("/admin/reports/").content.decode()
    assert client.get("/admin/reports/search-content-gaps/").status_code in (302, 403)

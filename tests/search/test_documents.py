"""Which pages reach the index, and that only their published text does."""

import datetime

import pytest

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from best_practices.models import BestPracticeIndexPage
from consortium_site.site_tree import find_index_page
from members.factories import MemberLibraryPageFactory
from search.documents import is_indexable, page_to_document
from search.engines import SearchQuery
from search.engines.database import DatabaseEngine
from search.indexing import iter_documents
from search.text import analyze

from .pages import publish_article

pytestmark = pytest.mark.django_db


def published_article(parent, **fields):
    fields.setdefault("body", [("paragraph", RichText("<p>Published text about the <b>Koha</b> catalogue.</p>"))])
    page = BestPracticeArticlePageFactory(parent=parent, **fields)
    page.themes.add("library-systems")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_article_document_carries_published_fields(practices_index):
    page = published_article(practices_index, title="Moving to Koha", countries=["KZ", "UZ"])
    document = page_to_document(page)
    assert document["type"] == "article"
    assert document["locale"] == "en"
    assert document["title"] == "Moving to Koha"
    assert document["url"] == page.url
    assert "Published text about the Koha catalogue." in document["body"]
    assert "<b>" not in document["body"]
    assert document["themes"] == ["library-systems"]
    assert document["countries"] == ["KZ", "UZ"]
    assert document["year"] == 2024
    assert document["publication_date"] == "2024-05-01"
    assert document["terms"].count(analyze("Koha", "en")[0]) == 3 + 1, "three times in the title, once in the body"


def test_heading_text_is_indexed_but_not_its_level_label(practices_index):
    body = [
        ("heading", {"text": "Why we left the old system", "level": "h2"}),
        ("paragraph", RichText("<p>The licence cost a third of the budget.</p>")),
    ]
    document = page_to_document(published_article(practices_index, body=body))
    assert "Why we left the old system" in document["body"]
    assert "Level" not in document["body"]


def test_case_study_document_includes_its_story_fields(practices_index):
    page = StaffingCaseStudyPageFactory(
        parent=practices_index, interventions="<p>Mentoring for every newcomer</p>", outcomes="<p>Turnover fell</p>"
    )
    page.save_revision().publish()
    document = page_to_document(page)
    assert document["type"] == "case_study"
    assert "Mentoring for every newcomer" in document["body"]
    assert document["countries"] == ["KZ"]


def test_member_library_document_includes_city_and_short_name(members_index):
    page = MemberLibraryPageFactory(parent=members_index, title="Satbayev University Library", short_name="SU Lib")
    page.save_revision().publish()
    document = page_to_document(page)
    assert document["type"] == "member_library"
    assert {"almati", "su", "lib"} <= set(document["terms"])


def test_draft_changes_never_reach_the_document(practices_index):
    page = published_article(practices_index, title="Public title")
    page.title = "Secret draft title"
    page.body = [("paragraph", RichText("<p>Unreleased embargoed wording</p>"))]
    page.save_revision()
    page.refresh_from_db()
    document = page_to_document(page)
    assert document["title"] == "Public title"
    assert "embargoed" not in document["body"]
    assert "embargo" not in " ".join(document["terms"])


def test_in_memory_draft_edits_are_not_read(practices_index):
    page = published_article(practices_index, title="Public title")
    page.title = "Unsaved edit"
    assert page_to_document(page)["title"] == "Public title"


def test_draft_text_is_not_found_by_search(practices_index):
    page = published_article(practices_index, title="Public title")
    page.body = [("paragraph", RichText("<p>Unreleased embargoed wording</p>"))]
    page.save_revision()
    engine = DatabaseEngine()
    engine.index_documents([page_to_document(page)])
    assert engine.search(SearchQuery(q="embargoed wording")).count == 0
    assert engine.search(SearchQuery(q="Koha catalogue")).count == 1


def test_live_public_content_page_is_indexable(practices_index):
    assert is_indexable(published_article(practices_index))


def test_draft_page_is_not_indexable(practices_index):
    page = BestPracticeArticlePageFactory(parent=practices_index, live=False)
    page.save_revision()
    assert not is_indexable(page)


def test_unpublished_page_is_not_indexable(practices_index):
    page = published_article(practices_index)
    page.unpublish()
    assert not is_indexable(page)


def test_expired_page_is_not_indexable(practices_index):
    page = published_article(practices_index)
    page.expired = True
    page.save()
    assert not is_indexable(page)


def test_private_page_is_not_indexable(practices_index):
    page = published_article(practices_index)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert not is_indexable(page)


def test_page_under_a_private_section_is_not_indexable(practices_index):
    page = published_article(practices_index)
    PageViewRestriction.objects.create(
        page=practices_index, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    assert not is_indexable(page)


def test_index_pages_are_not_indexable(practices_index, home_page):
    assert not is_indexable(practices_index)
    assert not is_indexable(home_page)


def test_publication_date_defaults_to_first_publication(practices_index):
    page = published_article(practices_index, publication_date=None)
    assert page_to_document(page)["publication_date"] == datetime.date.today().isoformat()


@pytest.mark.django_db
def test_bulk_page_urls_are_the_urls_pages_link_to(locales):
    pages = [
        publish_article(find_index_page(BestPracticeIndexPage, locales[code]), title)
        for code, title in [("en", "Open access week"), ("ru", "Открытый доступ"), ("kk", "Ашық қолжетімділік")]
    ]
    urls = {document["id"]: document["url"] for document in iter_documents(page_ids=[page.pk for page in pages])}
    assert urls == {page.pk: page.url for page in pages}
    assert urls[pages[1].pk].startswith("/ru/practices/%D0%BE")

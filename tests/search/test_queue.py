"""The durable index queue: every kind of content change is queued with the change and reaches search."""

import datetime

import pytest

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from search.engines import SearchQuery, search
from search.models import IndexQueueEntry
from search.queue import LEASE, _claim, queue_depth, reindex_pending
from tests.search.pages import make_private, publish_article, save_draft


def found(text, **filters):
    return {result.id: result for result in search(SearchQuery(q=text, **filters)).results}


def queued(page):
    return set(IndexQueueEntry.objects.filter(page_id=page.pk).values_list("reason", flat=True))


def test_publishing_queues_the_page_in_the_same_transaction(practices_index):
    seen_inside = []

    def publish_then_fail():
        with transaction.atomic():
            page = publish_article(practices_index, "Rolled back practice")
            seen_inside.append(queued(page))
            raise RuntimeError("the editor's request failed after publishing")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert seen_inside == [{"save"}]
    assert not Page.objects.filter(title="Rolled back practice").exists()
    assert not IndexQueueEntry.objects.exists()


def test_worker_makes_a_published_page_searchable(engine_name, practices_index, drain):
    page = publish_article(practices_index, "Koha migration of the catalogue", body="authority control")
    assert page.pk not in found("koha")
    drain()
    assert page.pk in found("koha")
    assert not IndexQueueEntry.objects.filter(page_id=page.pk).exists()


def test_unpublish_and_delete_remove_the_page(engine_name, practices_index, drain):
    kept = publish_article(practices_index, "Plagiarism checking workflow one")
    unpublished = publish_article(practices_index, "Plagiarism checking workflow two")
    deleted = publish_article(practices_index, "Plagiarism checking workflow three")
    drain()
    assert set(found("plagiarism")) == {kept.pk, unpublished.pk, deleted.pk}
    unpublished.unpublish()
    deleted_id = deleted.pk
    deleted.delete()
    assert "delete" in set(IndexQueueEntry.objects.filter(page_id=deleted_id).values_list("reason", flat=True))
    drain()
    assert set(found("plagiarism")) == {kept.pk}


def test_saving_a_draft_queues_nothing_and_changes_nothing(engine_name, practices_index, drain):
    page = publish_article(practices_index, "Reading club for students", body="weekly meetings")
    drain()
    save_draft(page, title="Embargoed title", body="confidential budget figures")
    assert not queued(page)
    drain()
    assert not found("confidential")
    assert found("reading club")[page.pk].title == "Reading club for students"


def test_a_new_slug_of_the_section_moves_every_result_url(engine_name, practices_index, drain):
    page = publish_article(practices_index, "Remote reference services")
    drain()
    assert found("remote reference")[page.pk].url.endswith("/practices/remote-reference-services/")
    practices_index.slug = "good-practice"
    practices_index.save_revision().publish()
    assert "move" in queued(page)
    drain()
    assert found("remote reference")[page.pk].url.endswith("/good-practice/remote-reference-services/")


def test_moving_a_page_to_another_section_updates_its_url(engine_name, practices_index, drain, locales):
    page = publish_article(practices_index, "Digitisation of rare manuscripts")
    drain()
    russian_practices = practices_index.get_translation(locales["ru"])
    page.move(russian_practices, pos="last-child")
    drain()
    assert found("digitisation manuscripts")[page.pk].url.startswith("/ru/")


def test_changing_themes_changes_the_theme_facet(engine_name, practices_index, drain):
    page = publish_article(practices_index, "Research data stewardship", themes=["research-data"])
    drain()
    assert search(SearchQuery(q="stewardship")).facets["theme"] == {"research-data": 1}
    page.themes.set(["open-science"])
    page.save_revision().publish()
    drain()
    assert search(SearchQuery(q="stewardship")).facets["theme"] == {"open-science": 1}
    assert found("stewardship", theme="open-science")


def test_a_view_restriction_takes_the_page_and_its_subtree_out(engine_name, practices_index, drain):
    page = publish_article(practices_index, "Staff mentoring scheme")
    drain()
    restriction = make_private(practices_index)
    assert "privacy" in queued(page)
    drain()
    assert page.pk not in found("mentoring")
    restriction.delete()
    drain()
    assert page.pk in found("mentoring")


def test_repeated_changes_to_one_page_are_applied_once(practices_index):
    page = publish_article(practices_index, "Interlibrary loan by courier")
    for number in range(3):
        page.title = f"Interlibrary loan by courier, revision {number}"
        page.save_revision().publish()
    assert IndexQueueEntry.objects.filter(page_id=page.pk).count() >= 4
    report = reindex_pending()
    assert report.indexed == 1
    assert found("courier")[page.pk].title == "Interlibrary loan by courier, revision 2"


def test_an_entry_leased_by_one_drainer_is_not_taken_by_another(practices_index):
    publish_article(practices_index, "Open access repository")
    claimed = _claim("database", None)
    assert claimed
    assert _claim("database", None) == []
    leased = IndexQueueEntry.objects.get(id=claimed[0][0])
    assert leased.available_at > timezone.now() + LEASE / 2


def test_a_failing_engine_keeps_entries_queued_with_back_off(settings, practices_index, unused_port):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"
    page = publish_article(practices_index, "Succession planning for directors")
    report = reindex_pending()
    assert report.failed == 1
    assert report.errors
    entries = IndexQueueEntry.objects.filter(page_id=page.pk, engine="elasticsearch")
    assert {entry.attempts for entry in entries} == {1}
    assert all(entry.available_at > timezone.now() for entry in entries)
    assert all(entry.last_error == "SearchEngineError: Elasticsearch: ConnectionError" for entry in entries)
    # The database index, the fallback, was brought up to date all the same.
    assert not IndexQueueEntry.objects.filter(page_id=page.pk, engine="database").exists()
    # Not due again yet: a second drain leaves it alone instead of hammering the engine.
    assert reindex_pending().failed == 0
    assert set(entries.values_list("attempts", flat=True)) == {1}
    assert queue_depth()["elasticsearch"]["retrying"] == entries.count()


def test_back_off_grows_with_each_failure_and_stays_bounded(settings, practices_index, unused_port):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port}"
    settings.SEARCH_QUEUE_MAX_BACKOFF = 60
    page = publish_article(practices_index, "Workload of cataloguers")
    delays = []
    for _attempt in range(8):
        IndexQueueEntry.objects.filter(page_id=page.pk).update(available_at=timezone.now())
        before = timezone.now()
        reindex_pending(engines=["elasticsearch"])
        entry = IndexQueueEntry.objects.filter(page_id=page.pk, engine="elasticsearch").first()
        delays.append((entry.available_at - before).total_seconds())
    assert entry.attempts == 8
    assert delays[3] > delays[0]
    assert max(delays) <= 60 + 1
    assert entry.available_at < timezone.now() + datetime.timedelta(seconds=61)


def test_without_a_worker_a_publish_is_searchable_right_after_commit(
    settings, practices_index, django_capture_on_commit_callbacks
):
    settings.SEARCH_BACKEND = "database"
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_article(practices_index, "Evening opening hours")
    assert page.pk in found("evening opening")
    assert not IndexQueueEntry.objects.exists()


def test_the_after_commit_drain_can_be_turned_off(settings, practices_index, django_capture_on_commit_callbacks):
    settings.SEARCH_INDEX_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_article(practices_index, "Weekend opening hours")
    assert page.pk not in found("weekend opening")
    assert queued(page) == {"save"}

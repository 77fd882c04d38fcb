"""Each role's allowed path through review: submit, request changes, approve, publish."""

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, streamfield

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from tests.editorial.conftest import access_of


def form_data(client, url, **changes):
    """The editor's form as the admin renders it, with `changes` typed in."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    return data


def approve(client, page, action="approve", comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def submit_new_article(client, practices_index, title):
    url = reverse("wagtailadmin_pages:add", args=["best_practices", "bestpracticearticlepage", practices_index.pk])
    data = form_data(client, url, title=title, slug="reading-clubs", summary="Students run the reading clubs.")
    data.update(streamfield_prefixed("body"))
    data["action-submit"] = "Submit to Moderator review"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BestPracticeArticlePage.objects.get(slug="reading-clubs")


def streamfield_prefixed(prefix):
    return {f"{prefix}-{key}": value for key, value in streamfield([]).items()}


@pytest.mark.django_db
def test_association_editor_submits_and_moderator_approves_so_the_article_is_public(
    client, association_editor, moderator, practices_index
):
    client.force_login(association_editor)
    article = submit_new_article(client, practices_index, "Student-run reading clubs")
    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(f"/en/practices/{article.slug}/").status_code == 404
    assert any(moderator.email in message.to for message in mail.outbox)

    mail.outbox.clear()
    client.force_login(moderator)
    assert approve(client, article).status_code == 302
    article.refresh_from_db()
    assert article.live
    public = client.get(article.url)
    assert public.status_code == 200
    assert "Student-run reading clubs" in public.content.decode()
    assert any(association_editor.email in message.to for message in mail.outbox)


@pytest.mark.django_db
def test_moderator_requests_changes_and_the_article_stays_private(
    client, association_editor, moderator, practices_index
):
    client.force_login(association_editor)
    article = submit_new_article(client, practices_index, "Draft needing work")
    client.force_login(moderator)
    mail.outbox.clear()
    assert approve(client, article, action="reject", comment="Please add the figures.").status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any(association_editor.email in message.to for message in mail.outbox)
    assert client.get(f"/en/practices/{article.slug}/").status_code == 404


@pytest.mark.django_db
def test_association_editor_cannot_publish(client, association_editor, practices_index):
    client.force_login(association_editor)
    url = reverse("wagtailadmin_pages:add", args=["best_practices", "bestpracticearticlepage", practices_index.pk])
    data = form_data(client, url, title="Published by an editor?", slug="editor-publish", summary="No.")
    data.update(streamfield_prefixed("body"))
    data["action-publish"] = "Publish"
    assert client.post(url, data).status_code == 302  # saved, as a draft
    page = BestPracticeArticlePage.objects.get(slug="editor-publish")
    assert not page.live
    assert client.get("/en/practices/editor-publish/").status_code == 404


def edit_profile(client, library, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[library.pk])
    data = form_data(client, url, **changes)
    data.update(streamfield_prefixed("description"))
    return url, data


@pytest.mark.django_db
def test_member_editor_updates_profile_and_moderator_approves_it(client, editor_a, moderator, library_a):
    client.force_login(editor_a)
    url, data = edit_profile(client, library_a, summary="Open 24 hours during exams.")
    data["action-submit"] = "Submit to Profile check by a moderator"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    library_a.refresh_from_db()
    assert "Open 24 hours" not in client.get(library_a.url).content.decode()
    assert library_a.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(moderator)
    assert approve(client, library_a).status_code == 302
    assert "Open 24 hours during exams." in client.get(library_a.url).content.decode()


@pytest.mark.django_db
def test_member_editor_cannot_publish_profile_until_library_is_trusted(client, editor_a, library_a):
    client.force_login(editor_a)
    url, data = edit_profile(client, library_a, summary="Published directly.")
    data["action-publish"] = "Publish"
    assert client.post(url, data).status_code == 302  # saved, as a draft
    library_a.refresh_from_db()
    assert library_a.get_latest_revision_as_object().summary == "Published directly."
    assert "Published directly." not in client.get(library_a.url).content.decode()

    access = access_of(library_a)
    access.trusted_publisher = True
    access.save()
    url, data = edit_profile(client, library_a, summary="Published directly.")
    data["action-publish"] = "Publish"
    assert client.post(url, data).status_code == 302
    assert "Published directly." in client.get(library_a.url).content.decode()

    access.trusted_publisher = False
    access.save()
    assert not Page.objects.get(pk=library_a.pk).permissions_for_user(editor_a).can_publish()


@pytest.mark.django_db
def test_member_editor_drafts_case_study_about_own_library_only(
    client, editor_a, library_a, library_b, practices_index
):
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:add", args=["best_practices", "staffingcasestudypage", practices_index.pk])
    page = client.get(url).content.decode()
    assert "Library A" in page
    assert "Library B" not in page
    data = form_data(client, url, title="Mentoring at A", slug="mentoring-at-a", summary="Mentors for new staff.")
    for prefix in ("body",):
        data.update(streamfield_prefixed(prefix))
    data["reporting_library"] = str(library_b.pk)
    data["action-submit"] = "Submit"
    assert client.post(url, data).status_code == 200  # the form comes back with an error
    assert not StaffingCaseStudyPage.objects.filter(slug="mentoring-at-a").exists()

    data["reporting_library"] = str(library_a.pk)
    assert client.post(url, data).status_code == 302
    study = StaffingCaseStudyPage.objects.get(slug="mentoring-at-a")
    assert study.owner == editor_a
    assert study.reporting_library_id == library_a.pk
    assert not study.live
    assert study.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

"""A member library's editor in a real browser: sign in, edit her own profile, submit it for the
moderators' check; library B's profile stays out of reach."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

from editorial.roles import MEMBER_LIBRARY_EDITORS
from members.factories import MemberLibraryPageFactory
from members.models import MemberLibraryIndexPage, MemberLibraryPage
from tests.browser.conftest import sign_in
from tests.editorial.conftest import access_of, make_user

PASSWORD = "a-long-passphrase-9"


@pytest.fixture
def libraries(db):
    members_index = MemberLibraryIndexPage.objects.get(locale__language_code="en")
    library_a = MemberLibraryPageFactory(parent=members_index, title="Kazakh National University Library")
    library_b = MemberLibraryPageFactory(parent=members_index, title="Osh State University Library", summary="B live")
    editor = make_user("aigerim", MEMBER_LIBRARY_EDITORS)
    editor.groups.add(access_of(library_a).group)
    return members_index, library_a, library_b, editor


@pytest.mark.browser
def test_member_editor_edits_and_submits_own_profile_and_cannot_reach_library_b(browser_page, libraries):
    page = browser_page
    members_index, library_a, library_b, editor = libraries
    sign_in(page, editor.username, PASSWORD)

    page.goto(f"{page.base_url}/admin/pages/{members_index.pk}/")
    listing = page.locator("main")
    listing.get_by_role("link", name="Kazakh National University Library").first.wait_for()
    assert "Osh State University Library" not in listing.inner_text()

    listing.get_by_role("link", name="Kazakh National University Library").first.click()
    page.wait_for_url(f"**/admin/pages/{library_a.pk}/edit/")
    page.locator("#id_summary").fill("Open around the clock during the exam session.")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Submit to Member profile check").click()
    page.get_by_text("has been submitted for moderation").wait_for()

    library_a = MemberLibraryPage.objects.get(pk=library_a.pk)
    assert library_a.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert library_a.get_latest_revision_as_object().summary == "Open around the clock during the exam session."
    public = page.goto(f"{page.base_url}{library_a.url}")
    assert public.status == 200
    assert "Open around the clock" not in page.content()

    response = page.goto(f"{page.base_url}/admin/pages/{library_b.pk}/edit/")
    assert response.status in (403, 404) or "/admin/login/" in page.url or page.url.endswith("/admin/")
    assert page.locator("#id_summary").count() == 0
    assert not Group.objects.get(pk=access_of(library_b).group.pk).user_set.filter(pk=editor.pk).exists()

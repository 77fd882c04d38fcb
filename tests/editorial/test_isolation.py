"""An editor of library A against library B's profile, drafts, images and documents: every admin endpoint
refuses (403, 404, or a redirect to the login or admin home) and nothing in the database changes.

Each probe is one line: (id, method, URL name, URL arguments from the target, POST data).
"""

from urllib.parse import urlparse

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)

from editorial.models import MemberLibraryAccess
from tests.editorial.conftest import B_DRAFT_SUMMARY, B_DRAFT_TITLE

EDIT = {"title": "Taken over", "slug": "taken-over", "summary": "x", "action-publish": "action-publish"}
COPY = {"new_title": "Copy", "new_slug": "copy-of-b", "publish_copies": "on", "copy_subpages": "on"}
MEDIA_EDIT = {"title": "Taken over", "tags": ""}

# (id, method, url name, args(target), data(target))
# fmt: off
PROBES = [
    ("profile edit GET", "get", "wagtailadmin_pages:edit", lambda t: [t.profile.pk], None),
    ("profile edit POST", "post", "wagtailadmin_pages:edit", lambda t: [t.profile.pk], lambda t: EDIT),
    ("draft edit GET", "get", "wagtailadmin_pages:edit", lambda t: [t.draft.pk], None),
    ("draft edit POST", "post", "wagtailadmin_pages:edit", lambda t: [t.draft.pk], lambda t: EDIT),
    ("profile preview GET", "get", "wagtailadmin_pages:preview_on_edit", lambda t: [t.profile.pk], None),
    ("profile preview POST", "post", "wagtailadmin_pages:preview_on_edit", lambda t: [t.profile.pk], lambda t: EDIT),
    ("draft preview GET", "get", "wagtailadmin_pages:preview_on_edit", lambda t: [t.draft.pk], None),
    ("profile view draft", "get", "wagtailadmin_pages:view_draft", lambda t: [t.profile.pk], None),
    ("draft view draft", "get", "wagtailadmin_pages:view_draft", lambda t: [t.draft.pk], None),
    ("revisions index", "get", "wagtailadmin_pages:revisions_index", lambda t: [t.profile.pk], None),
    ("revision view", "get", "wagtailadmin_pages:revisions_view", lambda t: [t.profile.pk, t.profile_revision.pk], None),
    ("revisions compare", "get", "wagtailadmin_pages:revisions_compare", lambda t: [t.profile.pk, "live", "latest"], None),
    ("revision revert", "get", "wagtailadmin_pages:revisions_revert", lambda t: [t.profile.pk, t.profile_revision.pk], None),
    ("revision unschedule", "post", "wagtailadmin_pages:revisions_unschedule", lambda t: [t.profile.pk, t.profile_revision.pk], lambda t: {}),
    ("history", "get", "wagtailadmin_pages:history", lambda t: [t.profile.pk], None),
    ("history results", "get", "wagtailadmin_pages:history_results", lambda t: [t.profile.pk], None),
    ("draft history", "get", "wagtailadmin_pages:history", lambda t: [t.draft.pk], None),
    ("workflow history", "get", "wagtailadmin_pages:workflow_history", lambda t: [t.draft.pk], None),
    ("workflow history detail", "get", "wagtailadmin_pages:workflow_history_detail", lambda t: [t.draft.pk, t.workflow_state.pk], None),
    ("workflow approve", "post", "wagtailadmin_pages:workflow_action", lambda t: [t.draft.pk, "approve", t.draft_task_state.pk], lambda t: {"comment": ""}),
    ("workflow collect data", "get", "wagtailadmin_pages:collect_workflow_action_data", lambda t: [t.draft.pk, "approve", t.draft_task_state.pk], None),
    ("workflow preview", "get", "wagtailadmin_pages:workflow_preview", lambda t: [t.draft.pk, t.draft_task_state.task_id], None),
    ("workflow cancel", "get", "wagtailadmin_pages:confirm_workflow_cancellation", lambda t: [t.draft.pk], None),
    ("copy GET", "get", "wagtailadmin_pages:copy", lambda t: [t.profile.pk], None),
    ("copy POST", "post", "wagtailadmin_pages:copy", lambda t: [t.profile.pk], lambda t: {**COPY, "new_parent_page": t.members_index.pk}),
    ("move GET", "get", "wagtailadmin_pages:move", lambda t: [t.profile.pk], None),
    ("move confirm POST", "post", "wagtailadmin_pages:move_confirm", lambda t: [t.profile.pk, t.other_members_index.pk], lambda t: {}),
    ("set position", "post", "wagtailadmin_pages:set_page_position", lambda t: [t.profile.pk], lambda t: {"position": "0"}),
    ("unpublish GET", "get", "wagtailadmin_pages:unpublish", lambda t: [t.profile.pk], None),
    ("unpublish POST", "post", "wagtailadmin_pages:unpublish", lambda t: [t.profile.pk], lambda t: {}),
    ("delete GET", "get", "wagtailadmin_pages:delete", lambda t: [t.profile.pk], None),
    ("delete POST", "post", "wagtailadmin_pages:delete", lambda t: [t.profile.pk], lambda t: {}),
    ("draft delete POST", "post", "wagtailadmin_pages:delete", lambda t: [t.draft.pk], lambda t: {}),
    ("lock", "post", "wagtailadmin_pages:lock", lambda t: [t.profile.pk], lambda t: {}),
    ("unlock", "post", "wagtailadmin_pages:unlock", lambda t: [t.profile.pk], lambda t: {}),
    ("privacy POST", "post", "wagtailadmin_pages:set_privacy", lambda t: [t.profile.pk], lambda t: {"restriction_type": "login"}),
    ("usage", "get", "wagtailadmin_pages:usage", lambda t: [t.draft.pk], None),
    ("explore draft", "get", "wagtailadmin_explore", lambda t: [t.draft.pk], None),
    ("page chooser browse draft", "get", "wagtailadmin_choose_page_child", lambda t: [t.draft.pk], None),
    ("page chooser chosen draft", "get", "wagtailadmin_choose_page_chosen_multiple", lambda t: [], lambda t: {"id": t.draft.pk}),
    ("admin API page detail", "get", "wagtailadmin_api:pages:detail", lambda t: [t.draft.pk], None),
    ("admin API profile detail", "get", "wagtailadmin_api:pages:detail", lambda t: [t.profile.pk], None),
    ("admin API publish action", "post", "wagtailadmin_api:pages:action", lambda t: [t.draft.pk, "publish"], lambda t: {}),
    ("admin API delete action", "post", "wagtailadmin_api:pages:action", lambda t: [t.draft.pk, "delete"], lambda t: {}),
    ("image edit GET", "get", "wagtailimages:edit", lambda t: [t.image.pk], None),
    ("image edit POST", "post", "wagtailimages:edit", lambda t: [t.image.pk], lambda t: MEDIA_EDIT),
    ("image delete POST", "post", "wagtailimages:delete", lambda t: [t.image.pk], lambda t: {}),
    ("image url generator", "get", "wagtailimages:url_generator", lambda t: [t.image.pk], None),
    ("image preview", "get", "wagtailimages:preview", lambda t: [t.image.pk, "original"], None),
    ("image usage", "get", "wagtailimages:image_usage", lambda t: [t.image.pk], None),
    ("image multiple edit", "post", "wagtailimages:edit_multiple", lambda t: [t.image.pk], lambda t: MEDIA_EDIT),
    ("image multiple delete", "post", "wagtailimages:delete_multiple", lambda t: [t.image.pk], lambda t: {}),
    ("image chooser chosen", "get", "wagtailimages_chooser:chosen", lambda t: [t.image.pk], None),
    ("image chooser multiple", "get", "wagtailimages_chooser:chosen_multiple", lambda t: [], lambda t: {"id": t.image.pk}),
    ("image select format", "get", "wagtailimages_chooser:select_format", lambda t: [t.image.pk], None),
    ("admin API image detail", "get", "wagtailadmin_api:images:detail", lambda t: [t.image.pk], None),
    ("document edit GET", "get", "wagtaildocs:edit", lambda t: [t.document.pk], None),
    ("document edit POST", "post", "wagtaildocs:edit", lambda t: [t.document.pk], lambda t: MEDIA_EDIT),
    ("document delete POST", "post", "wagtaildocs:delete", lambda t: [t.document.pk], lambda t: {}),
    ("document usage", "get", "wagtaildocs:document_usage", lambda t: [t.document.pk], None),
    ("document multiple edit", "post", "wagtaildocs:edit_multiple", lambda t: [t.document.pk], lambda t: MEDIA_EDIT),
    ("document multiple delete", "post", "wagtaildocs:delete_multiple", lambda t: [t.document.pk], lambda t: {}),
    ("document chooser chosen", "get", "wagtaildocs_chooser:chosen", lambda t: [t.document.pk], None),
    ("document chooser multiple", "get", "wagtaildocs_chooser:chosen_multiple", lambda t: [], lambda t: {"id": t.document.pk}),
    ("admin API document detail", "get", "wagtailadmin_api:documents:detail", lambda t: [t.document.pk], None),
    ("B's editor account", "get", "wagtailusers_users:edit", lambda t: [t.editor.pk], None),
    ("B's editor account POST", "post", "wagtailusers_users:edit", lambda t: [t.editor.pk], lambda t: {"username": "x", "is_active": ""}),
    ("B's 2FA devices", "get", "wagtail_2fa_device_list", lambda t: [t.editor.pk], None),
    ("B's access settings", "post", "member_library_access:edit", lambda t: [t.access.pk], lambda t: {"trusted_publisher": "on"}),
]
# fmt: on


def database_state(target, user):
    """Everything a refused request could have changed."""
    page_ids = [target.profile.pk, target.draft.pk]
    return {
        "pages": list(
            Page.objects.filter(pk__in=page_ids)
            .order_by("pk")
            .values_list("title", "draft_title", "slug", "live", "has_unpublished_changes", "locked", "path")
        ),
        "page_count": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "workflow": list(WorkflowState.objects.values_list("pk", "status")),
        "tasks": list(TaskState.objects.values_list("pk", "status")),
        "image": list(get_image_model().objects.filter(pk=target.image.pk).values_list("title", "collection", "file")),
        "document": list(
            get_document_model().objects.filter(pk=target.document.pk).values_list("title", "collection", "file")
        ),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "user_groups": sorted(user.groups.values_list("pk", flat=True)),
        "b_editor": list(type(user).objects.filter(pk=target.editor.pk).values_list("username", "is_active", "email")),
        "groups": Group.objects.count(),
        "trusted": list(MemberLibraryAccess.objects.values_list("pk", "trusted_publisher")),
    }


def call(client, method, url_name, args, data, follow=False):
    url = reverse(url_name, args=args)
    if method == "get":
        return client.get(url, data or {}, follow=follow)
    return client.post(url, data, follow=follow)


def assert_refused(response, probe_id):
    """Followed to its end: a 403 or 404, or Wagtail's "no permission" redirect to the admin home or login.

    (A 404 under /admin/ reaches the client as a redirect to /en/admin/...: LocaleMiddleware tries the
    language-prefixed path, which Wagtail's page-serving catch-all then answers with 404 again.)
    """
    final_path = urlparse(response.request["PATH_INFO"]).path
    if response.status_code in (403, 404):
        return
    refusal_pages = (reverse("wagtailadmin_home"), reverse("wagtailadmin_login"))
    assert response.redirect_chain, f"{probe_id}: answered {response.status_code}, which is not a refusal"
    assert final_path in refusal_pages, f"{probe_id}: ended at {final_path}, which is not a refusal"


@pytest.mark.django_db
@pytest.mark.parametrize(("probe_id", "method", "url_name", "args", "data"), PROBES, ids=[p[0] for p in PROBES])
def test_editor_of_library_a_is_refused_library_b_and_changes_nothing(
    client, editor_a, b_private, probe_id, method, url_name, args, data
):
    client.force_login(editor_a)
    before = database_state(b_private, editor_a)
    response = call(client, method, url_name, args(b_private), data(b_private) if data else None, follow=True)
    assert_refused(response, probe_id)
    assert database_state(b_private, editor_a) == before
    body = response.content.decode(errors="replace")
    for secret in (B_DRAFT_SUMMARY, B_DRAFT_TITLE, "B-IMAGE", "B-DOCUMENT"):
        assert secret not in body


# The same probes on A's own material succeed, so a refusal above is the permission check, not a broken probe.
OWN_MATERIAL_PROBES = [
    probe
    for probe in PROBES
    if probe[1] == "get"
    and probe[0]
    in {
        "profile edit GET",
        "draft edit GET",
        "profile view draft",
        "revisions index",
        "revision view",
        "revisions compare",
        "history",
        "image edit GET",
        "image chooser chosen",
        "document edit GET",
        "document chooser chosen",
        "admin API page detail",
        "admin API image detail",
        "admin API document detail",
    }
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("probe_id", "method", "url_name", "args", "data"), OWN_MATERIAL_PROBES, ids=[p[0] for p in OWN_MATERIAL_PROBES]
)
def test_editor_of_library_a_reaches_own_material(client, editor_a, a_own, probe_id, method, url_name, args, data):
    client.force_login(editor_a)
    response = call(client, method, url_name, args(a_own), data(a_own) if data else None, follow=True)
    assert response.status_code == 200, f"{probe_id}: {response.status_code}"


# Listings A may open; none may name B's draft, B's pending change, B's image or B's document.
# fmt: off
LISTINGS = [
    ("explorer of practices", "wagtailadmin_explore", lambda t: [t.practices_index.pk], {}),
    ("explorer of members", "wagtailadmin_explore", lambda t: [t.members_index.pk], {}),
    ("explorer results", "wagtailadmin_explore_results", lambda t: [t.practices_index.pk], {}),
    ("admin page search", "wagtailadmin_pages:search", lambda t: [], {"q": "B-CONFIDENTIAL-DRAFT"}),
    ("page chooser browse", "wagtailadmin_choose_page_child", lambda t: [t.practices_index.pk], {}),
    ("page chooser search", "wagtailadmin_choose_page_search", lambda t: [], {"q": "confidential"}),
    ("admin API pages", "wagtailadmin_api:pages:listing", lambda t: [], {"limit": 20, "order": "-id"}),
    ("admin API practices", "wagtailadmin_api:pages:listing", lambda t: [], {"type": "best_practices.StaffingCaseStudyPage"}),
    ("site history", "wagtailadmin_reports:site_history", lambda t: [], {}),
    ("image library", "wagtailimages:index", lambda t: [], {}),
    ("image chooser", "wagtailimages_chooser:choose", lambda t: [], {}),
    ("admin API images", "wagtailadmin_api:images:listing", lambda t: [], {}),
    ("document library", "wagtaildocs:index", lambda t: [], {}),
    ("document chooser", "wagtaildocs_chooser:choose", lambda t: [], {}),
    ("admin API documents", "wagtailadmin_api:documents:listing", lambda t: [], {}),
    ("dashboard", "wagtailadmin_home", lambda t: [], {}),
]
# fmt: on


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("listing_id", "url_name", "args", "params"), LISTINGS, ids=[listing[0] for listing in LISTINGS]
)
def test_listings_do_not_show_library_b_material_to_editor_of_a(
    client, editor_a, b_private, listing_id, url_name, args, params
):
    client.force_login(editor_a)
    response = client.get(reverse(url_name, args=args(b_private)), params)
    assert response.status_code == 200, f"{listing_id}: {response.status_code}"
    body = response.content.decode()
    for secret in (B_DRAFT_SUMMARY, B_DRAFT_TITLE, "B-IMAGE", "B-DOCUMENT"):
        assert secret not in body, f"{listing_id} shows {secret}"


@pytest.mark.django_db
def test_public_site_shows_neither_b_draft_nor_b_pending_change(client, b_private):
    assert client.get(b_private.draft.url or f"/en/practices/{b_private.draft.slug}/").status_code == 404
    profile = client.get(b_private.profile.url)
    assert profile.status_code == 200
    assert B_DRAFT_SUMMARY not in profile.content.decode()

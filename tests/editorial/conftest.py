"""Two member libraries, A and B, their editors, the association's staff, and B's private material."""

from types import SimpleNamespace

import pytest
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale

from best_practices.factories import StaffingCaseStudyPageFactory
from editorial.models import MemberLibraryAccess
from editorial.roles import (
    ASSOCIATION_EDITORS,
    ASSOCIATION_MODERATORS,
    MEMBER_LIBRARY_EDITORS,
    SITE_ADMINISTRATORS,
)
from members.factories import MemberLibraryPageFactory
from members.models import MemberLibraryIndexPage

B_DRAFT_SUMMARY = "B-UNPUBLISHED-PROFILE-CHANGE plans for a new reading room"
B_DRAFT_TITLE = "B-CONFIDENTIAL-DRAFT staffing study"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_user(username, *group_names, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-passphrase-9", **extra)
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def make_member_editor(username, library):
    user = make_user(username, MEMBER_LIBRARY_EDITORS)
    user.groups.add(MemberLibraryAccess.objects.get(translation_key=library.translation_key).group)
    return user


@pytest.fixture
def library_a(members_index):
    return MemberLibraryPageFactory(parent=members_index, title="Library A", slug="library-a")


@pytest.fixture
def library_b(members_index):
    return MemberLibraryPageFactory(parent=members_index, title="Library B", slug="library-b")


@pytest.fixture
def editor_a(library_a):
    return make_member_editor("editor-a", library_a)


@pytest.fixture
def editor_b(library_b):
    return make_member_editor("editor-b", library_b)


@pytest.fixture
def association_editor(db):
    return make_user("assoc-editor", ASSOCIATION_EDITORS)


@pytest.fixture
def moderator(db):
    return make_user("moderator", ASSOCIATION_MODERATORS)


@pytest.fixture
def site_administrator(db):
    return make_user("site-admin", SITE_ADMINISTRATORS)


def access_of(library):
    return MemberLibraryAccess.objects.get(translation_key=library.translation_key)


def library_material(library, editor, practices_index, *, prefix, summary, draft_title):
    """A pending profile change, a never-published case study, an image and a document of one library."""
    library.summary = summary
    profile_revision = library.save_revision(user=editor)
    draft = StaffingCaseStudyPageFactory(
        parent=practices_index, title=draft_title, live=False, owner=editor, reporting_library=library
    )
    draft.save_revision(user=editor)
    access = access_of(library)
    return SimpleNamespace(
        editor=editor,
        access=access,
        profile=library,
        profile_revision=profile_revision,
        draft=draft,
        image=wagtail_factories.ImageFactory(collection=access.collection, title=f"{prefix}-IMAGE floor plan"),
        document=wagtail_factories.DocumentFactory(collection=access.collection, title=f"{prefix}-DOCUMENT budget"),
        practices_index=practices_index,
        members_index=library.get_parent().specific,
        other_members_index=MemberLibraryIndexPage.objects.get(locale=Locale.objects.get(language_code="ru")),
    )


@pytest.fixture
def b_private(library_b, editor_b, practices_index):
    """B's material, with B's case study in moderation."""
    material = library_material(
        library_b, editor_b, practices_index, prefix="B", summary=B_DRAFT_SUMMARY, draft_title=B_DRAFT_TITLE
    )
    material.workflow_state = material.draft.get_workflow().start(material.draft, editor_b)
    material.draft_task_state = material.workflow_state.current_task_state
    return material


@pytest.fixture
def a_own(library_a, editor_a, practices_index):
    """The same kinds of material, belonging to A: the control that the probes can succeed."""
    return library_material(
        library_a, editor_a, practices_index, prefix="A", summary="A's own pending change", draft_title="A's own draft"
    )

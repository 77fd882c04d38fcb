"""The roles exist after migrate and reach every language, including languages added later."""

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, WorkflowPage

from best_practices.models import BestPracticeIndexPage
from consortium_site.site_tree import ensure_translated_tree
from editorial.models import MemberLibraryAccess
from editorial.roles import (
    ASSOCIATION_EDITORS,
    ASSOCIATION_MODERATORS,
    BEST_PRACTICE_REVIEW,
    MEMBER_LIBRARY_EDITORS,
    MEMBER_PROFILE_CHECK,
    SITE_ADMINISTRATORS,
)
from members.factories import MemberLibraryPageFactory
from members.models import MemberLibraryIndexPage
from tests.editorial.conftest import access_of


def page_codenames(group_name, page):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def assert_section_covered(practices, members):
    assert WorkflowPage.objects.get(page=practices).workflow.name == BEST_PRACTICE_REVIEW
    assert WorkflowPage.objects.get(page=members).workflow.name == MEMBER_PROFILE_CHECK
    assert page_codenames(ASSOCIATION_EDITORS, practices) == {"add_page", "change_page"}
    assert "publish_page" in page_codenames(ASSOCIATION_MODERATORS, practices)
    assert "publish_page" in page_codenames(ASSOCIATION_MODERATORS, members)
    assert page_codenames(MEMBER_LIBRARY_EDITORS, practices) == {"add_page"}
    assert page_codenames(ASSOCIATION_EDITORS, members) == set()


@pytest.mark.django_db
def test_roles_exist_after_migrate_and_wagtail_starter_groups_are_gone():
    names = set(Group.objects.values_list("name", flat=True))
    assert {ASSOCIATION_EDITORS, ASSOCIATION_MODERATORS, SITE_ADMINISTRATORS, MEMBER_LIBRARY_EDITORS} <= names
    assert not names & {"Editors", "Moderators"}
    admins = Group.objects.get(name=SITE_ADMINISTRATORS).permissions.values_list("codename", flat=True)
    assert {"add_user", "change_user", "change_memberlibraryaccess"} <= set(admins)
    editors = Group.objects.get(name=ASSOCIATION_EDITORS).permissions.values_list("codename", flat=True)
    assert set(editors) == {"access_admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("language_code", ["en", "ru", "kk", "uz", "ky"])
def test_every_language_has_its_workflows_and_grants(language_code):
    locale = Locale.objects.get(language_code=language_code)
    assert_section_covered(
        BestPracticeIndexPage.objects.get(locale=locale), MemberLibraryIndexPage.objects.get(locale=locale)
    )


@pytest.mark.django_db
def test_a_language_added_later_gets_workflows_and_grants(locales):
    assert not BestPracticeIndexPage.objects.filter(locale=locales["tg"]).exists()
    ensure_translated_tree(locales["tg"])
    assert_section_covered(
        BestPracticeIndexPage.objects.get(locale=locales["tg"]),
        MemberLibraryIndexPage.objects.get(locale=locales["tg"]),
    )


@pytest.mark.django_db
def test_new_library_gets_its_group_and_collection_and_translations_share_them(members_index, locales):
    library = MemberLibraryPageFactory(parent=members_index, title="Narxoz University Library")
    access = access_of(library)
    assert access.group.name == "Library editors: Narxoz University Library"
    assert access.collection.get_parent().name == "Member libraries"
    assert page_codenames(access.group.name, library) == {"change_page"}

    russian = library.copy_for_translation(locales["ru"], copy_parents=True)
    assert MemberLibraryAccess.objects.filter(translation_key=library.translation_key).count() == 1
    assert page_codenames(access.group.name, russian) == {"change_page"}


@pytest.mark.django_db
def test_two_libraries_with_one_name_get_distinct_groups(members_index):
    first = MemberLibraryPageFactory(parent=members_index, title="Central Library", slug="central-1")
    second = MemberLibraryPageFactory(parent=members_index, title="Central Library", slug="central-2")
    assert access_of(first).group != access_of(second).group
    assert access_of(first).collection != access_of(second).collection


@pytest.mark.django_db
def test_association_editor_cannot_manage_users_or_raise_own_rights(client, association_editor, moderator):
    client.force_login(association_editor)
    moderators = Group.objects.get(name=ASSOCIATION_MODERATORS)
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[association_editor.pk]),
        reverse("wagtailusers_groups:edit", args=[moderators.pk]),
        reverse("member_library_access:index"),
    ):
        assert client.get(url).status_code in (302, 403), url
    client.post(
        reverse("wagtailusers_users:edit", args=[association_editor.pk]),
        {
            "username": association_editor.username,
            "email": "x@example.org",
            "groups": [moderators.pk],
            "is_superuser": "on",
        },
    )
    client.post(reverse("wagtailadmin_account"), {"groups": [moderators.pk], "is_superuser": "on"})
    association_editor.refresh_from_db()
    assert list(association_editor.groups.values_list("name", flat=True)) == [ASSOCIATION_EDITORS]
    assert not association_editor.is_superuser


@pytest.mark.django_db
def test_only_site_administrators_mark_a_library_trusted(client, site_administrator, moderator, library_a, editor_a):
    access = access_of(library_a)
    url = reverse("member_library_access:edit", args=[access.pk])
    for user in (editor_a, moderator):
        client.force_login(user)
        client.post(url, {"trusted_publisher": "on"})
        access.refresh_from_db()
        assert not access.trusted_publisher
    client.force_login(site_administrator)
    assert client.post(url, {"trusted_publisher": "on"}).status_code == 302
    access.refresh_from_db()
    assert access.trusted_publisher
    assert library_a.permissions_for_user(editor_a).can_publish()


@pytest.mark.django_db
def test_moderator_sees_who_changed_what_in_site_history(client, moderator, editor_a, library_a):
    library_a.summary = "Changed by A's editor"
    library_a.save_revision(user=editor_a, log_action=True)
    client.force_login(moderator)
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert history.status_code == 200
    body = history.content.decode()
    assert "Library A" in body
    assert "editor-a" in body or editor_a.get_full_name() in body


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "model_name"), [("wagtaildocs:add", "document"), ("wagtailimages:add", "image")])
def test_member_editor_uploads_only_into_own_collection(client, editor_a, library_a, library_b, url_name, model_name):
    from tests.consortium_site.test_security import png_bytes

    model = get_document_model() if model_name == "document" else get_image_model()
    name, content = ("notes.txt", b"Opening hours") if model_name == "document" else ("logo.png", png_bytes())
    client.force_login(editor_a)
    form = client.get(reverse(url_name)).content.decode()
    assert access_of(library_b).collection.name not in form  # with one permitted collection, no choice is shown

    for library in (library_b, library_a):
        upload = SimpleUploadedFile(name, content)
        data = {"title": f"upload to {library.title}", "file": upload, "collection": access_of(library).collection.pk}
        client.post(reverse(url_name), data)
    # Wagtail offers no collection choice to a user with one collection: both uploads land in A's.
    assert not model.objects.filter(collection=access_of(library_b).collection).exists()
    assert model.objects.filter(collection=access_of(library_a).collection).count() == 2

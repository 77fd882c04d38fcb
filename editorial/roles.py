"""The roles of the editorial process and the page, collection and workflow permissions that make them.

The groups, their model permissions, the two collections and the two workflows are created by the data
migration `0002_roles_and_workflows`. What depends on pages (every language has its own index pages,
and libraries come and go) is granted here, idempotently: when an index page or a member library page
is created (signals in apps.py) and after every `migrate`.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Workflow, WorkflowPage

from editorial.models import MemberLibraryAccess

logger = logging.getLogger(__name__)

ASSOCIATION_EDITORS = "Association editors"
ASSOCIATION_MODERATORS = "Association moderators"
SITE_ADMINISTRATORS = "Site administrators"
MEMBER_LIBRARY_EDITORS = "Member library editors"
ASSOCIATION_GROUPS = (ASSOCIATION_EDITORS, ASSOCIATION_MODERATORS, SITE_ADMINISTRATORS)

ASSOCIATION_COLLECTION = "Association"
MEMBER_LIBRARIES_COLLECTION = "Member libraries"

BEST_PRACTICE_REVIEW = "Best-practice review"
MEMBER_PROFILE_CHECK = "Member profile check"

_MODERATION = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Index page model label -> {group name: page permission codenames}, and the workflow of that section.
SECTION_PAGE_PERMISSIONS = {
    "best_practices.BestPracticeIndexPage": {
        ASSOCIATION_EDITORS: ["add_page", "change_page"],
        ASSOCIATION_MODERATORS: _MODERATION,
        # "add" alone: create pages and edit one's own (Wagtail's ownership rule), never colleagues' drafts.
        MEMBER_LIBRARY_EDITORS: ["add_page"],
    },
    "members.MemberLibraryIndexPage": {
        ASSOCIATION_MODERATORS: _MODERATION,
    },
}
SECTION_WORKFLOWS = {
    "best_practices.BestPracticeIndexPage": BEST_PRACTICE_REVIEW,
    "members.MemberLibraryIndexPage": MEMBER_PROFILE_CHECK,
}
LIBRARY_COLLECTION_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "delete", "choose")
]


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def grant_section_access(index_page):
    """Give the role groups their permissions on one index page and assign the section's workflow."""
    label = index_page.specific_class._meta.label
    for group_name, codenames in SECTION_PAGE_PERMISSIONS[label].items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            logger.warning("Group %r is missing; run `manage.py migrate editorial`.", group_name)
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index_page.pk, permission=_page_permission(codename)
            )
    workflow = Workflow.objects.filter(name=SECTION_WORKFLOWS[label], active=True).first()
    if workflow is not None:
        # get_or_create: a workflow an administrator chose for this page later is left alone.
        WorkflowPage.objects.get_or_create(page_id=index_page.pk, defaults={"workflow": workflow})


def _unique_name(model, name, key, field="name", max_length=150):
    name = name[:max_length]
    if model.objects.filter(**{field: name}).exists():
        name = f"{name[: max_length - 11]} ({key.hex[:8]})"
    return name


def _member_libraries_collection():
    collection = Collection.objects.filter(depth=2, name=MEMBER_LIBRARIES_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=MEMBER_LIBRARIES_COLLECTION)
    return collection


def ensure_member_library_access(library_page):
    """The library's group and collection, created with its first page; every language version is granted."""
    access = MemberLibraryAccess.objects.filter(translation_key=library_page.translation_key).first()
    if access is None:
        try:
            with transaction.atomic():
                access = _create_member_library_access(library_page)
        except IntegrityError:  # another language version of the same library was saved at the same moment
            access = MemberLibraryAccess.objects.get(translation_key=library_page.translation_key)
    sync_library_page_permissions(access)
    return access


def _create_member_library_access(library_page):
    key = library_page.translation_key
    group = Group.objects.create(name=_unique_name(Group, f"Library editors: {library_page.title}", key))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    parent = _member_libraries_collection()
    collection_name = library_page.title[:255]
    if parent.get_children().filter(name=collection_name).exists():
        collection_name = f"{collection_name[:244]} ({key.hex[:8]})"
    collection = parent.add_child(name=collection_name)
    for app_label, codename in LIBRARY_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return MemberLibraryAccess.objects.create(
        translation_key=key, library_name=library_page.title[:255], group=group, collection=collection
    )


def sync_library_page_permissions(access):
    """Editors change every language version of their library; trusted libraries also publish them."""
    change, publish = _page_permission("change_page"), _page_permission("publish_page")
    for page_id in access.library_pages().values_list("pk", flat=True):
        GroupPagePermission.objects.get_or_create(group=access.group, page_id=page_id, permission=change)
        if access.trusted_publisher:
            GroupPagePermission.objects.get_or_create(group=access.group, page_id=page_id, permission=publish)
    if not access.trusted_publisher:
        GroupPagePermission.objects.filter(group=access.group, permission=publish).delete()


def sync_all_access():
    """Run after every migrate: grants for index pages and libraries that exist, whenever they were made."""
    from best_practices.models import BestPracticeIndexPage
    from members.models import MemberLibraryIndexPage, MemberLibraryPage

    for index_model in (BestPracticeIndexPage, MemberLibraryIndexPage):
        for index_page in index_model.objects.all():
            grant_section_access(index_page)
    seen = set()
    for library_page in MemberLibraryPage.objects.order_by("pk"):
        if library_page.translation_key not in seen:
            seen.add(library_page.translation_key)
            ensure_member_library_access(library_page)


def libraries_edited_by(user):
    """Every language version of the member libraries whose editors' group `user` belongs to."""
    from members.models import MemberLibraryPage

    keys = MemberLibraryAccess.objects.filter(group__user=user).values_list("translation_key", flat=True)
    return MemberLibraryPage.objects.filter(translation_key__in=keys)


def is_association_staff(user):
    return user.is_superuser or user.groups.filter(name__in=ASSOCIATION_GROUPS).exists()

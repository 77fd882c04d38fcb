"""The editorial roles: groups with their permissions, the association's and members' collections, and the
two review workflows (their assignment to each language's index pages happens in editorial/roles.py).

Wagtail's starter "Editors" and "Moderators" groups and its root-wide "Moderators approval" workflow
would give whoever joins them the whole tree; they are removed while nobody uses them.
"""

from django.db import migrations

ASSOCIATION_EDITORS = "Association editors"
ASSOCIATION_MODERATORS = "Association moderators"
SITE_ADMINISTRATORS = "Site administrators"
MEMBER_LIBRARY_EDITORS = "Member library editors"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
ENABLE_2FA = ("wagtailadmin", "admin", "enable_2fa")


def _model_permissions(app_label, model, actions):
    return [(app_label, model, f"{action}_{model}") for action in actions]


GROUP_PERMISSIONS = {
    ASSOCIATION_EDITORS: [ACCESS_ADMIN],
    ASSOCIATION_MODERATORS: [
        ACCESS_ADMIN,
        ENABLE_2FA,
        ("editorial", "memberlibraryaccess", "view_memberlibraryaccess"),
        ("editorial", "memberlibraryaccess", "invite_member_editor"),
    ],
    SITE_ADMINISTRATORS: [
        ACCESS_ADMIN,
        ENABLE_2FA,
        *_model_permissions("auth", "user", ["add", "change", "delete", "view"]),
        *_model_permissions("wagtailcore", "site", ["add", "change", "delete"]),
        *_model_permissions("wagtailcore", "locale", ["add", "change", "delete"]),
        *_model_permissions("wagtailcore", "workflow", ["add", "change", "delete"]),
        *_model_permissions("wagtailcore", "task", ["add", "change", "delete"]),
        *_model_permissions("wagtailredirects", "redirect", ["add", "change", "delete"]),
        ("editorial", "memberlibraryaccess", "view_memberlibraryaccess"),
        ("editorial", "memberlibraryaccess", "change_memberlibraryaccess"),
        ("editorial", "memberlibraryaccess", "invite_member_editor"),
    ],
    MEMBER_LIBRARY_EDITORS: [ACCESS_ADMIN],
}
CUSTOM_PERMISSION_NAMES = {"invite_member_editor": "Can invite member library editors"}

MEDIA_PERMISSIONS = [("wagtailimages", "image"), ("wagtaildocs", "document")]
# Collection name (None: the root) -> {group: actions on images and documents}
COLLECTION_PERMISSIONS = {
    "Association": {ASSOCIATION_EDITORS: ["add", "change", "choose"]},
    None: {ASSOCIATION_MODERATORS: ["add", "change", "delete", "choose"]},
}
MEMBER_LIBRARIES_COLLECTION = "Member libraries"

WORKFLOWS = {
    "Best-practice review": "Moderator review",
    "Member profile check": "Profile check by a moderator",
}

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    name = CUSTOM_PERMISSION_NAMES.get(codename)
    if name is None:
        action = codename.split("_", 1)[0]
        try:
            verbose_name = apps.get_model(app_label, model)._meta.verbose_name
        except LookupError:
            verbose_name = model
        name = f"Can {action} {verbose_name}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _child_collection(apps, parent, name):
    """Historical models have no treebeard API, so the materialised path is written as Wagtail's own migrations do."""
    Collection = apps.get_model("wagtailcore", "Collection")
    children = Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    existing = children.filter(name=name).first()
    if existing:
        return existing
    last = children.order_by("-path").first()
    number = int(last.path[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    collection = Collection.objects.create(
        name=name, path=parent.path + step.rjust(STEPLEN, "0"), depth=parent.depth + 1, numchild=0
    )
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    return collection


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(*(_permission(apps, *spec) for spec in permissions))

    root = Collection.objects.get(depth=1)
    for collection_name, grants in COLLECTION_PERMISSIONS.items():
        collection = root if collection_name is None else _child_collection(apps, root, collection_name)
        for group_name, actions in grants.items():
            for app_label, model in MEDIA_PERMISSIONS:
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[group_name],
                        collection=collection,
                        permission=_permission(apps, app_label, model, f"{action}_{model}"),
                    )
    _child_collection(apps, root, MEMBER_LIBRARIES_COLLECTION)

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for workflow_name, task_name in WORKFLOWS.items():
        task, _ = GroupApprovalTask.objects.get_or_create(
            name=task_name, defaults={"content_type": task_type, "active": True}
        )
        task.groups.add(groups[ASSOCIATION_MODERATORS])
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name, defaults={"active": True})
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    for starter in Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True):
        starter.delete()
    for starter in Workflow.objects.filter(name="Moderators approval"):
        if not WorkflowState.objects.filter(workflow=starter).exists():
            WorkflowPage.objects.filter(workflow=starter).delete()
            starter.active = False
            starter.save(update_fields=["active"])
    GroupApprovalTask.objects.filter(name="Moderators approval", groups__isnull=True).update(active=False)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name__in=WORKFLOWS).delete()
    Task.objects.filter(name__in=WORKFLOWS.values()).delete()
    Group.objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_2fa", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

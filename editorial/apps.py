from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _grant_new_section(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from editorial.roles import grant_section_access

        grant_section_access(instance)


def _give_new_library_its_editors(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from editorial.roles import ensure_member_library_access

        ensure_member_library_access(instance)


def _sync_trusted_publishing(sender, instance, raw=False, **kwargs):
    if not raw:
        from editorial.roles import sync_library_page_permissions

        sync_library_page_permissions(instance)


def _sync_after_migrate(sender, **kwargs):
    from editorial.roles import sync_all_access

    sync_all_access()


class EditorialConfig(AppConfig):
    """Roles, review workflows, member library editors and their onboarding."""

    name = "editorial"
    verbose_name = "Editorial roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from best_practices.models import BestPracticeIndexPage
        from editorial.models import MemberLibraryAccess
        from editorial.permissions import CreatedWithLibraryPolicy, OwnPagesPagePermissionPolicy
        from members.models import MemberLibraryIndexPage, MemberLibraryPage

        register_permission_policy(Page, OwnPagesPagePermissionPolicy(Page))
        register_permission_policy(MemberLibraryAccess, CreatedWithLibraryPolicy(MemberLibraryAccess))
        post_save.connect(_sync_trusted_publishing, sender=MemberLibraryAccess, dispatch_uid="editorial.trusted")
        for index_model in (BestPracticeIndexPage, MemberLibraryIndexPage):
            post_save.connect(_grant_new_section, sender=index_model, dispatch_uid=f"editorial.grant.{index_model}")
        post_save.connect(_give_new_library_its_editors, sender=MemberLibraryPage, dispatch_uid="editorial.library")
        # editorial comes after consortium_site in INSTALLED_APPS, so the page tree exists by now.
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="editorial.sync_after_migrate")

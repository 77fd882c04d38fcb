"""What a user may see of the page tree in the admin.

Wagtail lets a user with "add" permission on a section explore the whole section, so a member library
editor (who may add case studies) would see the titles of every colleague's draft in the explorer, the
admin search, the admin API and the audit log. This policy narrows "add"-only sections to the user's
own pages; every other rule is Wagtail's.
"""

from django.db.models import Q

from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry


class OwnPagesPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if self._base_queryset_for_user(user) is not None:
            return pages
        permissions = list(self.get_cached_permissions_for_user(user))
        wider = [perm.page for perm in permissions if perm.permission.codename != "add_page"]
        for perm in permissions:
            section = perm.page
            if perm.permission.codename != "add_page" or any(section.path.startswith(p.path) for p in wider):
                continue
            hidden = Q(path__startswith=section.path, depth__gt=section.depth) & ~Q(owner=user)
            for page in wider:
                if page.path.startswith(section.path):
                    hidden &= ~Q(path__startswith=page.path)
            pages = pages.exclude(hidden)
        return pages


def visible_pages_q(user):
    """Pages `user` may find in choosers: live pages and the pages they may explore."""
    if user.is_superuser:
        return Q()
    policy = policy_registry.get_by_type(Page)
    return Q(live=True) | Q(pk__in=policy.explorable_instances(user).values("pk"))


def page_is_visible_to(user, page):
    return Page.objects.filter(visible_pages_q(user), pk=page.pk).exists()


class CreatedWithLibraryPolicy(ModelPermissionPolicy):
    """Access rows come and go with library pages (editorial/roles.py); the admin may only edit them."""

    def user_has_permission(self, user, action):
        return action not in {"add", "delete"} and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

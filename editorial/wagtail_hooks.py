from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from editorial import views
from editorial.models import MemberLibraryAccess
from editorial.permissions import visible_pages_q
from editorial.roles import is_association_staff
from members.models import MemberLibraryPage


@hooks.register("register_admin_urls")
def register_invite_url():
    return [
        path(
            "member-libraries/<int:page_id>/invite/",
            views.InviteMemberEditorView.as_view(),
            name="editorial_invite_member_editor",
        )
    ]


def _invite_button(page, user, priority):
    if page.specific_class is MemberLibraryPage and user.has_perm("editorial.invite_member_editor"):
        yield Button(
            _("Invite an editor"),
            reverse("editorial_invite_member_editor", args=[page.pk]),
            icon_name="user",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def invite_header_button(page, user, view_name, next_url=None):
    yield from _invite_button(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def invite_listing_button(page, user, next_url=None):
    yield from _invite_button(page, user, priority=35)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_of_others(pages, request):
    return pages.filter(visible_pages_q(request.user))


def _only_association_staff_remove_libraries(request, page):
    # A library's own editors may change its profile; removing or moving it is the association's call.
    if page.specific_class is MemberLibraryPage and not is_association_staff(request.user):
        raise PermissionDenied


@hooks.register("before_delete_page")
def keep_library_pages_from_deletion(request, page):
    _only_association_staff_remove_libraries(request, page)


@hooks.register("before_move_page")
def keep_library_pages_in_place(request, page, destination):
    _only_association_staff_remove_libraries(request, page)


class MemberLibraryAccessViewSet(ModelViewSet):
    model = MemberLibraryAccess
    icon = "group"
    menu_label = _("Member library access")
    add_to_settings_menu = True
    form_fields = ["trusted_publisher"]
    list_display = ["library_name", "group", "collection", "trusted_publisher"]
    list_filter = ["trusted_publisher"]
    search_fields = ["library_name"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_member_library_access():
    return MemberLibraryAccessViewSet("member_library_access")


class ChoosableOnlyMixin:
    """Wagtail's admin API lists every image and document; list only those the user may choose."""

    def get_queryset(self):
        permitted = policy_registry.get_by_type(self.model).instances_user_has_any_permission_for(
            self.request.user, ["choose"]
        )
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


class ChoosableImagesAdminAPIViewSet(ChoosableOnlyMixin, ImagesAdminAPIViewSet):
    pass


class ChoosableDocumentsAdminAPIViewSet(ChoosableOnlyMixin, DocumentsAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=1)  # after wagtail.images and wagtail.documents register theirs
def narrow_admin_api_media(router):
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)

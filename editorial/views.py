"""Admin views: inviting a library's editor, and Wagtail views narrowed so nobody reaches what is not theirs."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.views import chooser
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from editorial.forms import InviteMemberEditorForm
from editorial.onboarding import invite_member_editor
from editorial.permissions import page_is_visible_to, visible_pages_q
from members.models import MemberLibraryPage


class InviteMemberEditorView(WagtailAdminTemplateMixin, FormView):
    form_class = InviteMemberEditorForm
    template_name = "editorial/invite_member_editor.html"
    page_title = gettext_lazy("Invite an editor")
    header_icon = "user"

    def dispatch(self, request, page_id):
        if not request.user.has_perm("editorial.invite_member_editor"):
            raise PermissionDenied
        self.library = get_object_or_404(MemberLibraryPage, pk=page_id)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.library.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse("wagtailadmin_explore", args=[self.library.get_parent().pk]),
                "label": _("Member libraries"),
            },
            {"url": reverse("wagtailadmin_pages:edit", args=[self.library.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(library=self.library, **kwargs)

    def form_valid(self, form):
        try:
            invitation = invite_member_editor(self.library, form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(email)s can now edit %(library)s; a set-your-password email is on its way.")
            % {"email": invitation.user.email, "library": invitation.library_name},
        )
        return redirect("wagtailadmin_explore", self.library.get_parent().pk)


class PageChooserBrowseView(chooser.BrowseView):
    """Wagtail shows the parent page's title whatever it is; refuse parents the user may not see."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            parent = get_object_or_404(Page, pk=parent_page_id)
            if not page_is_visible_to(request.user, parent):
                raise Http404
        return super().get(request, parent_page_id)


class PageChosenMultipleView(chooser.ChosenMultipleView):
    """Wagtail answers with the title and URL of any page id it is given; answer only for visible pages."""

    def get(self, request):
        ids = request.GET.getlist("id")
        visible = set(Page.objects.filter(visible_pages_q(request.user), pk__in=ids).values_list("pk", flat=True))
        if any(not page_id.isdigit() or int(page_id) not in visible for page_id in ids):
            raise Http404
        return super().get(request)


def explorable_parent_required(view):
    """Wagtail's explorer shows any page id's title and breadcrumbs; refuse pages outside the user's tree."""

    @wraps(view)
    def checked(request, parent_page_id, *args, **kwargs):
        page = get_object_or_404(Page, pk=parent_page_id)
        if not policy_registry.get_by_type(Page).explorable_instances(request.user).filter(pk=page.pk).exists():
            raise Http404
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return checked


def permitted_ids_required(view, model):
    """Wagtail's chosen-multiple views skip ids the user may not choose; refuse the request instead."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        ids = request.GET.getlist("id")
        permitted = policy_registry.get_by_type(model).instances_user_has_any_permission_for(request.user, ["choose"])
        if any(not pk.isdigit() for pk in ids) or permitted.filter(pk__in=ids).count() != len(set(ids)):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


class PublisherConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's confirmation (shown before publishing over a workflow) tells any user the page's workflow state."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

"""Admin URLs that take precedence over Wagtail's own (included before wagtail.admin.urls in the root URLconf).

Each narrows a Wagtail view that answers for objects the user has no permission on (see editorial/views.py);
tests/editorial/test_isolation.py probes them all.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import get_document_model
from wagtail.documents.views.chooser import viewset as document_chooser
from wagtail.images import get_image_model
from wagtail.images.views.chooser import viewset as image_chooser

from editorial import compat, views


def admin_view(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    # Same name as wagtail-2fa's, which its middleware lets through before a code is entered.
    path("2fa/auth", admin_view(compat.two_factor_login_view()), name="wagtail_2fa_auth"),
    path(
        "pages/<int:parent_page_id>/",
        admin_view(
            views.explorable_parent_required(
                page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")
            )
        ),
    ),
    path(
        "pages/<int:parent_page_id>/results/",
        admin_view(
            views.explorable_parent_required(
                page_viewset_registry.as_view("index_results", parent_page_id_kwarg="parent_page_id")
            )
        ),
    ),
    path(
        "pages/workflow/confirm_cancellation/<int:page_id>/",
        admin_view(views.PublisherConfirmWorkflowCancellationView.as_view()),
    ),
    path("choose-page/chosen-multiple/", admin_view(views.PageChosenMultipleView.as_view())),
    path("choose-page/<int:parent_page_id>/", admin_view(views.PageChooserBrowseView.as_view())),
    path(
        "images/chooser/chosen-multiple/",
        admin_view(views.permitted_ids_required(image_chooser.chosen_multiple_view, get_image_model())),
    ),
    path(
        "documents/chooser/chosen-multiple/",
        admin_view(views.permitted_ids_required(document_chooser.chosen_multiple_view, get_document_model())),
    ),
]

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from editorial.roles import is_association_staff
from search.content_gaps import ContentGapReportView


@hooks.register("register_admin_urls")
def register_content_gap_urls():
    return [
        path("reports/search-content-gaps/", ContentGapReportView.as_view(), name="search_content_gaps"),
        path(
            "reports/search-content-gaps/results/",
            ContentGapReportView.as_view(results_only=True),
            name="search_content_gaps_results",
        ),
    ]


class ContentGapMenuItem(MenuItem):
    def is_shown(self, request):
        return is_association_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_content_gap_menu_item():
    return ContentGapMenuItem(
        _("Searches without results"),
        reverse("search_content_gaps"),
        name="search-content-gaps",
        icon_name="search",
        order=1100,
    )

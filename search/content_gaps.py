"""The content-gap report in the Wagtail admin: what readers searched for, per language, and did not find."""

import django_filters

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from editorial.roles import is_association_staff
from search.models import ZeroResultQuery


def _language_choices():
    return [*settings.LANGUAGES, ("und", _("Undetermined"))]


class ContentGapFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=_language_choices, empty_label=_("All"))

    class Meta:
        model = ZeroResultQuery
        fields = ["language"]


class ContentGapReportView(ReportView):
    """For the association's editors, moderators and administrators (member library staff edit only their
    library's profile). It holds query text, language and counts only, never who searched."""

    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "search_content_gaps"
    index_results_url_name = "search_content_gaps_results"
    filterset_class = ContentGapFilterSet
    model = ZeroResultQuery
    list_export = ["query", "language", "count", "last_seen"]
    export_filename = "searches-without-results"
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("count", label=_("Searches"), sort_key="count"),
        DateColumn("last_seen", label=_("Last searched"), sort_key="last_seen"),
    ]
    default_ordering = "-count"

    def dispatch(self, request, *args, **kwargs):
        if not is_association_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        ordering = self.get_ordering()
        return ZeroResultQuery.objects.order_by(ordering, "-last_seen", "query")

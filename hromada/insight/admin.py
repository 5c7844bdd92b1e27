"""The back office's way to the index: the hromada's self-reported values and closed quarters, read-only (the
index's own pages enter, correct and close them, through the actions), each row linking to its page on the
index and each list to the officials' dashboard. For everyone who works for the hromada, as the dashboard."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import ReadOnlyAdmin
from hromada.backoffice.site import back_office
from hromada.core.indicators import Quarter, indicator

from .models import ClosedQuarter, SelfReport
from .permissions import can_view_insight
from .templatetags.insight_tags import indicator_value


class _InsightAdmin(ReadOnlyAdmin):
    viewers = can_view_insight
    change_list_template = "admin/insight/change_list.html"
    list_display_links = None  # each row links to its page on the index instead


@admin.register(SelfReport, site=back_office)
class SelfReportAdmin(_InsightAdmin):
    list_display = ("indicator_title", "value_text", "valid_from", "version", "history")
    fields = ("indicator_title", "value_text", "valid_from", "version", "reason", "document_name", "note")
    readonly_fields = ("indicator_title", "value_text")
    ordering = ("indicator", "-valid_from", "-version")

    @admin.display(description=_("indicator"))
    def indicator_title(self, report: SelfReport) -> str:
        item = indicator(report.indicator)
        return str(item.title) if item else report.indicator

    @admin.display(description=_("value"))
    def value_text(self, report: SelfReport) -> str:
        item = indicator(report.indicator)
        return indicator_value(report.value, item.unit) if item else str(report.value)

    @admin.display(description=_("History"))
    def history(self, report: SelfReport) -> str:
        url = reverse("insight:self_report_history", kwargs={"pk": report.pk})
        return format_html('<a href="{}">{}</a>', url, _("versions and document"))


@admin.register(ClosedQuarter, site=back_office)
class ClosedQuarterAdmin(_InsightAdmin):
    list_display = ("quarter_link", "closed_at", "receipt_id")
    fields = ("quarter_link", "closed_at", "receipt_id")
    readonly_fields = ("quarter_link",)

    @admin.display(description=_("quarter"), ordering="quarter")
    def quarter_link(self, closed: ClosedQuarter) -> str:
        url = reverse("insight:index", kwargs={"quarter": closed.quarter})
        return format_html('<a href="{}">{}</a>', url, Quarter.parse(closed.quarter).label())

"""The queue in the back office: offices, services, desks (services and operator set by the manager),
staff, kiosks, closures and the mobile office's stops; tickets, bookings, calls and home visits read-only
(home visits are handled on the coordinator's page). Saves go through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.permissions import can_verify_in_person
from hromada.backoffice.options import ReadOnlyAdmin, TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.permissions import never

from . import actions
from .models import (
    Booking,
    Closure,
    Consultation,
    Desk,
    HomeVisit,
    Kiosk,
    MobileStop,
    Office,
    Service,
    StaffMember,
    Ticket,
)


@admin.register(Office, site=back_office)
class OfficeAdmin(TenantScopedAdmin):
    deleters = never  # its tickets and bookings are the office's records; switch the queue off instead
    list_display = ("institution", "is_active", "slot_minutes", "max_wait_minutes")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.office_save(office=obj)


@admin.register(Service, site=back_office)
class ServiceAdmin(TenantScopedAdmin):
    list_display = ("name", "office", "prefix", "average_minutes", "bookable", "is_active")
    list_filter = ("office", "is_active")
    search_fields = ("name",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.service_save(service=obj)


@admin.register(Desk, site=back_office)
class DeskAdmin(TenantScopedAdmin):
    list_display = ("number", "office", "operator", "state")
    list_filter = ("office",)
    filter_horizontal = ("services",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.desk_save(desk=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        actions.desk_save(desk=form.instance, services=list(form.cleaned_data.get("services") or []))


@admin.register(StaffMember, site=back_office)
class StaffMemberAdmin(TenantScopedAdmin):
    list_display = ("user", "office", "role")
    list_filter = ("office", "role")
    raw_id_fields = ("user",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = actions.staff_member_add(office=obj.office, user=obj.user, role=obj.role)
        obj.pk = saved.pk


@admin.register(Kiosk, site=back_office)
class KioskAdmin(TenantScopedAdmin):
    list_display = ("name", "office", "is_active")
    fields = ("office", "name", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if obj is not None else ()  # a kiosk is replaced, not edited

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        kiosk, token = actions.kiosk_create(office=obj.office, name=obj.name)
        obj.pk = kiosk.pk
        messages.warning(
            request, _("The kiosk's address (shown once): /queue/kiosk/%(token)s/") % {"token": token}
        )


@admin.register(Closure, site=back_office)
class ClosureAdmin(TenantScopedAdmin):
    list_display = ("date", "office", "reason")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.closure_save(closure=obj)


@admin.register(Ticket, site=back_office)
class TicketAdmin(ReadOnlyAdmin):
    viewers = can_verify_in_person  # visitors' visits: the ЦНАП's staff and the administrators
    list_display = ("number", "day", "office", "service", "category", "status", "desk")
    list_filter = ("status", "category", "channel")
    exclude = ("phone",)  # a visitor's SMS number, kept only until the SMS goes: nobody needs to read it


@admin.register(Booking, site=back_office)
class BookingAdmin(ReadOnlyAdmin):
    viewers = can_verify_in_person  # visitors' visits: the ЦНАП's staff and the administrators
    list_display = ("code", "starts_at", "office", "service", "status")
    list_filter = ("status",)


@admin.register(Consultation, site=back_office)
class ConsultationAdmin(ReadOnlyAdmin):
    viewers = can_verify_in_person  # visitors' visits: the ЦНАП's staff and the administrators
    list_display = ("at", "office", "topic", "outcome", "agent")
    list_filter = ("outcome",)


@admin.register(MobileStop, site=back_office)
class MobileStopAdmin(TenantScopedAdmin):
    list_display = ("date", "starts", "ends", "place", "district", "office")
    list_filter = ("office", "date")
    fields = ("office", "place", "district", "date", "starts", "ends", "lat", "lon")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.mobile_stop_save(stop=obj)


@admin.register(HomeVisit, site=back_office)
class HomeVisitAdmin(ReadOnlyAdmin):
    viewers = can_verify_in_person  # residents' addresses and grounds: the ЦНАП's staff and administrators
    list_display = ("created_at", "office", "service", "ground", "status", "day", "operator", "route_order")
    list_filter = ("status", "ground", "office")
    # The document is served by its own view (to the person and the coordinators), never from /media/.
    fields = (
        "office",
        "service",
        "person",
        "ground",
        "address",
        "lat",
        "lon",
        "phone",
        "note",
        "status",
        "proof",
        "document_link",
        "decided_by",
        "day",
        "operator",
        "route_order",
        "reason",
        "finished_at",
    )

    @admin.display(description=gettext_lazy("proof document"))
    def document_link(self, visit: HomeVisit) -> str:
        if not visit.document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("cnapqueue:home_visit_document", args=[visit.pk]),
            visit.document_kind,
        )

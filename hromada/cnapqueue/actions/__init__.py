"""Writes of the ЦНАП queue; one module per entity or process, re-exported here (callers import
``hromada.cnapqueue.actions.<name>``): :mod:`.offices` (setting up), :mod:`.tickets` (the live queue and
desks), :mod:`.bookings` (booked visits and the periodic tick), :mod:`.waitlist`, :mod:`.callcentre`,
:mod:`.homevisits` (home visits, the mobile office's stops), :mod:`.people` (erasure)."""

from __future__ import annotations

from .bookings import (
    booking_cancel,
    booking_check_in,
    booking_confirm,
    booking_hold,
    booking_reschedule,
    queue_tick,
)
from .callcentre import consultation_record
from .homevisits import (
    home_visit_cancel,
    home_visit_decide,
    home_visit_document_attach,
    home_visit_finish,
    home_visit_request,
    home_visit_schedule,
    mobile_stop_save,
)
from .offices import closure_save, desk_save, kiosk_create, office_save, service_save, staff_member_add
from .people import queue_person_erase
from .tickets import (
    Taken,
    desk_set_state,
    ticket_call_next,
    ticket_complete,
    ticket_no_show,
    ticket_recall,
    ticket_return,
    ticket_sms_send,
    ticket_start,
    ticket_take,
    ticket_take_placed,
    ticket_transfer,
)
from .waitlist import waitlist_accept, waitlist_join, waitlist_leave

__all__ = [
    "Taken",
    "booking_cancel",
    "booking_check_in",
    "booking_confirm",
    "booking_hold",
    "booking_reschedule",
    "closure_save",
    "consultation_record",
    "desk_save",
    "desk_set_state",
    "home_visit_cancel",
    "home_visit_decide",
    "home_visit_document_attach",
    "home_visit_finish",
    "home_visit_request",
    "home_visit_schedule",
    "kiosk_create",
    "mobile_stop_save",
    "office_save",
    "queue_person_erase",
    "queue_tick",
    "service_save",
    "staff_member_add",
    "ticket_call_next",
    "ticket_complete",
    "ticket_no_show",
    "ticket_recall",
    "ticket_return",
    "ticket_sms_send",
    "ticket_start",
    "ticket_take",
    "ticket_take_placed",
    "ticket_transfer",
    "waitlist_accept",
    "waitlist_join",
    "waitlist_leave",
]

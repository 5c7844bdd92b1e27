"""The ЦНАП electronic queue: offices, their services and desks, tickets, bookings and the event stream.

An office is a ЦНАП institution of :mod:`hromada.territory` (its address and opening hours live there);
this app adds what the queue needs. A queue service is a plain named service of an office; its
``catalogue_ref`` is a free slot for the services catalogue's id once that module exists.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.models import TenantModel, in_language

from .phones import MOBILE_PATTERN, masked

PRIORITY_DEFAULT_WEIGHTS = {"elderly": 3, "disability": 3, "pregnancy": 3, "military": 3, "infant": 3}


class Category(models.TextChoices):
    """Who the visitor is, for the fair ordering (weights per office: ``Office.priority_weights``)."""

    REGULAR = "regular", _("regular")
    ELDERLY = "elderly", _("aged 80 or older")
    DISABILITY = "disability", _("person with a disability")
    PREGNANCY = "pregnancy", _("pregnant woman")
    MILITARY = "military", _("veteran or serviceman")
    INFANT = "infant", _("parent with an infant")


class Purpose(models.TextChoices):
    CONSULTATION = "consultation", _("consultation")
    SUBMIT = "submit", _("submit documents")
    COLLECT = "collect", _("collect a result")


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("kiosk")
    WEB = "web", _("website")
    RECEPTION = "reception", _("reception desk")
    CALL_CENTRE = "call_centre", _("call centre")
    API = "api", _("API")
    BOOKING = "booking", _("booking check-in")
    TELEGRAM = "telegram", _("Telegram")


class VisitGround(models.TextChoices):
    """Why a resident cannot come to the office (the grounds for a home visit; each office chooses which
    it accepts: ``Office.home_visit_grounds``)."""

    AGE_80 = "age_80", _("aged 80 or older")
    DISABILITY_I = "disability_i", _("disability group I")
    BEDRIDDEN = "bedridden", _("bedridden")
    MEDICAL = "medical", _("a doctor's conclusion")


def _all_grounds() -> list[str]:
    return list(VisitGround.values)


class Office(TenantModel):
    """The queue's settings of one ЦНАП (or a remote workplace): an institution of type ЦНАП."""

    institution = models.OneToOneField(
        "territory.Institution",
        on_delete=models.PROTECT,
        related_name="queue_office",
        verbose_name=_("institution"),
    )
    is_active = models.BooleanField(_("queue open to residents"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(_("booking slot length, minutes"), default=15)
    booking_weeks = models.PositiveSmallIntegerField(_("booking horizon, weeks"), default=4)
    booking_lead_minutes = models.PositiveSmallIntegerField(
        _("minimum booking lead time, minutes"), default=60
    )
    hold_minutes = models.PositiveSmallIntegerField(_("hold before confirmation, minutes"), default=5)
    offer_minutes = models.PositiveSmallIntegerField(
        _("time to accept a waitlist offer, minutes"), default=30
    )
    grace_minutes = models.PositiveSmallIntegerField(_("grace period for late visitors, minutes"), default=2)
    no_show_limit = models.PositiveSmallIntegerField(_("no-shows before booking is suspended"), default=3)
    suspension_days = models.PositiveSmallIntegerField(_("booking suspension, days"), default=30)
    max_wait_minutes = models.PositiveSmallIntegerField(
        _("maximum wait before a regular ticket overtakes priorities, minutes"), default=30
    )
    notify_ahead = models.PositiveSmallIntegerField(_("notify when this many people are ahead"), default=3)
    priority_weights = models.JSONField(_("priority weights"), default=dict, blank=True)
    is_mobile = models.BooleanField(
        _("mobile office"),
        default=False,
        help_text=_("A van visiting villages: it takes visitors only at its published stops."),
    )
    home_visit_grounds = models.JSONField(
        _("grounds accepted for home visits"), default=_all_grounds, blank=True
    )

    class Meta:
        verbose_name = _("TsNAP office")
        verbose_name_plural = _("TsNAP offices")
        ordering = ["institution__name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="cnapqueue_office_slot_min"),
            models.CheckConstraint(
                condition=Q(max_wait_minutes__gte=1), name="cnapqueue_office_max_wait_min"
            ),
        ]

    def __str__(self) -> str:
        return self.institution.name

    def display_name(self, language: str) -> str:
        return self.institution.short_name or self.institution.name

    def weights(self) -> dict[str, int]:
        """Priority weights by category (a regular ticket weighs 1)."""
        merged = dict(PRIORITY_DEFAULT_WEIGHTS)
        merged.update({k: int(v) for k, v in (self.priority_weights or {}).items() if k in Category.values})
        merged[Category.REGULAR] = 1
        return merged

    def grounds(self) -> list[str]:
        """The home-visit grounds this office accepts (known codes only; an empty list: none)."""
        return [g for g in VisitGround.values if g in (self.home_visit_grounds or [])]


class MobileStop(TenantModel):
    """A stop of a mobile office on its published timetable: a place (often a starosta district's village)
    on a day, from a time to a time. Residents book slots at a stop; the van takes tickets there."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="stops", verbose_name=_("office")
    )
    place = models.CharField(_("place"), max_length=200)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("starosta district"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    date = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("mobile office stop")
        verbose_name_plural = _("mobile office stops")
        ordering = ["date", "starts", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="cnapqueue_stop_span"),
            models.UniqueConstraint(fields=["office", "date", "starts"], name="cnapqueue_stop_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.date}"


class Closure(TenantModel):
    """A day the office is closed beyond its hours and the holiday calendar (repairs, power cuts)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="closures", verbose_name=_("office")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["office", "date"], name="cnapqueue_closure_unique")]

    def __str__(self) -> str:
        return f"{self.office} {self.date}"


class Service(TenantModel):
    """A service an office gives in its queue, with its ticket prefix and average handling time."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="services", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    prefix = models.CharField(_("ticket prefix"), max_length=3, default="А")
    average_minutes = models.PositiveSmallIntegerField(_("average handling time, minutes"), default=10)
    bookable = models.BooleanField(_("can be booked"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The services catalogue (another module) may later be referenced here; nothing reads it yet.
    catalogue_ref = models.PositiveIntegerField(_("services catalogue reference"), null=True, blank=True)

    class Meta:
        verbose_name = _("queue service")
        verbose_name_plural = _("queue services")
        ordering = ["office", "prefix", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="cnapqueue_service_unique"),
            models.CheckConstraint(condition=Q(average_minutes__gte=1), name="cnapqueue_service_minutes"),
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return in_language(self, "name", language)


class Desk(TenantModel):
    """A window of an office: the services it may serve and the operator the manager assigned to it."""

    class State(models.TextChoices):
        # With a context: other apps translate a bare "open" / "closed" otherwise (a verb, a day off).
        OPEN = "open", pgettext_lazy("desk state", "open")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", pgettext_lazy("desk state", "closed")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="desks", verbose_name=_("office")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    services = models.ManyToManyField(Service, related_name="desks", verbose_name=_("services"), blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_desks",
        verbose_name=_("operator"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CLOSED)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["office", "number"]
        constraints = [models.UniqueConstraint(fields=["office", "number"], name="cnapqueue_desk_unique")]

    def __str__(self) -> str:
        return str(_("Window %(number)s") % {"number": self.number})


class StaffMember(TenantModel):
    """Who works in an office's queue: operators serve at desks, managers assign them, the call centre
    books and takes tickets for callers."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("operator")
        MANAGER = "manager", _("manager")
        CALL_CENTRE = "call_centre", _("call-centre agent")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="staff", verbose_name=_("office")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="queue_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("queue staff member")
        verbose_name_plural = _("queue staff")
        constraints = [
            models.UniqueConstraint(fields=["office", "user", "role"], name="cnapqueue_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Kiosk(TenantModel):
    """A ticket kiosk (any browser in full screen) and the digest of its device token."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=100)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name


class Booking(TenantModel):
    """A booked visit: held while the resident confirms, then confirmed until check-in or cancellation."""

    class Status(models.TextChoices):
        HELD = "held", _("held")
        CONFIRMED = "confirmed", _("confirmed")
        CHECKED_IN = "checked_in", _("checked in")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("hold expired")
        NO_SHOW = "no_show", _("did not come")

    ACTIVE = (Status.HELD, Status.CONFIRMED)

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("service")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="queue_bookings",
        verbose_name=_("person"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_bookings_made",
        verbose_name=_("booked by"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.HELD)
    hold_expires_at = models.DateTimeField(_("hold expires at"), null=True, blank=True)
    code = models.CharField(_("check-in code"), max_length=8, unique=True)
    stop = models.ForeignKey(
        "MobileStop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("mobile office stop"),
    )
    reminded_day = models.BooleanField(_("reminded the day before"), default=False)
    reminded_hour = models.BooleanField(_("reminded the hour before"), default=False)
    # Where the booking was made (the interface says so through the actions' ``channel``): analytics count
    # channels, and the chat bot does not push the confirmation back to the chat that made the booking.
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(status__in=["held", "confirmed"]),
                name="cnapqueue_booking_one_active",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="cnapqueue_booking_span"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="cnapqueue_booking_channel"),
        ]
        indexes = [models.Index(fields=["service", "starts_at", "status"], name="cnapqueue_booking_slot")]

    def __str__(self) -> str:
        return self.code


def home_visit_document_path(instance: Any, filename: str) -> str:
    """A random name under the hromada's folder: the stored name says nothing about the person."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"cnapqueue/home-visits/{instance.hromada_id}/{secrets.token_hex(16)}.{extension}"


class HomeVisit(TenantModel):
    """A resident who cannot come asks for a service at home; a coordinator (the office's manager) checks
    the ground, schedules the visit into an operator's day, and the operator marks it done or failed."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("eligible, to be scheduled")
        REJECTED = "rejected", _("refused")
        SCHEDULED = "scheduled", _("scheduled")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    OPEN = (Status.REQUESTED, Status.APPROVED, Status.SCHEDULED)

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="home_visits", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("service")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="queue_home_visits",
        verbose_name=_("person"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=VisitGround.choices)
    address = models.CharField(_("address"), max_length=300)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    proof = models.CharField(_("how the ground was confirmed"), max_length=300, blank=True)
    # A scan or photo proving the ground, cleaned by core.uploads; served only to the person and the
    # office's coordinators, always as a download (views.home_visit_document).
    document = models.FileField(
        _("proof document"), upload_to=home_visit_document_path, blank=True, max_length=200
    )
    document_type = models.CharField(_("document type"), max_length=60, blank=True)
    document_size = models.PositiveIntegerField(_("document size, bytes"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    day = models.DateField(_("day of the visit"), null=True, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_home_visits_assigned",
        verbose_name=_("operator"),
    )
    route_order = models.PositiveSmallIntegerField(_("place in the day's route"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(status__in=["requested", "approved", "scheduled"]),
                name="cnapqueue_home_visit_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | (Q(day__isnull=False) & Q(operator__isnull=False)),
                name="cnapqueue_home_visit_scheduled",
            ),
        ]
        indexes = [models.Index(fields=["operator", "day"], name="cnapqueue_home_visit_day")]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    @property
    def document_kind(self) -> str:
        """The stored document's kind for people: "PDF", "JPEG", "PNG", "WebP"."""
        kinds = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
        return kinds.get(self.document_type, self.document_type)


class WaitlistEntry(TenantModel):
    """A person waiting for a place on a full day; a freed slot is offered to the first one in line."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for a place")
        OFFERED = "offered", _("place offered")
        BOOKED = "booked", _("booked")
        EXPIRED = "expired", _("offer expired")
        CANCELLED = "cancelled", _("cancelled")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("service")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="queue_waitlist",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offer",
        verbose_name=_("offer"),
    )

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist")
        ordering = ["day", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service", "day"],
                condition=Q(status__in=["waiting", "offered"]),
                name="cnapqueue_waitlist_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.day}"


class Ticket(TenantModel):
    """One visit in the live queue, from taking the ticket to its end (served, no-show or cancelled)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        DONE = "done", _("served")
        NO_SHOW = "no_show", _("did not come")
        CANCELLED = "cancelled", _("cancelled")

    ACTIVE_AT_DESK = (Status.CALLED, Status.SERVING)

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="tickets", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("service")
    )
    day = models.DateField(_("day"))
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=12)
    code = models.CharField(
        _("page code"), max_length=16, unique=True, editable=False
    )  # the "my place" page's address
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.REGULAR
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.SUBMIT)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_tickets",
        verbose_name=_("person"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_tickets_issued",
        verbose_name=_("issued by"),
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket",
        verbose_name=_("booking"),
    )
    appointment_at = models.DateTimeField(_("booked time"), null=True, blank=True)
    queued_at = models.DateTimeField(_("in the queue since"))
    desk = models.ForeignKey(
        Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("desk")
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_tickets_served",
        verbose_name=_("called by"),
    )  # the operator who called the ticket (per-operator statistics)
    recalls = models.PositiveSmallIntegerField(_("recalls"), default=0)
    served_at = models.DateTimeField(_("service started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rendered_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service rendered"),
    )
    estimated_wait_minutes = models.PositiveIntegerField(_("estimated wait, minutes"), null=True, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=64, blank=True, default="", editable=False
    )
    notified_ahead = models.BooleanField(_("told that the turn is near"), default=False)
    # A Ukrainian mobile number for one SMS when the turn is near (a walk-in visitor has no account): kept
    # only while it is needed — erased when the SMS goes, when the ticket leaves the queue and for the
    # tickets of a closed day (queue_tick). Never on the board, in open data or in the ledger.
    phone = models.CharField(_("phone for the SMS notice"), max_length=13, blank=True, default="")
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )  # the language the ticket was taken in: its SMS speaks it

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-day", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "number"], name="cnapqueue_ticket_number"),
            models.UniqueConstraint(
                fields=["office", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="cnapqueue_ticket_idempotent",
            ),
            # A desk serves one visitor at a time.
            models.UniqueConstraint(
                fields=["desk"],
                condition=Q(status__in=["called", "serving"]),
                name="cnapqueue_desk_one_active",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=MOBILE_PATTERN),
                name="cnapqueue_ticket_phone_mobile",
            ),
            # A ticket that left the queue (served, no-show, cancelled) keeps no phone.
            models.CheckConstraint(
                condition=Q(phone="") | Q(status__in=["waiting", "called", "serving"]),
                name="cnapqueue_ticket_phone_in_queue",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "service"], name="cnapqueue_ticket_waiting"),
            # The few tickets holding a phone, by day: the periodic job erases those of past days.
            models.Index(fields=["day"], condition=~Q(phone=""), name="cnapqueue_ticket_phone"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def phone_hint(self) -> str:
        """The SMS phone with its middle hidden, for the ticket's own page ("" without one)."""
        return masked(self.phone) if self.phone else ""


class QueueEvent(TenantModel):
    """The one stream every change of the queue goes through; boards read it, whatever path made the call."""

    class Kind(models.TextChoices):
        TAKEN = "taken", _("ticket taken")
        CALLED = "called", _("called")
        RECALLED = "recalled", _("called again")
        STARTED = "started", _("service started")
        DONE = "done", _("served")
        NO_SHOW = "no_show", _("did not come")
        TRANSFERRED = "transferred", _("transferred")
        RETURNED = "returned", _("returned to the queue")
        DESK = "desk", _("desk opened or paused")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="events", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("ticket"),
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("desk")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("queue event")
        verbose_name_plural = _("queue events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["office", "kind", "-id"], name="cnapqueue_event_board")]

    def __str__(self) -> str:
        return f"{self.kind} {self.ticket_id}"


class Consultation(TenantModel):
    """A call the call centre answered: topic, length and outcome, attributed to the agent."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        FORWARDED = "forwarded", _("forwarded")
        CALLBACK = "callback", _("callback requested")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("office")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="queue_consultations_taken",
        verbose_name=_("agent"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_consultations",
        verbose_name=_("caller"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("duration, minutes"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.topic

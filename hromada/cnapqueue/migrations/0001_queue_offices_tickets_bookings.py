import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "__first__"),
        ("core", "0004_back_office_labels"),
        ("territory", "0002_back_office_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="Office",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("is_active", models.BooleanField(default=True, verbose_name="queue open to residents")),
                (
                    "slot_minutes",
                    models.PositiveSmallIntegerField(default=15, verbose_name="booking slot length, minutes"),
                ),
                (
                    "booking_weeks",
                    models.PositiveSmallIntegerField(default=4, verbose_name="booking horizon, weeks"),
                ),
                (
                    "booking_lead_minutes",
                    models.PositiveSmallIntegerField(
                        default=60, verbose_name="minimum booking lead time, minutes"
                    ),
                ),
                (
                    "hold_minutes",
                    models.PositiveSmallIntegerField(
                        default=5, verbose_name="hold before confirmation, minutes"
                    ),
                ),
                (
                    "offer_minutes",
                    models.PositiveSmallIntegerField(
                        default=30, verbose_name="time to accept a waitlist offer, minutes"
                    ),
                ),
                (
                    "grace_minutes",
                    models.PositiveSmallIntegerField(
                        default=2, verbose_name="grace period for late visitors, minutes"
                    ),
                ),
                (
                    "no_show_limit",
                    models.PositiveSmallIntegerField(
                        default=3, verbose_name="no-shows before booking is suspended"
                    ),
                ),
                (
                    "suspension_days",
                    models.PositiveSmallIntegerField(default=30, verbose_name="booking suspension, days"),
                ),
                (
                    "max_wait_minutes",
                    models.PositiveSmallIntegerField(
                        default=30,
                        verbose_name="maximum wait before a regular ticket overtakes priorities, minutes",
                    ),
                ),
                (
                    "notify_ahead",
                    models.PositiveSmallIntegerField(
                        default=3, verbose_name="notify when this many people are ahead"
                    ),
                ),
                (
                    "priority_weights",
                    models.JSONField(blank=True, default=dict, verbose_name="priority weights"),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "institution",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="queue_office",
                        to="territory.institution",
                        verbose_name="institution",
                    ),
                ),
            ],
            options={
                "verbose_name": "ЦНАП office",
                "verbose_name_plural": "ЦНАП offices",
                "ordering": ["institution__name", "id"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("slot_minutes__gte", 5)), name="cnapqueue_office_slot_min"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("max_wait_minutes__gte", 1)), name="cnapqueue_office_max_wait_min"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Kiosk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "token_digest",
                    models.CharField(editable=False, max_length=64, unique=True, verbose_name="token digest"),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kiosks",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "kiosk",
                "verbose_name_plural": "kiosks",
                "ordering": ["office", "name"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Consultation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("topic", models.CharField(max_length=200, verbose_name="topic")),
                ("minutes", models.PositiveSmallIntegerField(verbose_name="duration, minutes")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("resolved", "resolved"),
                            ("forwarded", "forwarded"),
                            ("callback", "callback requested"),
                        ],
                        max_length=10,
                        verbose_name="outcome",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="at")),
                (
                    "agent",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_consultations_taken",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agent",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_consultations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="caller",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="consultations",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "consultation",
                "verbose_name_plural": "consultations",
                "ordering": ["-at", "-id"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Closure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("date", models.DateField(verbose_name="date")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="reason")),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="closures",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "closure",
                "verbose_name_plural": "closures",
                "ordering": ["date"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "date"), name="cnapqueue_closure_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Service",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name in English")),
                ("prefix", models.CharField(default="А", max_length=3, verbose_name="ticket prefix")),
                (
                    "average_minutes",
                    models.PositiveSmallIntegerField(
                        default=10, verbose_name="average handling time, minutes"
                    ),
                ),
                ("bookable", models.BooleanField(default=True, verbose_name="can be booked")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "catalogue_ref",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="services catalogue reference"
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="services",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "queue service",
                "verbose_name_plural": "queue services",
                "ordering": ["office", "prefix", "name"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "name"), name="cnapqueue_service_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("average_minutes__gte", 1)), name="cnapqueue_service_minutes"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Desk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("number", models.PositiveSmallIntegerField(verbose_name="number")),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "open"), ("paused", "paused"), ("closed", "closed")],
                        default="closed",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "operator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_desks",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="operator",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="desks",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "services",
                    models.ManyToManyField(
                        blank=True, related_name="desks", to="cnapqueue.service", verbose_name="services"
                    ),
                ),
            ],
            options={
                "verbose_name": "desk",
                "verbose_name_plural": "desks",
                "ordering": ["office", "number"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "number"), name="cnapqueue_desk_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Booking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(verbose_name="ends at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("held", "held"),
                            ("confirmed", "confirmed"),
                            ("checked_in", "checked in"),
                            ("cancelled", "cancelled"),
                            ("expired", "hold expired"),
                            ("no_show", "did not come"),
                        ],
                        default="held",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "hold_expires_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="hold expires at"),
                ),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="check-in code")),
                ("reminded_day", models.BooleanField(default=False, verbose_name="reminded the day before")),
                (
                    "reminded_hour",
                    models.BooleanField(default=False, verbose_name="reminded the hour before"),
                ),
                (
                    "booked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_bookings_made",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="booked by",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="queue_bookings",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bookings",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="cnapqueue.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "booking",
                "verbose_name_plural": "bookings",
                "ordering": ["starts_at", "id"],
                "indexes": [
                    models.Index(fields=["service", "starts_at", "status"], name="cnapqueue_booking_slot")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["held", "confirmed"])),
                        fields=("person", "service"),
                        name="cnapqueue_booking_one_active",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="cnapqueue_booking_span",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StaffMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("operator", "operator"),
                            ("manager", "manager"),
                            ("call_centre", "call-centre agent"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="staff",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="queue_roles",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "queue staff member",
                "verbose_name_plural": "queue staff",
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "user", "role"), name="cnapqueue_staff_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Ticket",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("day", models.DateField(verbose_name="day")),
                ("seq", models.PositiveIntegerField(verbose_name="sequence")),
                ("number", models.CharField(max_length=12, verbose_name="number")),
                (
                    "code",
                    models.CharField(editable=False, max_length=16, unique=True, verbose_name="page code"),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("regular", "regular"),
                            ("elderly", "aged 80 or older"),
                            ("disability", "person with a disability"),
                            ("pregnancy", "pregnant woman"),
                            ("military", "veteran or serviceman"),
                            ("infant", "parent with an infant"),
                        ],
                        default="regular",
                        max_length=12,
                        verbose_name="category",
                    ),
                ),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("consultation", "consultation"),
                            ("submit", "submit documents"),
                            ("collect", "collect a result"),
                        ],
                        default="submit",
                        max_length=12,
                        verbose_name="purpose",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("kiosk", "kiosk"),
                            ("web", "website"),
                            ("reception", "reception desk"),
                            ("call_centre", "call centre"),
                            ("api", "API"),
                            ("booking", "booking check-in"),
                        ],
                        max_length=12,
                        verbose_name="channel",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "waiting"),
                            ("called", "called"),
                            ("serving", "being served"),
                            ("done", "served"),
                            ("no_show", "did not come"),
                            ("cancelled", "cancelled"),
                        ],
                        default="waiting",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("appointment_at", models.DateTimeField(blank=True, null=True, verbose_name="booked time")),
                ("queued_at", models.DateTimeField(verbose_name="in the queue since")),
                ("called_at", models.DateTimeField(blank=True, null=True, verbose_name="called at")),
                ("recalls", models.PositiveSmallIntegerField(default=0, verbose_name="recalls")),
                ("served_at", models.DateTimeField(blank=True, null=True, verbose_name="service started")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                (
                    "estimated_wait_minutes",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="estimated wait, minutes"
                    ),
                ),
                (
                    "idempotency_key",
                    models.CharField(
                        blank=True, default="", editable=False, max_length=64, verbose_name="idempotency key"
                    ),
                ),
                (
                    "notified_ahead",
                    models.BooleanField(default=False, verbose_name="told that the turn is near"),
                ),
                (
                    "booking",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="ticket",
                        to="cnapqueue.booking",
                        verbose_name="booking",
                    ),
                ),
                (
                    "desk",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="tickets",
                        to="cnapqueue.desk",
                        verbose_name="desk",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_tickets_issued",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tickets",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="queue_tickets",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "rendered_service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cnapqueue.service",
                        verbose_name="service rendered",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="cnapqueue.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "ticket",
                "verbose_name_plural": "tickets",
                "ordering": ["-day", "queued_at", "id"],
                "indexes": [
                    models.Index(fields=["office", "status", "service"], name="cnapqueue_ticket_waiting")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("office", "day", "number"), name="cnapqueue_ticket_number"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("idempotency_key", ""), _negated=True),
                        fields=("office", "idempotency_key"),
                        name="cnapqueue_ticket_idempotent",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["called", "serving"])),
                        fields=("desk",),
                        name="cnapqueue_desk_one_active",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="QueueEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("taken", "ticket taken"),
                            ("called", "called"),
                            ("recalled", "called again"),
                            ("started", "service started"),
                            ("done", "served"),
                            ("no_show", "did not come"),
                            ("transferred", "transferred"),
                            ("returned", "returned to the queue"),
                            ("desk", "desk opened or paused"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="at")),
                (
                    "desk",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="cnapqueue.desk",
                        verbose_name="desk",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "ticket",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cnapqueue.ticket",
                        verbose_name="ticket",
                    ),
                ),
            ],
            options={
                "verbose_name": "queue event",
                "verbose_name_plural": "queue events",
                "ordering": ["-id"],
                "indexes": [models.Index(fields=["office", "kind", "-id"], name="cnapqueue_event_board")],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="WaitlistEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("day", models.DateField(verbose_name="day")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "waiting for a place"),
                            ("offered", "place offered"),
                            ("booked", "booked"),
                            ("expired", "offer expired"),
                            ("cancelled", "cancelled"),
                        ],
                        default="waiting",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "booking",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="offer",
                        to="cnapqueue.booking",
                        verbose_name="offer",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="waitlist",
                        to="cnapqueue.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="queue_waitlist",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="waitlist",
                        to="cnapqueue.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "waitlist entry",
                "verbose_name_plural": "waitlist",
                "ordering": ["day", "created_at", "id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["waiting", "offered"])),
                        fields=("person", "service", "day"),
                        name="cnapqueue_waitlist_once",
                    )
                ],
            },
        ),
    ]

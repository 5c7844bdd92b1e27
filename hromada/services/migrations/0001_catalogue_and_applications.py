import django.db.models.deletion
import hromada.services.models
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
            name="FeeBaseValue",
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
                    "base",
                    models.CharField(
                        choices=[
                            ("PM", "subsistence minimum (ПМ)"),
                            ("NMDG", "tax-free minimum (НМДГ)"),
                            ("MZP", "minimum wage (МЗП)"),
                        ],
                        max_length=8,
                        verbose_name="base",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount, UAH")),
            ],
            options={
                "verbose_name": "fee base value",
                "verbose_name_plural": "fee base values",
                "ordering": ["base", "-valid_from"],
                "constraints": [
                    models.UniqueConstraint(fields=("base", "valid_from"), name="services_fee_base_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="services_fee_base_positive"
                    ),
                ],
                "indexes": [],
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
                ("code", models.SlugField(max_length=40, verbose_name="code")),
                ("rap_id", models.CharField(blank=True, max_length=5, verbose_name="registry identifier")),
                ("title", models.CharField(max_length=300, verbose_name="full name")),
                (
                    "title_en",
                    models.CharField(blank=True, max_length=300, verbose_name="full name in English"),
                ),
                ("short_title", models.CharField(blank=True, max_length=120, verbose_name="short name")),
                ("description", models.TextField(blank=True, verbose_name="information about the service")),
                ("provider", models.CharField(max_length=300, verbose_name="provider")),
                ("legal_basis", models.JSONField(blank=True, default=list, verbose_name="legal basis")),
                ("applicants", models.JSONField(blank=True, default=list, verbose_name="who may apply")),
                ("channels", models.JSONField(blank=True, default=list, verbose_name="channels")),
                ("documents", models.JSONField(blank=True, default=list, verbose_name="documents")),
                ("result", models.TextField(blank=True, verbose_name="result")),
                (
                    "delivery",
                    models.JSONField(blank=True, default=list, verbose_name="how the result is delivered"),
                ),
                (
                    "refusal_grounds",
                    models.JSONField(blank=True, default=list, verbose_name="grounds for refusal"),
                ),
                (
                    "technology_card",
                    models.JSONField(blank=True, default=list, verbose_name="technology card"),
                ),
                ("categories", models.JSONField(blank=True, default=list, verbose_name="categories")),
                (
                    "life_situations",
                    models.JSONField(blank=True, default=list, verbose_name="life situations"),
                ),
                ("term_text", models.CharField(blank=True, max_length=300, verbose_name="term as published")),
                ("fee_text", models.CharField(blank=True, max_length=300, verbose_name="fee as published")),
                ("sources", models.CharField(blank=True, max_length=300, verbose_name="sources")),
                (
                    "unverified",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Card values not yet confirmed in a source.",
                        verbose_name="unverified values",
                    ),
                ),
                ("is_published", models.BooleanField(default=True, verbose_name="published")),
                ("search_text", models.TextField(default="", editable=False, verbose_name="search text")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="territory.department",
                        verbose_name="responsible department",
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
                    "offices",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="territory.institution", verbose_name="ЦНАП offices"
                    ),
                ),
            ],
            options={
                "verbose_name": "service",
                "verbose_name_plural": "services",
                "ordering": ["code"],
                "indexes": [
                    models.Index(fields=["hromada", "is_published", "code"], name="services_public_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "code"), name="services_service_code_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("rap_id", ""), ("rap_id__regex", "^[0-9]{5}$"), _connector="OR"),
                        name="services_rap_id_five_digits",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Definition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("spec", models.JSONField(verbose_name="definition")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published by",
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
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="definitions",
                        to="services.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "service definition",
                "verbose_name_plural": "service definitions",
                "ordering": ["service", "-version"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("service", "version"), name="services_definition_version_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)), name="services_definition_version_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Application",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("number", models.CharField(blank=True, max_length=20, verbose_name="number")),
                ("access_code", models.CharField(blank=True, max_length=12, verbose_name="access code")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("in_progress", "in progress"),
                            ("correction", "returned for correction"),
                            ("awaiting_approval", "awaiting approval"),
                            ("approved", "decided, result being prepared"),
                            ("issued", "result issued"),
                            ("refused", "refused"),
                            ("withdrawn", "withdrawn"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("online", "online"), ("desk", "at the ЦНАП desk"), ("api", "API")],
                        default="online",
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                (
                    "variant",
                    models.CharField(
                        choices=[("regular", "regular"), ("urgent", "urgent")],
                        default="regular",
                        max_length=10,
                        verbose_name="variant",
                    ),
                ),
                ("stage", models.CharField(blank=True, max_length=40, verbose_name="stage")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="answers")),
                ("idempotency_key", models.CharField(blank=True, max_length=64)),
                ("fee_kop", models.BigIntegerField(blank=True, null=True, verbose_name="fee, kopiyky")),
                ("fee_paid_at", models.DateTimeField(blank=True, null=True, verbose_name="fee paid")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="due")),
                ("stopped_at", models.DateTimeField(blank=True, null=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("issued_at", models.DateTimeField(blank=True, null=True, verbose_name="result issued")),
                ("refusal_code", models.CharField(blank=True, max_length=40, verbose_name="refusal reason")),
                ("decision_text", models.TextField(blank=True, verbose_name="decision")),
                ("correction_comment", models.TextField(blank=True, verbose_name="what to correct")),
                ("result_text", models.TextField(blank=True, verbose_name="result")),
                (
                    "applicant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="service_applications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="applicant",
                    ),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="filed by (ЦНАП administrator)",
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
                    "definition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="services.definition",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="services.service",
                    ),
                ),
            ],
            options={
                "verbose_name": "application",
                "verbose_name_plural": "applications",
                "ordering": ["-submitted_at", "-id"],
                "indexes": [
                    models.Index(fields=["hromada", "status", "due_at"], name="services_queue_idx"),
                    models.Index(fields=["applicant", "status"], name="services_mine_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("number", ""), _negated=True),
                        fields=("hromada", "number"),
                        name="services_application_number_unique",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("idempotency_key", ""), _negated=True),
                        fields=("applicant", "idempotency_key"),
                        name="services_application_idempotent",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "draft",
                                    "submitted",
                                    "in_progress",
                                    "correction",
                                    "awaiting_approval",
                                    "approved",
                                    "issued",
                                    "refused",
                                    "withdrawn",
                                ],
                            )
                        ),
                        name="services_application_status_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"), models.Q(("number", ""), _negated=True), _connector="OR"
                        ),
                        name="services_application_filed_has_number",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fee_kop__gte", 0), ("fee_kop__isnull", True), _connector="OR"),
                        name="services_fee_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ApplicationFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("field", models.CharField(max_length=40, verbose_name="field")),
                (
                    "file",
                    models.FileField(
                        upload_to=hromada.services.models.application_file_path, verbose_name="file"
                    ),
                ),
                ("original_name", models.CharField(max_length=120, verbose_name="file name")),
                ("content_type", models.CharField(max_length=60)),
                ("size", models.PositiveIntegerField()),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="services.application",
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
            ],
            options={
                "verbose_name": "application file",
                "verbose_name_plural": "application files",
                "ordering": ["application", "field", "id"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Event",
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
                            ("submitted", "submitted"),
                            ("taken", "taken into work"),
                            ("note", "internal note"),
                            ("stage", "moved to a stage"),
                            ("returned", "returned for correction"),
                            ("corrected", "corrected and sent back"),
                            ("prepared", "decision prepared"),
                            ("sent_back", "decision sent back"),
                            ("approved", "granted"),
                            ("refused", "refused"),
                            ("issued", "result issued"),
                            ("paid", "fee paid"),
                            ("withdrawn", "withdrawn"),
                            ("escalated", "overdue, head told"),
                        ],
                        max_length=30,
                        verbose_name="event",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="when")),
                ("status", models.CharField(blank=True, max_length=20, verbose_name="status after")),
                ("text", models.TextField(blank=True, verbose_name="comment")),
                ("internal", models.BooleanField(default=False, verbose_name="internal note")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="services.application",
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
            ],
            options={
                "verbose_name": "application event",
                "verbose_name_plural": "application events",
                "ordering": ["at", "id"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="Tariff",
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
                    "variant",
                    models.CharField(
                        choices=[("regular", "regular"), ("urgent", "urgent")],
                        default="regular",
                        max_length=10,
                        verbose_name="variant",
                    ),
                ),
                ("term_value", models.PositiveIntegerField(blank=True, null=True, verbose_name="term")),
                (
                    "term_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("same_day", "on the day"),
                            ("hours", "hours"),
                            ("working_days", "working days"),
                            ("calendar_days", "calendar days"),
                        ],
                        max_length=16,
                        verbose_name="term unit",
                    ),
                ),
                (
                    "fee_formula",
                    models.CharField(
                        blank=True,
                        help_text="E.g. 0.015*PM, 0.05*NMDG, 558 or 0 (free); empty when unknown.",
                        max_length=100,
                        verbose_name="fee formula",
                    ),
                ),
                ("rounding", models.PositiveIntegerField(default=1, verbose_name="rounding, kopiyky")),
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
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tariffs",
                        to="services.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "tariff",
                "verbose_name_plural": "tariffs",
                "ordering": ["service", "variant"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("service", "variant"), name="services_tariff_variant_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("rounding__gte", 1)), name="services_tariff_rounding_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("term_unit", ""), ("term_value__isnull", True)),
                            ("term_unit", "same_day"),
                            models.Q(
                                ("term_unit__in", ["hours", "working_days", "calendar_days"]),
                                ("term_value__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="services_tariff_term_complete",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="NumberSeries",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("year", models.PositiveIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "year"), name="services_number_series_unique")
                ],
                "indexes": [],
            },
        ),
    ]

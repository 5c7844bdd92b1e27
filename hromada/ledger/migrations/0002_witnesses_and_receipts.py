import django.db.models.deletion
import hromada.ledger.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "__first__"),
        ("core", "0002_ratelimit_window_end"),
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Witness",
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
                ("verifier_key", models.CharField(max_length=300, verbose_name="verifier key")),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="address")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("cosigned_size", models.BigIntegerField(default=0, verbose_name="cosigned size")),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ledger_witnesses",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
            ],
            options={
                "verbose_name": "witness",
                "verbose_name_plural": "witnesses",
                "ordering": ["hromada", "name"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "name"), name="ledger_witness_name_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("cosigned_size__gte", 0)), name="ledger_witness_size_not_negative"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Cosignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("line", models.CharField(max_length=500, verbose_name="signature line")),
                ("signed_at", models.DateTimeField(verbose_name="cosigned")),
                (
                    "checkpoint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cosignatures",
                        to="ledger.checkpoint",
                    ),
                ),
                (
                    "witness",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cosignatures",
                        to="ledger.witness",
                    ),
                ),
            ],
            options={
                "verbose_name": "cosignature",
                "verbose_name_plural": "cosignatures",
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("checkpoint", "witness"), name="ledger_one_cosignature_per_witness"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WitnessedLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("origin", models.CharField(max_length=300, verbose_name="origin")),
                (
                    "log_verifier_key",
                    models.CharField(max_length=300, verbose_name="verifier key of the log"),
                ),
                ("tree_size", models.BigIntegerField(default=0, verbose_name="tree size")),
                (
                    "root_hash",
                    models.BinaryField(
                        default=hromada.ledger.models._empty_root, max_length=32, verbose_name="root hash"
                    ),
                ),
                (
                    "witness_hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="witnessed_logs",
                        to="core.hromada",
                        verbose_name="witnessing hromada",
                    ),
                ),
            ],
            options={
                "verbose_name": "witnessed log",
                "verbose_name_plural": "witnessed logs",
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("witness_hromada", "origin"), name="ledger_witnessed_origin_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("tree_size__gte", 0)), name="ledger_witnessed_size_not_negative"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonalReceipt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("receipt_id", models.BigIntegerField(verbose_name="receipt")),
                ("kind", models.CharField(max_length=64, verbose_name="kind")),
                ("reference", models.CharField(max_length=200, verbose_name="person reference")),
                ("salt", models.BinaryField(max_length=32, verbose_name="salt")),
                ("title", models.CharField(blank=True, max_length=250, verbose_name="what it records")),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.hromada"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ledger_receipts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "personal receipt",
                "verbose_name_plural": "personal receipts",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "receipt_id", "reference"), name="ledger_receipt_unique"
                    )
                ],
                "indexes": [],
            },
        ),
    ]

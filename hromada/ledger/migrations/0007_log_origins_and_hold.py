import django.db.models.deletion
from django.db import migrations, models


def origins_of_checkpoints(apps, schema_editor):
    """Every checkpoint so far was signed under its log's (only) origin."""
    Log = apps.get_model("ledger", "Log")
    Checkpoint = apps.get_model("ledger", "Checkpoint")
    for log in Log.objects.all():
        Checkpoint.objects.filter(hromada_id=log.hromada_id).update(origin=log.origin)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("ledger", "0006_receipt_title_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="log",
            name="held_since",
            field=models.DateTimeField(blank=True, null=True, verbose_name="signing held since"),
        ),
        migrations.AddField(
            model_name="log",
            name="held_reason",
            field=models.CharField(blank=True, max_length=20, verbose_name="why signing is held"),
        ),
        migrations.AddField(
            model_name="checkpoint",
            name="origin",
            field=models.CharField(default="", max_length=300, verbose_name="origin"),
            preserve_default=False,
        ),
        migrations.RunPython(origins_of_checkpoints, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(model_name="checkpoint", name="ledger_one_checkpoint_per_size"),
        migrations.AddConstraint(
            model_name="checkpoint",
            constraint=models.UniqueConstraint(
                fields=("hromada", "origin", "tree_size"), name="ledger_one_checkpoint_per_size"
            ),
        ),
        migrations.CreateModel(
            name="LogOrigin",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("origin", models.CharField(max_length=300, verbose_name="origin")),
                ("verifier_key", models.CharField(max_length=400, verbose_name="verifier key")),
                ("successor", models.CharField(max_length=300, verbose_name="new origin")),
                ("published_size", models.BigIntegerField(default=0, verbose_name="last published tree size")),
                ("continued_size", models.BigIntegerField(default=0, verbose_name="tree size continued from")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
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
                "verbose_name": "earlier log origin",
                "verbose_name_plural": "earlier log origins",
                "ordering": ["hromada", "-created_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "origin"), name="ledger_origin_once")
                ],
            },
        ),
    ]

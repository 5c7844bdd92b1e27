"""English versions of a cycle's description and of projects (written by officials, shown on English pages).

SQLite rebuilds a table to add a column with a default, and the rules-freeze triggers of 0002 that name
``budget_budgetcycle`` would then fail: on SQLite they are dropped first and created again after.
"""

import importlib

from django.db import migrations, models

freeze = importlib.import_module("hromada.budget.migrations.0002_freeze_triggers")
SQLITE_ONLY_DROP = freeze._run({"sqlite": freeze.SQLITE_DROP})
SQLITE_ONLY_CREATE = freeze._run({"sqlite": freeze.SQLITE})


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0005_ballot_type_label"),
    ]

    operations = [
        migrations.RunPython(SQLITE_ONLY_DROP, SQLITE_ONLY_CREATE, elidable=True),
        migrations.AddField(
            model_name="budgetcycle",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description in English"),
        ),
        migrations.AddField(
            model_name="project",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description in English"),
        ),
        migrations.AddField(
            model_name="project",
            name="summary_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="summary in English"),
        ),
        migrations.AddField(
            model_name="project",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in English"),
        ),
        migrations.RunPython(SQLITE_ONLY_CREATE, SQLITE_ONLY_DROP, elidable=True),
    ]

"""Every model change has its migration (a missed one showed up only when someone ran makemigrations)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.state import ProjectState

from hromada.core.management.commands.foldmigrations import folded_operations


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration (run `hromada makemigrations`):\n{out.getvalue()}")


def test_first_migrations_create_each_table_once():
    """A module's first migration with its constraints added one by one rebuilt each table per constraint
    on SQLite (35 s instead of 24 s to migrate a fresh database)."""
    out = StringIO()
    try:
        call_command("foldmigrations", "--check", stdout=out)
    except CommandError as error:
        pytest.fail(f"{out.getvalue()}{error}")


def test_folding_writes_one_create_model_per_table_with_the_same_end_state(tmp_path):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unfolded = Migration("0001_initial", "sample")
    unfolded.operations = [
        migrations.CreateModel("Child", fields=[("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel(
            "Parent",
            fields=[("id", models.BigAutoField(primary_key=True)), ("name", models.CharField(max_length=9))],
        ),
        migrations.AddField("child", "parent", models.ForeignKey("sample.parent", models.CASCADE)),
        migrations.AddConstraint(
            "parent", models.CheckConstraint(condition=~models.Q(name=""), name="parent_named")
        ),
        migrations.AddIndex("child", models.Index(fields=["parent"], name="child_parent")),
    ]
    loader.graph.add_node(("sample", "0001_initial"), unfolded)
    before = unfolded.mutate_state(ProjectState(), preserve=True)

    folded = folded_operations(loader, unfolded)

    assert [type(op).__name__ for op in folded] == ["CreateModel", "CreateModel"]
    assert [op.name for op in folded] == ["Parent", "Child"]  # the table a foreign key points to first
    after = ProjectState()
    for operation in folded:
        operation.state_forwards("sample", after)
    assert after.models == before.models

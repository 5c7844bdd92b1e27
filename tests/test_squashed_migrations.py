"""Each module's migrations are squashed (`hromada squashapps`), and an installation migrated before the
squash upgrades to the squashed graph with the same schema as a new installation.

The upgrade runs in a subprocess on a database of its own: a fresh SQLite file in a SQLite run, a fresh
database on the test server in a PostgreSQL run (`scripts/with-postgres`). The new installation it is
compared with is the test database itself, which `migrate` built from the squashed graph for the run.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

from hromada.core.management.commands.squashapps import created_in_order
from hromada.core.migration_operations import CreateModels
from hromada.security import archive
from tests import migration_schema
from tests.migrations import replaced_migrations

ROOT = Path(__file__).resolve().parents[1]


def test_create_models_reaches_the_state_of_the_separate_operations_through_a_cycle_of_keys():
    """A question asked only when an option of an earlier question was chosen: question → option →
    question. CreateModels adds both models before rendering them, with their keys, once."""
    state = ProjectState()
    for operation in [
        migrations.CreateModel("Question", fields=[("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel(
            "Option",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("question", models.ForeignKey("sample.question", models.CASCADE)),
            ],
        ),
        migrations.AddField(
            "question", "show_if", models.ForeignKey("sample.option", models.SET_NULL, null=True)
        ),
        migrations.AddConstraint(
            "option", models.UniqueConstraint(fields=["question", "id"], name="option_once")
        ),
    ]:
        operation.state_forwards("sample", state)
    rebuilt = ProjectState()
    rebuilt.apps  # noqa: B018 - rendered already, as during `migrate`: the models are re-rendered after

    CreateModels(created_in_order("sample", ["option", "question"], state)).state_forwards("sample", rebuilt)

    assert rebuilt.models == state.models
    question = rebuilt.apps.get_model("sample", "question")
    assert question._meta.get_field("show_if").related_model is rebuilt.apps.get_model("sample", "option")


def test_a_new_installation_runs_the_squashed_migrations_instead_of_the_replaced_ones():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = set(loader.graph.forwards_plan(("core", "0001_squashed_0006_secret_fingerprints_periodic_leases")))
    plan |= {node for app in ("accounts", "budget", "petitions") for node in loader.graph.leaf_nodes(app)}
    replaced = {node for migration in loader.disk_migrations.values() for node in migration.replaces or ()}

    assert ("budget", "0001_squashed_0007_tsnap_in_english_labels") in plan
    assert ("accounts", "0002_squashed_0007_tsnap_in_english_labels") in loader.graph.nodes
    assert replaced and not replaced & set(loader.graph.nodes)


@pytest.fixture
def fresh_database_urls(tmp_path: Path) -> Iterator[list[str]]:
    """URLs of empty databases of the engine under test."""
    if connection.vendor != "postgresql":
        yield [f"sqlite:///{tmp_path}/{name}.sqlite3" for name in ("upgraded",)]
        return
    import psycopg

    server = os.environ["DATABASE_URL"]
    base = server.rpartition("/")[0]
    names = [f"hromada_squash_{secrets.token_hex(4)}"]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{base}/{name}" for name in names]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated(url: str, var_dir: Path, *args: str) -> dict:
    var_dir.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tests.migration_schema", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "HROMADA_VAR_DIR": str(var_dir)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.django_db
@pytest.mark.runs_long  # minutes in the full run: started first (conftest.py)
def test_an_installation_on_the_replaced_migrations_upgrades_to_the_same_schema(
    fresh_database_urls, tmp_path
):
    upgraded = migrated(fresh_database_urls[0], tmp_path / "upgraded", "replaced")
    # A new installation: the test database, which `migrate` built from the squashed graph for this run.
    applied = MigrationRecorder(connection).applied_migrations()
    new = {"applied": sorted(f"{app}.{name}" for app, name in applied), "schema": migration_schema.schema()}

    squashed = {f"{app}.{name}" for app, name in MigrationLoader(None).graph.nodes if "_squashed_" in name}
    assert len(squashed) == 14
    assert ["core", "0006_secret_fingerprints_periodic_leases"] in upgraded["old_leaves"]
    # Both record the squashed migrations and the ones they replace (Django records those on a new one too).
    assert squashed <= set(upgraded["applied"])
    assert upgraded["applied"] == new["applied"]
    assert upgraded["schema"]["triggers"] == new["schema"]["triggers"]
    assert upgraded["schema"]["tables"].keys() == new["schema"]["tables"].keys()
    for table, details in new["schema"]["tables"].items():
        assert upgraded["schema"]["tables"][table] == details, table


@pytest.mark.django_db
def test_a_backup_of_an_upgraded_installation_has_the_migrations_of_a_new_one():
    """A backup records the migrations its database applied, and a restore refuses one whose list is not the
    code's: an installation that applied the replaced migrations restores into a new one and back."""
    new = archive.applied_migrations()

    with replaced_migrations():
        upgraded = archive.applied_migrations()

    assert new == upgraded == archive.code_migrations()
    assert ["budget", "0001_squashed_0007_tsnap_in_english_labels"] in new

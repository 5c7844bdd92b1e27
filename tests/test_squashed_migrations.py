"""Each module's migrations are squashed (`hromada squashapps`), and an installation migrated before the
squash upgrades to the squashed graph with the same schema as a new installation.

The upgrade runs in subprocesses on databases of their own: a fresh SQLite file in a SQLite run, fresh
databases on the test server in a PostgreSQL run (`scripts/with-postgres`).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[1]


def test_every_module_is_squashed():
    """A new installation runs one migration per module (two for accounts, whose user the core needs first):
    a fresh migrate took ~30 s of CPU with the ~70 unsquashed migrations."""
    out = StringIO()
    try:
        call_command("squashapps", "--check", stdout=out)
    except CommandError as error:
        pytest.fail(f"{out.getvalue()}{error}")


def test_a_new_installation_runs_only_the_squashed_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = loader.graph.forwards_plan(("accounts", loader.graph.leaf_nodes("accounts")[0][1]))
    project = [node for node in loader.graph.nodes if loader.graph.nodes[node].__module__.startswith("hromada.")]

    assert not [node for node in project if node[1][:4] not in ("0001", "0002")]
    assert ("core", "0001_squashed_0006_secret_fingerprints_periodic_leases") in plan
    assert ("accounts", "0001_initial") in plan


@pytest.fixture
def fresh_database_urls(tmp_path: Path) -> Iterator[list[str]]:
    """Two URLs of empty databases of the engine under test."""
    if connection.vendor != "postgresql":
        yield [f"sqlite:///{tmp_path}/{name}.sqlite3" for name in ("upgraded", "new")]
        return
    import psycopg

    server = os.environ["DATABASE_URL"]
    base = server.rpartition("/")[0]
    names = [f"hromada_squash_{secrets.token_hex(4)}" for _ in range(2)]
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
def test_an_installation_on_the_replaced_migrations_upgrades_to_the_same_schema(fresh_database_urls, tmp_path):
    upgraded_url, new_url = fresh_database_urls

    upgraded = migrated(upgraded_url, tmp_path / "upgraded", "replaced")
    new = migrated(new_url, tmp_path / "new")

    squashed = {f"{app}.{name}" for app, name in MigrationLoader(None).graph.nodes if "_squashed_" in name}
    assert len(squashed) >= 15
    assert ["core", "0006_secret_fingerprints_periodic_leases"] in upgraded["old_leaves"]
    # The upgrade recorded each squashed migration as applied (it ran none of them) ...
    assert squashed <= set(upgraded["applied"])
    # ... beside the old ones; a new installation applied the squashed ones only.
    assert "budget.0002_freeze_triggers" in upgraded["applied"]
    assert "budget.0002_freeze_triggers" not in new["applied"] and squashed <= set(new["applied"])
    assert upgraded["schema"]["triggers"] == new["schema"]["triggers"]
    assert upgraded["schema"]["tables"].keys() == new["schema"]["tables"].keys()
    for table, details in new["schema"]["tables"].items():
        assert upgraded["schema"]["tables"][table] == details, table

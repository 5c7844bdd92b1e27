"""Migrate the database of DATABASE_URL and print its schema as JSON (for tests/test_squashed_migrations.py).

    python -m tests.migration_schema            a new installation: `migrate` on the squashed graph
    python -m tests.migration_schema replaced   an installation of before the squash: the replaced
                                                migrations up to their old leaves, then `migrate`

The schema is what the application can see of the database: every table's columns, constraints and
indexes, and the triggers.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import django


def replaced_leaves(loader: Any) -> list[tuple[str, str]]:
    """Each module's leaf as it was before its squash (the squashed migrations left out)."""
    squashed = {key for key, migration in loader.disk_migrations.items() if migration.replaces}
    old_leaves = {
        migration.replaces[-1] for key, migration in loader.disk_migrations.items() if key in squashed
    }
    return sorted({node for node in loader.graph.leaf_nodes() if node not in squashed} | set(old_leaves))


def migrate_replaced_migrations() -> list[tuple[str, str]]:
    """Apply the old migrations only, as an installation that upgraded before the squash did."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader

    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    targets = replaced_leaves(executor.loader)
    plan = executor.migration_plan(targets)
    assert not any(migration.replaces for migration, _backwards in plan), "a squashed migration was planned"
    executor.migrate(targets, plan=plan)
    return targets


def schema() -> dict[str, Any]:
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(info.name for info in connection.introspection.get_table_list(cursor)):
            columns = sorted(
                [column.name, str(column.type_code), bool(column.null_ok), column.internal_size]
                for column in connection.introspection.get_table_description(cursor, table)
            )
            constraints = []
            for name, details in connection.introspection.get_constraints(cursor, table).items():
                # SQLite names the constraints written inline in CREATE TABLE by their position.
                unnamed = sqlite and (name.startswith(("sqlite_autoindex", "__unnamed")))
                constraints.append(
                    json.dumps(
                        {
                            "name": None if unnamed else name,
                            **{
                                key: details.get(key) for key in ("columns", "primary_key", "unique", "check")
                            },
                            "foreign_key": details.get("foreign_key"),
                            "index": details.get("index"),
                            "type": details.get("type"),
                        },
                        sort_keys=True,
                    )
                )
            tables[table] = {"columns": columns, "constraints": sorted(constraints)}
        if sqlite:
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger"
                " WHERE NOT tgisinternal ORDER BY tgname"
            )
        triggers = [list(row) for row in cursor.fetchall()]
    return {"tables": tables, "triggers": triggers}


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    old_leaves: list[tuple[str, str]] = []
    if sys.argv[1:] == ["replaced"]:
        old_leaves = migrate_replaced_migrations()
    call_command("migrate", verbosity=0, interactive=False)
    applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())
    sys.stdout.write(json.dumps({"old_leaves": old_leaves, "applied": applied, "schema": schema()}))


if __name__ == "__main__":
    main()

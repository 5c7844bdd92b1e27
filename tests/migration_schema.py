"""Migrate the database of DATABASE_URL and print its schema as JSON (for tests/test_squashed_migrations.py).

    python -m tests.migration_schema            a new installation: `migrate` on the squashed graph
    python -m tests.migration_schema replaced   an installation of before the squash: the replaced
                                                migrations up to their old leaves, then `migrate`

The schema is what the application can see of the database: every table's columns, constraints and
indexes, and the triggers.
"""

from __future__ import annotations

import json
import re
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


def checks_of(sql: str) -> list[str]:
    """The CHECK clauses of a CREATE TABLE statement, each with its balanced parentheses."""
    found = []
    for match in re.finditer(r"CHECK \(", sql):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            if depth == 0:
                break
        found.append(sql[match.start() : end + 1])
    return sorted(found)


def sqlite_table(cursor: Any, table: str) -> dict[str, Any]:
    """Read with SQLite's pragmas (Django's introspection cannot parse ``CHECK ("vote" IN (-1, 0, 1))``)."""
    quoted = '"' + table.replace('"', '""') + '"'
    sql = cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table]).fetchone()[0]
    indexes = []
    for _seq, name, unique, origin, partial in cursor.execute(f"PRAGMA index_list({quoted})").fetchall():
        index_quoted = '"' + name.replace('"', '""') + '"'
        columns = [row[2] for row in cursor.execute(f"PRAGMA index_info({index_quoted})").fetchall()]
        index_sql = cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name]).fetchone()
        named = None if name.startswith("sqlite_autoindex") else name
        indexes.append(json.dumps([named, unique, origin, partial, columns, index_sql and index_sql[0]]))
    return {
        "columns": sorted(list(row[1:]) for row in cursor.execute(f"PRAGMA table_info({quoted})").fetchall()),
        "foreign_keys": sorted(list(row[2:]) for row in cursor.execute(f"PRAGMA foreign_key_list({quoted})")),
        "indexes": sorted(indexes),
        "checks": checks_of(sql),
        "constraint_names": sorted(re.findall(r'CONSTRAINT "([^"]+)"', sql)),
    }


def postgres_table(cursor: Any, table: str) -> dict[str, Any]:
    from django.db import connection

    columns = sorted(
        [column.name, str(column.type_code), bool(column.null_ok), column.internal_size]
        for column in connection.introspection.get_table_description(cursor, table)
    )
    constraints = sorted(
        json.dumps({"name": name, **details}, sort_keys=True, default=str)
        for name, details in connection.introspection.get_constraints(cursor, table).items()
    )
    return {"columns": columns, "constraints": constraints}


def schema() -> dict[str, Any]:
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(info.name for info in connection.introspection.get_table_list(cursor)):
            tables[table] = sqlite_table(cursor, table) if sqlite else postgres_table(cursor, table)
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

"""The replaced migrations, for a test of a data migration that a squashed migration replaced.

A test database is migrated by the squashed migrations (`hromada squashapps`), so the migrations they
replace are no nodes of its graph. ``replaced_migrations()`` makes it an installation that upgraded through
them (the same schema: tests/test_squashed_migrations.py): they are recorded as applied for the test, and
the executors it hands out plan on the graph of before the squash, so a test can migrate back to one of them
and forward again. The records are removed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def replaced_graph_executor() -> MigrationExecutor:
    """An executor on the graph of the replaced migrations (each squashed one taken out, as Django does for
    an installation that applied only some of the migrations it replaces)."""
    executor = MigrationExecutor(connection)
    loader = MigrationLoader(connection, replace_migrations=False)
    for key, migration in loader.replacements.items():
        loader.graph.remove_replacement_node(key, migration.replaces)
    loader.graph.validate_consistency()
    executor.loader = loader
    return executor


@contextmanager
def replaced_migrations() -> Iterator[Callable[[], MigrationExecutor]]:
    recorder = MigrationRecorder(connection)
    applied = recorder.applied_migrations()
    squashed = MigrationLoader(connection).replacements.values()
    added = [
        node
        for migration in squashed
        if (migration.app_label, migration.name) in applied
        for node in migration.replaces
        if node not in applied
    ]
    for node in added:
        recorder.record_applied(*node)
    try:
        yield replaced_graph_executor
    finally:
        for node in added:
            recorder.record_unapplied(*node)

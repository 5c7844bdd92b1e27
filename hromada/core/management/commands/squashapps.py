"""`hromada squashapps [app_label[.first_migration] ...]`: a module's migrations squashed into one.

A fresh `hromada migrate` spent ~90 % of its time in Django re-rendering the related models after each of
~300 operations (every relabelled field of a model that points at the user or the hromada re-renders
dozens of models). Every test database, every worker of the test run, the kit check, the cluster check and
every new installation paid it. Squashed, each module creates its tables from the models' final state in one
``CreateModels`` operation (hromada/core/migration_operations.py), which renders the related models once.

For each module this writes ``<first>_squashed_<leaf>.py`` beside the old files, with Django's ``replaces``:
a database that applied none of the replaced migrations (a new installation) runs the squashed one; one that
applied all of them has it recorded as applied; one that applied some goes on with the old files, which stay
until every installation has passed them.

What the squashed migration carries besides the schema:
- every RunPython / RunSQL of the replaced migrations that is not ``elidable`` (database objects the models
  do not describe: triggers, a trigram index), run after the tables exist, in their original order, by
  reference to the old migration's operation (so it stays written once);
- nothing of an ``elidable`` one: those only rewrite existing rows, and a squashed migration runs on a new,
  empty database.

Without an argument every module with more than one migration after its last squash is squashed from its
first migration; ``accounts.0002_initial`` keeps ``accounts.0001_initial`` (the user, which the core's first
migration needs) apart. A module already squashed is left as it is: Django 5.2 squashes no squashed migration.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import migrations, models
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.operations import CreateModel
from django.db.migrations.operations.base import Operation
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState
from django.db.migrations.writer import MigrationWriter

from hromada.core.migration_operations import CreateModels

PACKAGE = Path(__file__).resolve().parents[3]  # hromada/
# Where a module's squash starts when its first migration has to stay apart.
STARTS = {"accounts": "0002_initial"}
CARRIED = (migrations.RunPython, migrations.RunSQL)


class EmptyTables(NonInteractiveMigrationQuestioner):
    """A squashed migration adds its columns to tables that are still empty: no default to ask for."""

    def ask_not_null_addition(self, field_name: str, model_name: str) -> Any:
        return models.NOT_PROVIDED

    def ask_not_null_alteration(self, field_name: str, model_name: str) -> Any:
        return models.NOT_PROVIDED

    def ask_auto_now_add_addition(self, field_name: str, model_name: str) -> Any:
        return models.NOT_PROVIDED


def project_apps(loader: MigrationLoader) -> list[str]:
    apps = set()
    for (app_label, _name), migration in loader.disk_migrations.items():
        path = Path(sys.modules[migration.__module__].__file__ or "").resolve()
        if PACKAGE in path.parents:
            apps.add(app_label)
    return sorted(apps)


def app_chain(loader: MigrationLoader, app_label: str) -> list[tuple[str, str]]:
    """The module's migrations in the order they apply (squashed ones standing for what they replace)."""
    (leaf,) = loader.graph.leaf_nodes(app_label)
    return [node for node in loader.graph.forwards_plan(leaf) if node[0] == app_label]


def created_in_order(app_label: str, names: list[str], state: ProjectState) -> list[CreateModel]:
    """One CreateModel per model from its final state, a table after the tables its foreign keys point to
    where it can be (in a cycle of keys, a question asked only when an earlier question's option was chosen,
    one of them comes first: CreateModels adds every model to the state before rendering, and the database
    takes a key to a table created later in the same migration)."""
    models_ = {name: state.models[app_label, name] for name in names}

    def targets(name: str) -> set[str]:
        found = set()
        for field in models_[name].fields.values():
            remote = getattr(field, "remote_field", None)
            for target in (getattr(remote, "model", None), getattr(remote, "through", None)):
                if isinstance(target, str):
                    label, _, model_name = target.lower().rpartition(".")
                    if label in ("", app_label) and model_name in models_:
                        found.add(model_name)
        return found - {name}

    waiting = {name: targets(name) for name in names}
    ordered: list[str] = []
    while waiting:
        ready = [name for name in names if name in waiting and waiting[name] <= set(ordered)]
        name = ready[0] if ready else min(waiting, key=lambda name: (len(waiting[name] - set(ordered)), name))
        ordered.append(name)
        del waiting[name]
    return [
        CreateModel(
            name=models_[name].name,
            fields=list(models_[name].fields.items()),
            options=models_[name].options,
            bases=models_[name].bases,
            managers=models_[name].managers,
        )
        for name in ordered
    ]


def squash(loader: MigrationLoader, app_label: str, first: str) -> tuple[Migration, list[tuple[str, int]]]:
    """The squashed migration (schema operations, dependencies, replaces) and the carried operations, each as
    (module of the replaced migration, index of the operation in it)."""
    chain = app_chain(loader, app_label)
    start = chain.index((app_label, first))
    replaced = chain[start:]
    final = loader.project_state(replaced[-1], at_end=True)
    before = loader.project_state(chain[start - 1], at_end=True) if start else ProjectState()

    # The state before the squash for this module, the final state for every other one: the autodetector
    # then writes this module's operations and their dependencies on the other modules.
    origin = final.clone()
    for key in [key for key in origin.models if key[0] == app_label]:
        origin.remove_model(*key)
    for key, model in before.models.items():
        if key[0] == app_label:
            origin.add_model(model.clone())
    # (A clone of the final state: the autodetector pops the indexes and constraints from its options.)
    detector = MigrationAutodetector(origin, final.clone(), EmptyTables())
    changes = detector._detect_changes(graph=loader.graph)  # type: ignore[attr-defined]
    if len(changes.get(app_label, [])) != 1:
        raise CommandError(
            f"{app_label} from {first} does not squash into one migration (a dependency cycle)"
        )
    (detected,) = changes[app_label]

    new_models = sorted(
        name for (label, name) in final.models if label == app_label and (label, name) not in origin.models
    )
    operations: list[Operation] = []
    if new_models:
        operations.append(CreateModels(created_in_order(app_label, new_models, final)))
    touched_new = set(new_models)
    for operation in detected.operations:
        name = getattr(operation, "model_name_lower", getattr(operation, "name_lower", None))
        if name not in touched_new:
            operations.append(operation)

    carried = []
    for node in replaced:
        migration = loader.graph.nodes[node]
        for index, operation in enumerate(migration.operations):
            if isinstance(operation, CARRIED) and not operation.elidable:
                carried.append((migration.__module__, index))

    squashed = Migration(f"{first.split('_', 1)[0]}_squashed_{replaced[-1][1]}", app_label)
    squashed.operations = operations  # type: ignore[misc]
    squashed.replaces = replaced  # type: ignore[misc]
    squashed.initial = start == 0  # type: ignore[misc]
    dependencies = [dep for dep in detected.dependencies if dep[0] != app_label]
    if start:
        dependencies.insert(0, chain[start - 1])
    squashed.dependencies = dependencies  # type: ignore[misc]
    return squashed, carried


def render(squashed: Migration, carried: list[tuple[str, int]]) -> str:
    text = MigrationWriter(squashed, include_header=False).as_string()
    if not carried:
        return text
    modules = sorted({module for module, _index in carried})
    aliases = {module: f"_{module.rsplit('.', 1)[1].split('_', 1)[0]}" for module in modules}
    imports = "import importlib\n"
    loaded = "".join(f'{aliases[m]} = importlib.import_module("{m}").Migration.operations\n' for m in modules)
    references = "".join(f"        {aliases[module]}[{index}],\n" for module, index in carried)
    comment = "        # Database objects the models do not describe, from the replaced migrations:\n"
    text = re.sub(r"\n    \]\n$", "\n" + comment + references + "    ]\n", text, count=1)
    text = text.replace("\n\n\nclass Migration", f"\n{loaded}\n\nclass Migration", 1)
    return imports + text


class Command(BaseCommand):
    help = "Squash each module's migrations into one that creates each table once (with `replaces`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "apps", nargs="*", help="app_label or app_label.first_migration (default: every module)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        for item in options["apps"] or project_apps(loader):
            app_label, _, first = item.partition(".")
            chain = app_chain(loader, app_label)
            first = first or STARTS.get(app_label, chain[0][1])
            if (app_label, first) not in chain or len(chain) - chain.index((app_label, first)) < 2:
                continue
            if any(loader.graph.nodes[node].replaces for node in chain[chain.index((app_label, first)) :]):
                # Django 5.2 squashes no squashed migration: once every installation has applied it, delete
                # the files it replaces and its `replaces` line, then squash again.
                self.stdout.write(f"{app_label}: already squashed; new migrations stay as they are")
                continue
            squashed, carried = squash(loader, app_label, first)
            module = sys.modules[loader.graph.nodes[chain[0]].__module__]
            path = Path(module.__file__ or "").parent / f"{squashed.name}.py"
            path.write_text(render(squashed, carried))
            self.stdout.write(
                f"{app_label}: {len(squashed.replaces)} migrations squashed into {path.name} "
                f"({len(squashed.operations)} operations, {len(carried)} carried)"
            )

"""`CreateModels`: a module's tables created by one migration operation, its models rendered once.

Django's CreateModel re-renders, after each model it adds, every model related to it and, recursively, to
those: a model with a key to the user or the hromada re-renders most of the project. A squashed migration
(`hromada squashapps`) creating 30 tables one CreateModel at a time spent ~90 % of `migrate` there.
CreateModels adds all of its models to the migration state first and re-renders the related models once;
the database work is CreateModel's, table by table, in the order given (a key to a table created later in
the same operation is added at the end of the migration on PostgreSQL and checked at commit on SQLite).
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations import CreateModel
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ModelState, ProjectState


class CreateModels(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, operations: list[CreateModel]) -> None:
        self.operations = operations

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [], {"operations": self.operations}

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        keys = []
        for operation in self.operations:
            model_state = ModelState(
                app_label,
                operation.name,
                list(operation.fields),
                dict(operation.options),
                tuple(operation.bases or ()),
                list(operation.managers or ()),
            )
            key = (app_label, model_state.name_lower)
            state.models[key] = model_state
            if state._relations is not None:  # type: ignore[attr-defined]
                state.resolve_model_relations(key)
            keys.append(key)
        # What each CreateModel would re-render, rendered once.
        state.reload_models(keys, delay=False)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        for operation in self.operations:
            model = to_state.apps.get_model(app_label, operation.name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.create_model(model)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        for operation in reversed(self.operations):
            model = from_state.apps.get_model(app_label, operation.name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.delete_model(model)

    def references_model(self, name: str, app_label: str) -> bool:
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def describe(self) -> str:
        return f"Create models {', '.join(operation.name for operation in self.operations)}"

    @property
    def migration_name_fragment(self) -> str:
        return "_".join(operation.name_lower for operation in self.operations)[:40]

"""The dependency floors of docs/architecture.md: `core` and `ledger` import no domain app."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin

PACKAGE = Path(__file__).resolve().parents[2]
# Every app of ours above the floors, discovered, so a new module is covered with no edit.
DOMAIN_APPS = {p.parent.name for p in PACKAGE.glob("*/apps.py")} - {"core", "ledger"}
# Floors below every domain app, and what each may import of ours besides itself.
FLOORS = {"core": set(), "ledger": {"core"}}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (type names only: the person type of
    ``AUTH_USER_MODEL``, which the lower floors know by contract, not by import)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def _imported_apps(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "hromada" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


@pytest.mark.parametrize("floor", sorted(FLOORS))
def test_a_lower_floor_imports_no_domain_app(floor):
    offending = []
    for path in sorted((PACKAGE / floor).rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in relative:
            continue
        for line, app in _imported_apps(ast.parse(path.read_text(), filename=relative)):
            if app in DOMAIN_APPS or (app in FLOORS and app != floor and app not in FLOORS[floor]):
                offending.append(f"{relative}:{line} imports hromada.{app}")
    assert offending == []


def test_the_back_office_is_loaded_from_its_own_app():
    from hromada.backoffice.site import back_office
    from hromada.core.models import Hromada
    from hromada.ledger.models import Entry

    admin.autodiscover()  # as hromada/urls.py does
    assert not (PACKAGE / "core" / "admin.py").exists() and not (PACKAGE / "ledger" / "admin.py").exists()
    assert Hromada in back_office._registry and Entry in back_office._registry

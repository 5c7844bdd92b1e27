"""`core` is depended on by every app and depends on none of ours (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("accounts", "territory", "ledger", "portal", "petitions", "budget")
# The back office is being moved out of core; until then it may use accounts' role predicates.
BACK_OFFICE = {"admin.py", "admin_site.py"}


def _runtime_imports(tree: ast.AST) -> list[str]:
    """Modules imported when the file runs (imports under ``if TYPE_CHECKING:`` are for type hints only)."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def test_core_imports_no_domain_app_at_run_time():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE)
        if relative.parts[0] in {"tests", "migrations"} or str(relative) in BACK_OFFICE:
            continue
        for module in _runtime_imports(ast.parse(path.read_text())):
            if any(module == f"hromada.{app}" or module.startswith(f"hromada.{app}.") for app in DOMAIN_APPS):
                offenders.append(f"{relative}: {module}")

    assert offenders == []

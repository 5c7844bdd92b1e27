"""The OpenID Connect flow reads and talks to the provider; every write it causes is an action."""

from __future__ import annotations

import ast
from pathlib import Path

ACCOUNTS = Path(__file__).resolve().parent.parent
WRITING_CALLS = {"save", "create", "get_or_create", "update_or_create", "bulk_create"}
QUERYSET_WRITES = {"update", "delete"}  # on a queryset (a dict's update is no write)


def _writes_and_model_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("models") and node.level:
            found.append(f"imports .{node.module}")
        if isinstance(node, ast.ImportFrom) and node.module in {"hromada.accounts.models", "django.db"}:
            found.append(f"imports {node.module}")
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        if (node.func.attr in WRITING_CALLS and "session" not in receiver) or (
            node.func.attr in QUERYSET_WRITES and ("objects" in receiver or "filter(" in receiver)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}")
    return found


def test_oidc_flow_and_its_views_write_no_models():
    for name in ("oidc.py", "views_oidc.py"):
        assert _writes_and_model_imports(ACCOUNTS / name) == [], name

"""docs/architecture.md's "depends on" column is true for opencity and help: each imports (outside its
tests) no other app of ours than the row names, and where the row says "through their selectors only", no
other module of those apps."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

HROMADA = Path(settings.BASE_DIR) / "hromada"


def _imports(app: str) -> set[str]:
    """Every ``hromada.<app>.<module>`` that ``app``'s own code (not its tests) imports."""
    found = set()
    for path in (HROMADA / app).rglob("*.py"):
        if "tests" in path.relative_to(HROMADA / app).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hromada."):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("hromada.")}
    return {name for name in found if name.split(".")[1] != app}


def _row(app: str) -> str:
    text = (Path(settings.BASE_DIR) / "docs" / "architecture.md").read_text(encoding="utf-8")
    [line] = [line for line in text.splitlines() if line.startswith(f"| `{app}` (`{app}`) |")]
    return line.rsplit(" | ", 1)[1]


@pytest.mark.parametrize(
    ("app", "through_selectors"),
    [("opencity", {"budget", "cnapqueue"}), ("help", {"portal"})],
)
def test_the_architecture_docs_name_every_app_it_imports(app, through_selectors):
    row = _row(app)
    imported = _imports(app)
    for module in imported:
        other = module.split(".")[1]
        if other in ("core", "ledger"):
            continue
        assert f"`{other}`" in row, f"{app} imports {module}, docs/architecture.md does not say so"
        if other in through_selectors and module != "hromada.portal.demo.credentials":
            assert module == f"hromada.{other}.selectors", f"{app} imports {module}, not {other}'s selectors"

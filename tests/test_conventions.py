"""The project's conventions, checked over the source tree (docs/architecture.md, "Conventions enforced by
tests").

Each rule reads the code with `ast` (nothing is imported but the URL configuration) and reports violations
as `file:line: what is wrong — what to do`. Apps are discovered, not listed: every package under `hromada/`
with an `apps.py`, and every named URL pattern whose view lives in `hromada`, so a new module is covered
without editing this file.

Rules:
  action-signature         every public function of an app's actions module or package is keyword-only,
                           fully typed and has a docstring
  layer-writes             selectors, forms, views and template tags never write (.save, .create, .update,
                           .delete, get_or_create, update_or_create, bulk_create, bulk_update)
  core-imports-domain      core and ledger import no other app of ours (imports under TYPE_CHECKING are
                           types only and allowed: `request.user` is an accounts.User)
  selector-imports-action  selectors import no actions module
  mypy-whole-package       `make lint` runs `mypy hromada` (the package, not a list of apps) and the mypy
                           configuration excludes no app
  action-untested          every public action is named in some test file
  page-untested            every named page of our apps is named in some test file: its URL name
                           (`"portal:institutions"`) or a path that resolves to it (`"/institutions/"`)
  cross-app-import-cycle   no cycle of imports runs through modules of two or more apps (every import counts,
                           also those inside functions, which hide a cycle without removing it; type-only
                           imports under TYPE_CHECKING do not)
  script-shadows-stdlib    no script in bench/ or scripts/ is named after a standard-library module: Python
                           puts a script's folder first on the path, so bench/queue.py broke every other
                           benchmark that imports concurrent.futures
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hromada"
THIS_FILE = Path(__file__).resolve()

# ------------------------------------------------------------------------------------------ known violations
# Violations that other work in progress removes. THIS LIST MUST ONLY SHRINK: never add an entry to make a
# new violation pass — fix the code. test_known_violations_are_still_violations fails when an entry no longer
# violates, so a fixed entry is deleted here in the same change. An entry is (rule, file, symbol), as the
# failing test prints it; for an actions package, `hromada/<app>/actions.py` stands for every module of it.
KNOWN_VIOLATIONS: frozenset[tuple[str, str, str]] = frozenset()

# Method calls that write through the ORM. The first group counts only without positional arguments, as
# the ORM calls them (`obj.save()`, `qs.delete()`, and `qs.update(x=1)`, `create`, `get_or_create`,
# `update_or_create` with keywords), so `dict.update(other)`, `image.save(out, "PNG")`, `cache.delete(key)`
# and `@router.delete("/path")` are not writes.
KEYWORD_ONLY_WRITES = {"save", "create", "update", "delete", "get_or_create", "update_or_create"}
ALWAYS_WRITES = {"bulk_create", "bulk_update"}
CORE_APPS = ("core", "ledger")


@dataclass(frozen=True)
class Violation:
    rule: str
    path: Path
    line: int
    symbol: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, _module_file(self.path), self.symbol)

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: [{self.rule}] {self.symbol}: {self.message}"


def _module_file(path: Path) -> str:
    """The allowlist's file: an actions package counts as its `actions.py` (it may be split or joined)."""
    relative = path.resolve().relative_to(ROOT).as_posix()
    return re.sub(r"^(hromada/[^/]+/actions)(\.py|/.*)$", r"\1.py", relative)


# ------------------------------------------------------------------------------------------- the source tree


@cache
def app_dirs() -> tuple[Path, ...]:
    """Every app of ours: a package under hromada/ with an apps.py."""
    return tuple(sorted(p.parent for p in PACKAGE.glob("*/apps.py")))


def source_files(app: Path) -> list[Path]:
    return sorted(p for p in app.rglob("*.py") if not {"tests", "migrations"} & set(p.relative_to(app).parts))


def files_of_tests() -> list[Path]:
    found = {*PACKAGE.glob("*/tests/**/*.py"), *(ROOT / "tests").rglob("*.py"), ROOT / "conftest.py"}
    return sorted(p for p in found if p.resolve() != THIS_FILE)


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def layer(app: Path, path: Path) -> str | None:
    """actions, selectors, forms, views or templatetags (a module, or a package of modules), else None."""
    first = path.relative_to(app).parts[0].removesuffix(".py")
    if first in {"actions", "selectors", "forms", "templatetags"}:
        return first
    if first == "views" or first.startswith("views_"):
        return "views"
    return None


def layer_files(name: str) -> Iterator[tuple[Path, Path]]:
    for app in app_dirs():
        for path in source_files(app):
            if layer(app, path) == name:
                yield app, path


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, tree: ast.AST, *, skip_type_checking: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import; `from x import y` gives `x.y` (a module or a name)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in _walk(tree, skip_type_checking=skip_type_checking):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _walk(tree: ast.AST, *, skip_type_checking: bool) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if skip_type_checking and isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from (n for child in node.orelse for n in [child, *_walk(child, skip_type_checking=True)])
            continue
        yield node
        yield from _walk(node, skip_type_checking=skip_type_checking)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def public_functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            yield node


# --------------------------------------------------------------------------------------------------- checks


def check_action_signature(path: Path, tree: ast.Module) -> Iterator[Violation]:
    for fn in public_functions(tree):
        args = fn.args
        problems = []
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        if positional or args.vararg:
            names = ", ".join(positional + ([f"*{args.vararg.arg}"] if args.vararg else []))
            problems.append(f"takes {names} positionally — put `*` first: `def {fn.name}(*, …)`")
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, [args.vararg, args.kwarg])]
        untyped = [a.arg for a in every if a.annotation is None]
        if untyped:
            problems.append(f"annotate {', '.join(untyped)}")
        if fn.returns is None:
            problems.append("annotate the return type (`-> None` when nothing)")
        if not (ast.get_docstring(fn) or "").strip():
            problems.append("add a docstring saying what it does and what it refuses")
        if problems:
            yield Violation("action-signature", path, fn.lineno, fn.name, "; ".join(problems))


def check_layer_writes(path: Path, tree: ast.Module) -> Iterator[Violation]:
    for scope, call in _calls_with_scope(tree, "<module>"):
        func = call.func
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in ALWAYS_WRITES:
            write = True
        elif func.attr in {"save", "delete"}:
            write = not call.args
        else:
            write = func.attr in KEYWORD_ONLY_WRITES and not call.args and bool(call.keywords)
        if write:
            yield Violation(
                "layer-writes",
                path,
                call.lineno,
                f"{scope}: .{func.attr}()",
                "this layer only reads; move the write into an action in <app>/actions and call that",
            )


def _calls_with_scope(node: ast.AST, scope: str) -> Iterator[tuple[str, ast.Call]]:
    for child in ast.iter_child_nodes(node):
        inner = scope
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = child.name if scope == "<module>" else f"{scope}.{child.name}"
        if isinstance(child, ast.Call):
            yield scope, child
        yield from _calls_with_scope(child, inner)


def check_core_imports(path: Path, tree: ast.Module, domain_apps: Iterable[str]) -> Iterator[Violation]:
    prefixes = tuple(f"hromada.{app}" for app in domain_apps)
    seen = set()
    for line, module in imported_modules(path, tree, skip_type_checking=True):
        hit = next((p for p in prefixes if module == p or module.startswith(p + ".")), None)
        if hit is None:
            continue
        # Report the app's module (hromada.accounts.permissions), not each name imported from it.
        reported = ".".join(module.split(".")[:3])
        if (line, reported) in seen:
            continue
        seen.add((line, reported))
        yield Violation(
            "core-imports-domain",
            path,
            line,
            reported,
            f"{path.relative_to(PACKAGE).parts[0]} is depended on by every app and depends on none: move "
            "the code that needs this into the app it belongs to (or pass the value in), or import it only "
            "for typing under `if TYPE_CHECKING:`",
        )


def check_selector_imports(path: Path, tree: ast.Module) -> Iterator[Violation]:
    seen = set()
    for line, module in imported_modules(path, tree, skip_type_checking=False):
        match = re.match(r"^(hromada\.[a-z_]+\.actions)(\.|$)", module)
        if match and (line, match[1]) not in seen:
            seen.add((line, match[1]))
            yield Violation(
                "selector-imports-action",
                path,
                line,
                match[1],
                "selectors only read and must not depend on writes: move what both need (a read, a type, a "
                "pure rule) into the selectors or a pure module, and let the action import it from there",
            )


# ------------------------------------------------------------------------------------------ rule collectors


def violations_action_signature() -> list[Violation]:
    return [v for _app, path in layer_files("actions") for v in check_action_signature(path, parsed(path))]


def violations_layer_writes() -> list[Violation]:
    return [
        v
        for name in ("selectors", "forms", "views", "templatetags")
        for _app, path in layer_files(name)
        for v in check_layer_writes(path, parsed(path))
    ]


def violations_core_imports() -> list[Violation]:
    domain = [app.name for app in app_dirs() if app.name not in CORE_APPS]
    return [
        v
        for app in app_dirs()
        if app.name in CORE_APPS
        for path in source_files(app)
        for v in check_core_imports(path, parsed(path), domain)
    ]


def violations_selector_imports() -> list[Violation]:
    return [v for _app, path in layer_files("selectors") for v in check_selector_imports(path, parsed(path))]


def violations_mypy_whole_package() -> list[Violation]:
    makefile = ROOT / "Makefile"
    found = []
    calls = [
        (number, line)
        for number, line in enumerate(makefile.read_text().splitlines(), 1)
        if re.search(r"\bmypy\b", line) and "$(BIN)/mypy" in line
    ]
    if not calls:
        found.append(Violation("mypy-whole-package", makefile, 1, "lint", "`make lint` must run mypy"))
    for number, line in calls:
        arguments = re.search(r"\$\(BIN\)/mypy((?:\s+[^\s|;&]+)*)", line)
        targets = arguments[1].split() if arguments else []
        if targets != ["hromada"]:
            found.append(
                Violation(
                    "mypy-whole-package",
                    makefile,
                    number,
                    f"mypy {' '.join(targets)}",
                    "run `$(BIN)/mypy hromada` so every app, present and future, is type-checked",
                )
            )
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    excludes = config.get("exclude", [])
    for app in app_dirs():
        for pattern in [excludes] if isinstance(excludes, str) else excludes:
            probe = (app / "models.py").relative_to(ROOT).as_posix()
            if re.search(pattern, probe):
                found.append(
                    Violation(
                        "mypy-whole-package",
                        ROOT / "pyproject.toml",
                        1,
                        app.name,
                        f"[tool.mypy] exclude {pattern!r} leaves out {app.name}: narrow the pattern",
                    )
                )
    return found


@cache
def _test_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in files_of_tests()}


def violations_action_untested() -> list[Violation]:
    text = "\n".join(_test_sources().values())
    return [
        Violation(
            "action-untested",
            path,
            fn.lineno,
            fn.name,
            f"no test names it: add a behaviour test that calls {fn.name}(…) (its effect and its refusals)",
        )
        for _app, path in layer_files("actions")
        for fn in public_functions(parsed(path))
        if not re.search(rf"\b{re.escape(fn.name)}\b", text)
    ]


@dataclass(frozen=True)
class Page:
    name: str  # "portal:institutions"
    urls_file: Path
    pattern: URLPattern


def pages() -> list[Page]:
    """Every named URL pattern whose view is ours, with the urls module that declares it."""
    found = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif (
                entry.name
                and getattr(entry.callback, "__module__", "").startswith("hromada.")
                # Django's list, add and change pages of every back-office model, with only their headings
                # ours (hromada/backoffice/tests/test_headings.py); a view an admin writes itself counts.
                and not getattr(entry.callback, "__qualname__", "").startswith("BackOfficeAdmin.")
            ):
                module = getattr(resolver.urlconf_module, "__file__", None)
                # Patterns built in code (the back office's) have no urls module: point at the view.
                urls_file = Path(module or inspect.getsourcefile(entry.callback) or ROOT)
                found.append(Page(f"{namespace}{entry.name}", urls_file, entry))

    walk(get_resolver(), "")
    return found


def _string_literals(tree: ast.AST) -> Iterator[str]:
    """Every string of a test, f-strings with "1" for each placeholder (f"/petitions/{slug}/" →
    "/petitions/1/"); a URL's path too, and what follows a leading placeholder (f"{server}/accounts/")."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
            if node.value.startswith(("http://", "https://")):
                yield urlsplit(node.value).path
        elif isinstance(node, ast.JoinedStr):
            parts = ["1" if isinstance(part, ast.FormattedValue) else str(part.value) for part in node.values]
            yield "".join(parts)
            if isinstance(node.values[0], ast.FormattedValue):
                yield "".join(parts[1:])


@cache
def _pages_reached_by_paths() -> frozenset[str]:
    reached = set()
    paths = {
        s.split("?")[0].split("#")[0]
        for path in files_of_tests()
        for s in _string_literals(parsed(path))
        if s.startswith("/") and "\n" not in s and len(s) < 300
    }
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for path in paths:
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                if match.url_name:
                    reached.add(":".join([*match.namespaces, match.url_name]))
    return frozenset(reached)


def violations_page_untested() -> list[Violation]:
    text = "\n".join(_test_sources().values())
    reached = _pages_reached_by_paths()
    found = []
    for page in pages():
        named = re.search(rf"[\"']{re.escape(page.name)}[\"']", text)
        if named or page.name in reached:
            continue
        line = _line_of_name(page.urls_file, page.name.rpartition(":")[2], page.pattern)
        found.append(
            Violation(
                "page-untested",
                page.urls_file,
                line,
                page.name,
                f'no test requests it: add a test that GETs reverse("{page.name}") (or its path) and checks '
                "what the page shows",
            )
        )
    return found


def _line_of_name(urls_file: Path, name: str, pattern: URLPattern) -> int:
    if urls_file.is_file():
        for number, line in enumerate(urls_file.read_text().splitlines(), 1):
            if re.search(rf"name=[\"']{re.escape(name)}[\"']", line):
                return number
    try:
        return inspect.getsourcelines(pattern.callback)[1]
    except (OSError, TypeError):
        return 1


def module_graph() -> dict[str, set[str]]:
    """Each module of our apps (no tests, no migrations) → the modules of ours it imports at run time."""
    files = {module_name(path): path for app in app_dirs() for path in source_files(app)}

    def owner(name: str) -> str | None:  # `from x import y` names y, a module or a name inside x
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        found = {owner(m) for _line, m in imported_modules(path, parsed(path), skip_type_checking=True)}
        graph[name] = {m for m in found if m and m != name}
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one node, iteratively (the graph has ~550 modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def violations_cross_app_cycle() -> list[Violation]:
    found = []
    for component in strongly_connected(module_graph()):
        apps = sorted({name.split(".")[1] for name in component})
        if len(apps) > 1:
            first = ROOT / component[0].replace(".", "/")
            found.append(
                Violation(
                    "cross-app-import-cycle",
                    first.with_suffix(".py") if first.with_suffix(".py").is_file() else first / "__init__.py",
                    1,
                    " ".join(apps),
                    f"these modules import each other in a circle: {', '.join(component)} — move the shared "
                    "piece down a floor (docs/architecture.md), do not hide the import inside a function",
                )
            )
    return found


SCRIPT_FOLDERS = ("bench", "scripts")


def violations_script_shadows_stdlib() -> list[Violation]:
    found = []
    for folder in SCRIPT_FOLDERS:
        for path in sorted((ROOT / folder).glob("*.py")):
            if path.stem in sys.stdlib_module_names:
                found.append(
                    Violation(
                        "script-shadows-stdlib",
                        path,
                        1,
                        path.stem,
                        f"a script run from {folder}/ would import it instead of the standard library's "
                        f"`{path.stem}`: rename it (e.g. after its app)",
                    )
                )
    return found


RULES = {
    "action-signature": violations_action_signature,
    "layer-writes": violations_layer_writes,
    "core-imports-domain": violations_core_imports,
    "selector-imports-action": violations_selector_imports,
    "mypy-whole-package": violations_mypy_whole_package,
    "action-untested": violations_action_untested,
    "page-untested": violations_page_untested,
    "cross-app-import-cycle": violations_cross_app_cycle,
    "script-shadows-stdlib": violations_script_shadows_stdlib,
}


# ---------------------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("rule", RULES)
def test_the_code_follows_the_convention(rule):
    new = [v for v in RULES[rule]() if v.key not in KNOWN_VIOLATIONS]

    assert not new, f"{len(new)} violation(s) of {rule}:\n" + "\n".join(str(v) for v in new)


def test_known_violations_are_still_violations():
    current = {v.key for rule in RULES.values() for v in rule()}
    fixed = sorted(KNOWN_VIOLATIONS - current)

    listing = "\n".join(map(str, fixed))
    assert not fixed, f"no longer violated — delete these from KNOWN_VIOLATIONS in this file:\n{listing}"


def test_known_violations_name_real_rules():
    assert {rule for rule, _file, _symbol in KNOWN_VIOLATIONS} <= set(RULES)


def test_apps_are_discovered_from_the_package_and_all_installed():
    installed = {
        name.removeprefix("hromada.") for name in settings.INSTALLED_APPS if name.startswith("hromada.")
    }

    assert {app.name for app in app_dirs()} == installed
    assert {"core", "ledger", "territory", "portal"} <= installed


# The checks themselves, on small sources: each finds what it is for and nothing else.


def _violations(check, source: str, *extra) -> list[str]:
    path = PACKAGE / "example" / "views.py"
    return [v.symbol for v in check(path, ast.parse(source), *extra)]


def test_the_action_check_wants_keyword_only_typed_documented_functions():
    source = '''
def good(*, a: int) -> None:
    """Docs."""
def positional(a: int) -> None:
    """Docs."""
def untyped(*, a) -> None:
    """Docs."""
def no_return(*, a: int):
    """Docs."""
def undocumented(*, a: int) -> None:
    pass
def _private(a):
    pass
'''
    assert _violations(check_action_signature, source) == [
        "positional",
        "untyped",
        "no_return",
        "undocumented",
    ]


def test_the_write_check_finds_orm_writes_and_ignores_lookalikes():
    source = """
def view(request, petition, form):
    petition.save()
    Petition.objects.filter(pk=1).update(title="x")
    Petition.objects.create(title="x")
    petition.delete()
    Petition.objects.get_or_create(title="x")
    Petition.objects.bulk_create(rows)
    context.update({"a": 1})
    image.save(out, "PNG")
    return router.delete("/path")
"""
    assert _violations(check_layer_writes, source) == [
        "view: .save()",
        "view: .update()",
        "view: .create()",
        "view: .delete()",
        "view: .get_or_create()",
        "view: .bulk_create()",
    ]


def test_the_import_checks_resolve_relative_imports_and_skip_type_checking_only_for_core():
    path = PACKAGE / "core" / "selectors.py"
    source = """
from typing import TYPE_CHECKING
from hromada.accounts.models import User
from ..petitions import actions
from .actions import notification_mark_read
if TYPE_CHECKING:
    from hromada.budget.models import Cycle
def later():
    import hromada.portal.views
"""
    tree = ast.parse(source)

    core = [v.symbol for v in check_core_imports(path, tree, ["accounts", "petitions", "budget", "portal"])]
    selectors = [v.symbol for v in check_selector_imports(path, tree)]

    assert core == ["hromada.accounts.models", "hromada.petitions.actions", "hromada.portal.views"]
    assert selectors == ["hromada.petitions.actions", "hromada.core.actions"]


def test_the_cycle_check_finds_a_circle_through_two_apps_and_only_circles():
    graph = {
        "hromada.a.x": {"hromada.b.y"},
        "hromada.b.y": {"hromada.b.z"},
        "hromada.b.z": {"hromada.a.x"},
        "hromada.c.p": {"hromada.a.x"},
        "hromada.c.q": {"hromada.c.p"},
    }

    assert strongly_connected(graph) == [["hromada.a.x", "hromada.b.y", "hromada.b.z"]]
    assert strongly_connected({**graph, "hromada.b.z": set()}) == []


def test_an_actions_package_is_allowlisted_under_its_actions_py():
    assert _module_file(PACKAGE / "petitions" / "actions" / "signing.py") == "hromada/petitions/actions.py"
    assert _module_file(PACKAGE / "petitions" / "actions.py") == "hromada/petitions/actions.py"
    assert _module_file(PACKAGE / "petitions" / "views.py") == "hromada/petitions/views.py"


def test_pages_are_discovered_from_the_url_configuration_and_reached_by_paths():
    names = {page.name for page in pages()}

    assert {"healthz", "portal:institutions", "petitions:list", "accounts:login"} <= names
    assert not any(name.startswith("api") for name in names)  # the JSON API is django-ninja's, not a page
    assert "portal:institution" in _pages_reached_by_paths()  # f"/institutions/{pk}/" in the tests

"""Every kind of log entry the code can append has a label residents read (``hromada/ledger/kinds.py``).

The kinds are found in the source, not listed by hand: calls of ``ledger_append(kind=…)``,
``EntryDraft(kind=…)`` and ``audit_record(verb=…)`` (as ``audit.<verb>``), and of every helper of an app that
passes one of its own parameters on as that kind (``petitions/actions/_common.py::_log(petition, event)``
appends ``petition.<event>``), with the constant texts (and ``a if … else b``) each call passes. A kind
built in a way this walk cannot read fails the test, unless it is one of ``DYNAMIC`` with its own test.
"""

from __future__ import annotations

import ast
import functools
import importlib
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from hromada.backoffice.site import back_office
from hromada.ledger.kinds import ledger_kind_label

ROOT = Path(__file__).resolve().parent.parent / "hromada"

# Where the sinks themselves are defined: their bodies pass their parameters on by design.
DEFINITIONS = {"ledger/actions.py", "ledger/audit.py"}

# (file, function) whose kind is built from a model's name: the back office's generic audit entries,
# ``audit.<model>.<event>``, labelled from the model (test_every_back_office_model_has_audit_labels).
DYNAMIC = {("backoffice/options.py", "_audit")}


@dataclass(frozen=True)
class Sink:
    """A function whose argument ``param`` (keyword, or positional ``index``) becomes ``prefix + value``."""

    param: str
    index: int | None
    prefix: str


GLOBAL_SINKS = {
    "ledger_append": Sink("kind", None, ""),
    "EntryDraft": Sink("kind", 0, ""),
    "audit_record": Sink("verb", None, "audit."),
}


@dataclass(frozen=True)
class Param:
    name: str
    prefix: str


class Unreadable(Exception):
    pass


def _sources() -> dict[str, ast.Module]:
    trees = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in DEFINITIONS:
            continue
        trees[relative] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return trees


def _functions(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _params(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _resolve(expr: ast.expr, function, prefix: str) -> list[str | Param]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [prefix + expr.value]
    if isinstance(expr, ast.IfExp):
        return _resolve(expr.body, function, prefix) + _resolve(expr.orelse, function, prefix)
    if isinstance(expr, ast.Attribute) and expr.attr == "kind":
        return []  # an EntryDraft's kind passed on: counted where the draft is made
    if isinstance(expr, ast.Attribute):  # a constant such as Project.Status.ADMITTED
        value = _evaluate(expr)
        if isinstance(value, str):
            return [prefix + str(value)]
    if isinstance(expr, ast.JoinedStr):
        parts = expr.values
        if (
            len(parts) == 2
            and isinstance(parts[0], ast.Constant)
            and isinstance(parts[1], ast.FormattedValue)
            and isinstance(parts[1].value, ast.Name)
        ):
            return _resolve(parts[1].value, function, prefix + parts[0].value)
        raise Unreadable
    if isinstance(expr, ast.Name) and function is not None:
        all_params = [
            a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
        ]
        if expr.id in all_params:
            return [Param(expr.id, prefix)]
        values: list[str | Param] = []
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
            ):
                values += _resolve(node.value, function, prefix)
        if values:
            return values
    raise Unreadable


_module_name: list[str] = [""]


def _evaluate(expr: ast.expr) -> object:
    """A dotted constant's value, looked up in the module being read."""
    module = importlib.import_module(_module_name[0])
    try:
        return eval(compile(ast.Expression(expr), "<kind>", "eval"), vars(module))  # noqa: S307
    except (NameError, AttributeError):
        raise Unreadable from None


def _calls(tree: ast.Module):
    """(call, enclosing function or None) for every call in the module."""
    for function in _functions(tree):
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                yield node, function
    # Module-level calls (outside any function) too.
    inside = {id(n) for f in _functions(tree) for n in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in inside:
            yield node, None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, sink: Sink) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == sink.param:
            return keyword.value
    if sink.index is not None and len(call.args) > sink.index:
        return call.args[sink.index]
    return None


@functools.cache
def appended_kinds() -> tuple[dict[str, list[str]], list[str]]:
    """{kind: [file:line, …]} the code can append, and the places whose kind this walk cannot read (walked
    once per run: the tests only read the answer)."""
    trees = _sources()
    app_of = {name: name.split("/")[0] for name in trees}
    app_sinks: dict[str, dict[str, Sink]] = {app: dict(GLOBAL_SINKS) for app in set(app_of.values())}
    while True:  # find the helpers that pass their parameter on, until no new one turns up
        kinds: dict[str, list[str]] = {}
        unreadable: list[str] = []
        found = False
        for name, tree in trees.items():
            sinks = app_sinks[app_of[name]]
            _module_name[0] = "hromada." + name.removesuffix(".py").removesuffix("/__init__").replace(
                "/", "."
            )
            for call, function in _calls(tree):
                sink = sinks.get(_called_name(call) or "")
                if sink is None:
                    continue
                argument = _argument(call, sink)
                if argument is None:
                    continue
                where = f"{name}:{call.lineno}"
                try:
                    values = _resolve(argument, function, sink.prefix)
                except Unreadable:
                    if function is None or (name, function.name) not in DYNAMIC:
                        unreadable.append(where)
                    continue
                for value in values:
                    if isinstance(value, Param):
                        assert function is not None
                        params = _params(function)
                        index = params.index(value.name) if value.name in params else None
                        wrapper = Sink(value.name, index, value.prefix)
                        if sinks.get(function.name) != wrapper:
                            sinks[function.name] = wrapper
                            found = True
                    else:
                        kinds.setdefault(value, []).append(where)
        if not found:
            return kinds, unreadable


def test_the_walk_finds_the_kinds_of_every_appending_app():
    kinds, unreadable = appended_kinds()

    assert unreadable == [], (
        f"kinds this test cannot read (make them constants, or see DYNAMIC): {unreadable}"
    )
    # Straight calls, helpers with a prefix (petitions' _log/_entry), audit verbs, local variables.
    assert {
        "petition.signed",
        "budget.ballot.cast",
        "audit.person.verified",
        "audit.person.reactivated",
    } <= set(kinds)
    assert {"audit.comment.hidden", "audit.budget_rules.changed", "audit.budget_project.rejected"} <= set(
        kinds
    )


def test_every_appended_kind_has_a_label_in_both_languages():
    kinds, _unreadable = appended_kinds()

    missing = {}
    for language in ("uk", "en"):
        with translation.override(language):
            for kind, places in sorted(kinds.items()):
                label = ledger_kind_label(kind)
                if not label or label == kind:
                    missing[kind] = places
    assert missing == {}, (
        "ledger kinds without a label: register them in the app's ledger_kinds.py "
        f"(hromada/ledger/kinds.py): {missing}"
    )


def test_every_back_office_model_has_audit_labels():
    with translation.override("uk"):
        for model in back_office._registry:
            for event in ("created", "changed", "deleted"):
                kind = f"audit.{model._meta.model_name}.{event}"
                assert ledger_kind_label(kind), kind


def test_an_unregistered_kind_has_no_label():
    assert ledger_kind_label("nobody.registered_this") is None
    assert ledger_kind_label("audit.no_such_model.changed") is None

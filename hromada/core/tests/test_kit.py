"""The module kit: one register_app() per app mounts its pages and router (core/kit.py)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch

from hromada.core import kit
from hromada.core.kit import Urls, register_app, web_mounts

PACKAGE = Path(__file__).resolve().parents[2]


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            found += _named_patterns(item, f"{namespace}{item.namespace}:" if item.namespace else namespace)
        elif item.name:
            found.append((namespace + item.name, item))
    return found


def test_every_named_page_resolves_back_to_itself_so_no_mount_shadows_another():
    shadowed = []
    for name, pattern in _named_patterns(get_resolver()):
        if name.startswith("api-1:"):
            continue  # ninja names each method of one path; the path's view dispatches them
        arguments = [1] * len(pattern.pattern.regex.groupindex) if pattern.pattern.regex.groupindex else []
        try:
            url = reverse(name, args=arguments)
        except NoReverseMatch:
            continue  # a pattern whose arguments are not numbers (slugs, tokens) is reached elsewhere
        if resolve(url).func is not pattern.callback:
            shadowed.append(f"{name} → {url} → {resolve(url).view_name}")

    assert shadowed == []
    assert reverse("petitions:list") == "/petitions/" and reverse("portal:home") == "/"
    assert reverse("ledger_machine:checkpoint") == "/ledger/checkpoint"


def test_the_portal_catch_all_is_mounted_last_and_deeper_prefixes_first():
    prefixes = [str(p.pattern) for p in web_mounts(i18n=True)]

    assert prefixes[-1] == ""
    assert prefixes.index("accounts/oidc/") < prefixes.index("accounts/")
    assert [str(p.pattern) for p in web_mounts(i18n=False)] == [
        "api/3/action/",
        "api/action/",
        "bot/telegram/",
        "open311/v2/",
        "dataset/",
        "ledger/",
        "catalog.",
    ]


def test_every_app_mounts_its_router_in_the_api_in_a_stable_order(client, hromada):
    paths = list(client.get("/api/v1/openapi.json").json()["paths"])
    mounted = [r.prefix for r in sorted(kit.registered_api(), key=lambda r: (r.order, r.prefix))]

    assert mounted[:5] == ["", "", "/ledger", "/petitions", "/budget"]  # then new modules (order 100)
    # The document lists the paths router by router, in that order (as hromada/api.py added them by hand).
    firsts = [
        paths.index(p)
        for p in (
            "/api/v1/institutions",
            "/api/v1/me",
            "/api/v1/ledger",
            "/api/v1/petitions",
            "/api/v1/budget/cycles",
        )
    ]
    assert firsts == sorted(firsts)


def test_a_second_app_cannot_take_a_mounted_prefix(monkeypatch):
    monkeypatch.setattr(kit, "_web", dict(kit._web))
    intruder = apps.get_app_config("territory")

    with pytest.raises(ValueError, match="petitions/"):
        register_app(intruder, urls=[Urls("petitions/", "hromada.territory.urls")])


def test_each_app_registers_once_from_its_ready():
    """An app that adds to the platform does it through one register_app() call in AppConfig.ready()."""
    calls = {}
    for apps_py in sorted(PACKAGE.glob("*/apps.py")):
        tree = ast.parse(apps_py.read_text())
        ready = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "ready"]
        calls[apps_py.parent.name] = sum(
            isinstance(n, ast.Call) and getattr(n.func, "id", None) == "register_app"
            for r in ready
            for n in ast.walk(r)
        )

    assert {app: n for app, n in calls.items() if n > 1} == {}
    assert {app for app, n in calls.items() if n == 0} <= {"territory"}  # territory adds nothing yet


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("json", "standard-library"),
        ("petitions", "already exists"),
        ("New-Module", "lower-case"),
        ("class", "keyword"),
        ("tests", "reserved"),
        ("operations", "docs/operations.md already exists"),
    ],
)
def test_startmodule_refuses_a_name_that_would_clash(name, why):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=why):
        call_command("startmodule", name)

    assert (PACKAGE / name).exists() == (name in {"petitions"})


def test_the_module_template_holds_no_file_the_tools_would_mistake_for_ours():
    """Template files end in -tpl, so ruff, mypy, pytest and makemessages never read the skeleton itself."""
    files = [p for p in (PACKAGE / "core" / "module_template").rglob("*") if p.is_file()]

    assert files and all(p.name.endswith("-tpl") for p in files)


def test_the_skeleton_stays_within_the_line_length_for_the_longest_names():
    from hromada.core.management.commands.startmodule import render

    longest = {"module": "m" * 30, "Module": "M" * 30, "title": "t" * 40, "title_uk": "т" * 40}
    too_long = [
        f"{path.name}:{number}"
        for path in (PACKAGE / "core" / "module_template").rglob("*.py-tpl")
        for number, line in enumerate(render(path.read_text(), longest).splitlines(), 1)
        if len(line) > 110
    ]

    assert too_long == []

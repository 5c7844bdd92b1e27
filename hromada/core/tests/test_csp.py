"""The Content-Security-Policy forbids inline scripts and inline styles, and nothing of ours needs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hromada

PACKAGE = Path(hromada.__file__).parent
# Our own templates and scripts; vendored libraries (static/vendor/) are judged in the browser test.
TEMPLATES = sorted(p for p in PACKAGE.rglob("templates/**/*.html"))
SCRIPTS = sorted(p for p in PACKAGE.rglob("static/**/*.js") if "vendor" not in p.parts)
INLINE_STYLE = re.compile(r"""<style\b|\sstyle\s*=""", re.IGNORECASE)
SCRIPT_STYLE = re.compile(r"""\.style\b|\.cssText\b|setAttribute\(\s*["']style|insertRule\(""")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/accounts/login/", "/institutions/"])
def test_pages_are_served_with_a_policy_that_forbids_inline_styles_and_scripts(client, hromada, path):
    response = client.get(path)

    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_no_template_has_a_style_attribute_or_a_style_block():
    assert len(TEMPLATES) > 50  # the glob found the templates
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE_STYLE.search(line)
    ]
    assert not offenders, "inline styles (move them to a class in site.css):\n" + "\n".join(offenders)


def test_our_scripts_set_no_inline_styles():
    assert SCRIPTS
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in SCRIPTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SCRIPT_STYLE.search(line)
    ]
    assert not offenders, "scripts setting styles (toggle a class instead):\n" + "\n".join(offenders)


@pytest.mark.django_db
def test_pages_link_the_favicon_and_the_old_favicon_path_leads_to_it(client, hromada):
    page = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)

    assert any(href.endswith(".svg") for href in icons) and any(href.endswith(".png") for href in icons)
    for href in icons:
        assert client.get(href).status_code == 200, href
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 301 and legacy["Location"].endswith(".png")

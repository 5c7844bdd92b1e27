"""`hromada startmodule NAME`: a new module that passes the project's convention tests on creation.

Copies ``hromada/core/module_template/`` into ``hromada/NAME/`` (and its page into ``docs/NAME.md``),
filling in the name and titles, compiles the module's Ukrainian catalogue, formats the code with ruff and
writes its first migration.
Settings discover the new app (``hromada/settings.py``, ``MODULE_APPS``): no shared file is edited.
docs/new-module.md explains every file and what to do next.
"""

from __future__ import annotations

import keyword
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

PACKAGE = Path(__file__).resolve().parents[3]  # hromada/
TEMPLATE = PACKAGE / "core" / "module_template"
NAME = re.compile(r"[a-z][a-z0-9]{1,29}")
# Directories of the package that are no app, and names that would confuse imports or URLs.
RESERVED = {"api", "docs", "locale", "static", "templates", "tests", "hromada", "admin", "media", "i18n"}


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a new module's name, or None."""
    if not NAME.fullmatch(name):
        return "use 2-30 lower-case letters or digits, starting with a letter (it is the app label)"
    if keyword.iskeyword(name) or name in sys.stdlib_module_names:
        return "it shadows a Python keyword or standard-library module"
    if name in RESERVED:
        return "it is reserved"
    if (PACKAGE / name).exists() or (PACKAGE / f"{name}.py").exists():
        return f"hromada/{name} already exists"
    if (PACKAGE.parent / "docs" / f"{name}.md").exists():
        return f"docs/{name}.md already exists (the module's page would replace it)"
    if any(config.label == name for config in apps.get_app_configs()):
        return "an installed app already has this label"
    return None


def render(text: str, values: dict[str, str]) -> str:
    for token, value in values.items():
        text = text.replace("{{" + token + "}}", value)
    return text


class Command(BaseCommand):
    help = "Create hromada/NAME/, a module skeleton that passes the convention tests (docs/new-module.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the app label and package name, e.g. services")
        parser.add_argument("--title", help="the module's English name (default: the name, capitalised)")
        parser.add_argument("--title-uk", help="its Ukrainian name (default: the English one; translate it)")
        parser.add_argument(
            "--no-migration", action="store_true", help="do not run makemigrations for the new app"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["name"]
        if not (PACKAGE.parent / "pyproject.toml").is_file():
            raise CommandError(
                "run startmodule in a checkout of the repository (it writes hromada/NAME/ there)"
            )
        problem = name_problem(name)
        if problem:
            raise CommandError(f"cannot create the module {name!r}: {problem}")
        title = options["title"] or name.capitalize()
        values = {
            "module": name,
            "Module": name.capitalize(),
            "title": title,
            "title_uk": options["title_uk"] or title,
        }
        if (
            any(ch in title + values["title_uk"] for ch in '"\\{}%')
            or max(map(len, (title, values["title_uk"]))) > 40
        ):
            raise CommandError(
                "titles: at most 40 characters, no quotes, backslashes, braces or percent signs"
            )
        target = PACKAGE / name
        docs = PACKAGE.parent / "docs"
        created = self._copy(target, docs if docs.is_dir() else target, values)
        self._compile_catalogue(target)
        self._format(target)
        if not options["no_migration"]:
            self._migrate(name)
        self.stdout.write(
            f"Created hromada/{name}/ ({created} files)"
            + (" and docs/" + name + ".md" if docs.is_dir() else "")
        )
        self.stdout.write(
            "Next: read docs/new-module.md; run `make lint` and `scripts/pytest hromada/"
            + name
            + "`; after changing strings run `scripts/messages` and translate the new entries."
        )

    def _copy(self, target: Path, docs: Path, values: dict[str, str]) -> int:
        count = 0
        try:
            for source in sorted(TEMPLATE.rglob("*-tpl")):
                relative = source.relative_to(TEMPLATE).as_posix().removesuffix("-tpl")
                if relative == "docs/module.md":
                    destination = docs / f"{values['module']}.md"
                else:
                    destination = target / relative.replace("__module__", values["module"])
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_text(render(source.read_text(), values))
                count += 1
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return count

    def _compile_catalogue(self, target: Path) -> None:
        po = target / "locale" / "uk" / "LC_MESSAGES" / "django.po"
        try:
            subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            self.stderr.write(f"Could not compile {po} ({error}); run `scripts/messages` (needs gettext).")

    def _format(self, target: Path) -> None:
        # The skeleton's lines break where the longest names need it; the formatter joins what then fits.
        ruff = Path(sys.executable).with_name("ruff")
        command = str(ruff) if ruff.exists() else shutil.which("ruff")
        if command is None:
            self.stderr.write("ruff was not found; run `ruff format` on the new module before committing.")
            return
        subprocess.run([command, "format", "--quiet", str(target)], check=True)

    def _migrate(self, name: str) -> None:
        # A fresh process: this one's settings were read before the app existed (settings discover it).
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")]),
        }
        result = subprocess.run(
            [sys.executable, "-m", "hromada", "makemigrations", name, "--name", "initial"],
            cwd=PACKAGE.parent,
            env=environment,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            self.stderr.write(result.stdout + result.stderr)
            raise CommandError(
                f"makemigrations failed; fix the error above, then run `hromada makemigrations {name}`"
            )

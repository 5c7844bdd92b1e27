"""Where installed modules keep their help articles (``register_app(help="help")``, core/kit.py).

Each source is a folder inside the app, ``<folder>/<language>/<name>.md`` (Markdown with a short header);
the help centre (``hromada.help``) loads them into its database, where officials may edit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HelpSource:
    """The help articles the app ``app`` ships, in ``folder`` (``folder/uk/*.md``, ``folder/en/*.md``)."""

    app: str
    folder: Path


_help_sources: dict[str, HelpSource] = {}


def register_help_source(source: HelpSource) -> None:
    existing = _help_sources.get(source.app)
    if existing is not None and existing != source:
        raise ValueError(f"The app {source.app!r} already registered its help articles in {existing.folder}.")
    _help_sources[source.app] = source


def help_sources() -> list[HelpSource]:
    """Every registered source, by app label."""
    return sorted(_help_sources.values(), key=lambda s: s.app)

"""The articles every installed module ships (``register_app(help="help")``), read once per process."""

from __future__ import annotations

from functools import cache

from hromada.core.helpsources import help_sources

from .articles import ShippedArticle, read_folder


@cache
def shipped_articles() -> dict[str, ShippedArticle]:
    """Every shipped article by its key (``<app>/<name>``); the files do not change while the process runs."""
    found: dict[str, ShippedArticle] = {}
    for source in help_sources():
        for article in read_folder(source.app, source.folder):
            found[article.key] = article
    return found

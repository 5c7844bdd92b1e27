"""Markdown to safe HTML for help articles (pure: no Django import).

CommonMark without raw HTML: a ``<script>`` or ``<img onerror=…>`` in the text is shown as text, never
as markup. Links and images are rewritten through the caller's ``resolve`` callback:

- ``page:<url name>`` (``page:petitions:list``) — a page of the site, reversed by the caller; a name that
  does not resolve leaves the link text without a link (a help text never links to a missing page);
- ``help:<app>/<name>`` — another help article;
- ``static:<path>`` — an image shipped in static files (screenshots);
- ``https://…``, ``http://…``, ``mailto:``, ``tel:`` and ``#anchors`` are kept; every other scheme
  (``javascript:``, ``data:``, ``vbscript:``, …) loses its link.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

Resolve = Callable[[str, str], str | None]  # (kind, target) → URL, or None when there is no such thing
_KEPT = ("https://", "http://", "mailto:", "tel:", "#")
_KINDS = ("page", "help", "static")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("html_block").disable("html_inline")
    return md


_MD = _parser()


def _target(url: str, resolve: Resolve) -> str | None:
    kind, separator, rest = url.partition(":")
    if separator and kind in _KINDS:
        return resolve(kind, rest)
    if url.lower().startswith(_KEPT):
        return url
    return None


def _rewrite(tokens: list[Token], resolve: Resolve) -> list[Token]:
    out: list[Token] = []
    dropped = 0  # link_open tokens whose link was dropped, so their link_close is dropped too
    for token in tokens:
        if token.children:
            token.children = _rewrite(token.children, resolve)
        if token.type == "link_open":
            url = _target(str(token.attrGet("href") or ""), resolve)
            if url is None:
                dropped += 1
                out.append(Token("html_inline", "", 0, content='<span class="help-dead-link">'))
                continue
            token.attrSet("href", url)
            if url.startswith(("https://", "http://")):
                token.attrSet("rel", "noopener noreferrer")
        elif token.type == "link_close" and dropped:
            dropped -= 1
            out.append(Token("html_inline", "", 0, content="</span>"))
            continue
        elif token.type == "image":
            url = _target(str(token.attrGet("src") or ""), resolve)
            if url is None or not url.startswith("/"):
                text = Token("text", "", 0, content=token.content)
                out.append(text)
                continue
            token.attrSet("src", url)
            token.attrSet("loading", "lazy")
        out.append(token)
    return out


def render_markdown(text: str, *, resolve: Resolve) -> str:
    """Safe HTML for ``text`` (raw HTML escaped; links and images through ``resolve``)."""
    env: dict[str, object] = {}
    tokens = _rewrite(_MD.parse(text, env), resolve)
    return _MD.renderer.render(tokens, _MD.options, env)


def references(text: str) -> list[tuple[str, str]]:
    """Every ``(kind, target)`` of the ``page:``, ``help:`` and ``static:`` links and images in ``text``."""
    found: list[tuple[str, str]] = []

    def collect(kind: str, target: str) -> str | None:
        found.append((kind, target))
        return None

    render_markdown(text, resolve=collect)
    return found

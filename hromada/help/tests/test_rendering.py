"""Markdown is rendered safely: no raw HTML, no script, no dangerous link (rendering.py is pure)."""

from hromada.help.rendering import references, render_markdown


def _resolve(kind: str, target: str) -> str | None:
    return {
        "page": {"petitions:list": "/petitions/"},
        "help": {"budget/take-part": "/guide/budget/take-part/"},
        "static": {"help/x.webp": "/static/help/x.webp"},
    }.get(kind, {}).get(target)


def test_raw_html_and_scripts_are_shown_as_text_never_as_markup():
    html = render_markdown(
        '<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)"> <b>bold</b>\n\n'
        '<iframe src="/"></iframe>',
        resolve=_resolve,
    )

    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dangerous_links_and_images_lose_their_target():
    html = render_markdown(
        "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) "
        "[d](vbscript:x) [e](//evil.example/) ![f](https://evil.example/track.png) "
        "![g](data:image/png;base64,AA==)",
        resolve=_resolve,
    )

    assert "<a " not in html and "<img" not in html and "href" not in html and "src=" not in html


def test_page_help_and_static_references_are_resolved_and_missing_ones_lose_the_link():
    html = render_markdown(
        "[list](page:petitions:list) [gone](page:nowhere:page) [guide](help:budget/take-part) "
        "[site](https://example.org) ![shot](static:help/x.webp)",
        resolve=_resolve,
    )

    assert '<a href="/petitions/">list</a>' in html
    assert '<span class="help-dead-link">gone</span>' in html and "nowhere" not in html
    assert '<a href="/guide/budget/take-part/">guide</a>' in html
    assert 'href="https://example.org" rel="noopener noreferrer"' in html
    assert '<img src="/static/help/x.webp" alt="shot" loading="lazy" />' in html


def test_references_lists_every_site_reference_of_a_text():
    assert references(
        "[a](page:petitions:list) ![b](static:help/x.webp) [c](help:a/b) [d](https://x.org)"
    ) == [
        ("page", "petitions:list"),
        ("static", "help/x.webp"),
        ("help", "a/b"),
    ]

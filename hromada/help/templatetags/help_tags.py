"""``{% help_link "petitions/sign" %}``: the "?" beside what an article explains; ``{{ article|help_body }}``:
the article's Markdown as safe HTML. Both read only."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.core.models import in_language

from ..models import HelpArticle
from ..rendering import render_markdown
from ..selectors import help_link_target
from ..shipped import shipped_articles

register = template.Library()


def resolve_reference(kind: str, target: str) -> str | None:
    """The URL of a ``page:``, ``help:`` or ``static:`` reference in an article, or None (no such thing)."""
    if kind == "page":
        try:
            return reverse(target)
        except NoReverseMatch:
            return None
    if kind == "help":
        if target not in shipped_articles():
            return None
        app, name = target.split("/", 1)
        return reverse("help:article", args=[app, name])
    if kind == "static" and target.startswith("help/") and ".." not in target:
        return static(target)
    return None


@register.filter
def help_body(article: HelpArticle) -> SafeString:
    """The article's text in the page language, rendered from Markdown without raw HTML."""
    text = in_language(article, "body", get_language())
    return mark_safe(render_markdown(text, resolve=resolve_reference))  # raw HTML is escaped by the renderer


@register.simple_tag(takes_context=True)
def help_link(context: template.Context, key: str) -> SafeString:
    """A small "?" link to the help article ``<app>/<name>``; nothing when this hromada has no such
    published article."""
    request = context.get("request")
    article = help_link_target(hromada=getattr(request, "hromada", None), key=key)
    if article is None:
        return mark_safe("")
    title = in_language(article, "title", get_language())
    return format_html(
        '<a class="help-link" href="{}" title="{}"><span aria-hidden="true">?</span>'
        '<span class="visually-hidden">{}</span></a>',
        article.get_absolute_url(),
        title,
        _("Help: %(title)s") % {"title": title},
    )

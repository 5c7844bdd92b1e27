from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hromada.core import registry
from hromada.core.models import in_language, shown_in_language
from hromada.core.text import has_cyrillic

register = template.Library()


@register.filter
def localized(obj: object, field: str) -> str:
    """`{{ article|localized:"title" }}`: the English variant on English pages when there is one."""
    return in_language(obj, field, get_language())


def _written_in(value: object, field: str | None) -> tuple[str, str]:
    """The text to show and its language: a field of an object in the page language (see
    `core.models.shown_in_language`), or a text as written (Ukrainian when it has Cyrillic letters)."""
    language = get_language() or settings.LANGUAGE_CODE
    if field is not None:
        return shown_in_language(value, field, language)
    text = "" if value is None else str(value)
    return text, settings.LANGUAGE_CODE if has_cyrillic(text) else language


def _foreign(value: object, field: str | None) -> tuple[str, str | None]:
    """The text and, when it is not in the page language, the language to mark it with."""
    text, language = _written_in(value, field)
    return text, None if language == (get_language() or settings.LANGUAGE_CODE) else language


@register.filter
def marked(value: object, field: str | None = None) -> SafeString:
    """`{{ article|marked:"title" }}`, `{{ petition.title|marked }}`: the text in the page language when it
    has one (officials' content with an English variant), else as written — inside `<span lang="uk">` when
    that is not the page language (WCAG 3.1.2). Residents' own texts and names are shown as written."""
    text, foreign = _foreign(value, field)
    if foreign is None:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', foreign, text)


@register.filter
def lang_attr(value: object, field: str | None = None) -> SafeString:
    """`<div{{ article|lang_attr:"body" }}>`: ` lang="uk"` on the element holding the text when the text
    shown (as `marked` picks it) is not in the page language, else nothing — for blocks, headings and
    options, where a `<span>` would not do."""
    _text, foreign = _foreign(value, field)
    return format_html(' lang="{}"', foreign) if foreign else mark_safe("")


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`{{ hours|get_item:day }}`: a dict's value for a key held in a variable (None when absent or when
    ``mapping`` is not a dict)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag(takes_context=True)
def detail_panels(context: template.Context, target: str, obj: object) -> str:
    """`{% detail_panels "petition" petition %}`: the blocks other modules add to this page."""
    request = context.get("request")
    return mark_safe("".join(panel.render(request, obj) for panel in registry.detail_panels(target)))

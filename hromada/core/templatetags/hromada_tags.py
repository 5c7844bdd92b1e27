from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hromada.core import registry
from hromada.core.models import in_language

register = template.Library()


@register.filter
def localized(obj: object, field: str) -> str:
    """`{{ article|localized:"title" }}`: the English variant on English pages when there is one."""
    return in_language(obj, field, get_language())


@register.simple_tag(takes_context=True)
def detail_panels(context: template.Context, target: str, obj: object) -> str:
    """`{% detail_panels "petition" petition %}`: the blocks other modules add to this page."""
    request = context.get("request")
    return mark_safe("".join(panel.render(request, obj) for panel in registry.detail_panels(target)))

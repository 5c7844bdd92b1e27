from django import template
from django.utils.translation import get_language

from hromada.core.models import in_language

register = template.Library()


@register.filter
def localized(obj: object, field: str) -> str:
    """`{{ article|localized:"title" }}`: the English variant on English pages when there is one."""
    return in_language(obj, field, get_language())

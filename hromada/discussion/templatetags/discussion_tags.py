from django import template

from hromada.core.text import short_name

register = template.Library()


@register.filter
def signed_as(person: object) -> str:
    """The name a comment is signed with in public (see ``core.text.short_name``)."""
    return short_name(getattr(person, "full_name", "") or "")

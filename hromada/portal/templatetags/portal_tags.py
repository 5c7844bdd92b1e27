from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

WEEKDAY_LABELS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]


@register.simple_tag
def weekday_labels() -> list:
    return WEEKDAY_LABELS

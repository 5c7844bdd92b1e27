"""``{{ petition.addressee|addressed_to }}``: "to <addressee>" as a sentence in the page language needs it.

Ukrainian puts the addressee in the genitive after «до» («до Виконавчого комітету …»): the addressee's
stored ``name_genitive`` is used; without it the phrase falls back to the label style «адресат: <name>»,
which needs no case. English pages say "to <English name>", or the Ukrainian name marked ``lang="uk"``.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.core.templatetags.hromada_tags import marked
from hromada.petitions.models import Addressee

register = template.Library()


@register.filter
def addressed_to(addressee: Addressee) -> SafeString:
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        if addressee.name_genitive:
            return format_html(_("to %(name)s") % {"name": "{}"}, addressee.name_genitive)
        return format_html(_("addressee: %(name)s") % {"name": "{}"}, addressee.name)
    return format_html(_("to %(name)s") % {"name": "{}"}, marked(addressee, "name"))

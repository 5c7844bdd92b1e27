"""Reads of the module: typed functions, always scoped by the hromada. Selectors never write and
never import actions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hromada.core.errors import NotFoundError
from hromada.core.models import Hromada

from .lifecycle import PUBLIC
from .models import Item


def items_public(*, hromada: Hromada) -> QuerySet[Item]:
    """The hromada's published and archived items, newest first."""
    return Item.objects.filter(hromada=hromada, status__in=[status.value for status in PUBLIC])


def item_public_get(*, hromada: Hromada, pk: int) -> Item:
    """A public item of this hromada; a draft, or another hromada's item, is not found."""
    item = items_public(hromada=hromada).filter(pk=pk).first()
    if item is None:
        raise NotFoundError(_("There is no such item."))
    return item

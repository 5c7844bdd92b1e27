"""Writes to items (the back office calls these too), in the shape of territory/actions.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append

from ..lifecycle import Status, transition_problem
from ..models import Item
from ..permissions import edits_items

if TYPE_CHECKING:
    from hromada.accounts.models import User


def _move(item: Item, target: Status) -> None:
    problem = transition_problem(item.status, target)
    ensure(problem is None, _("This item cannot be changed this way now."), code=problem)
    item.status = target


@transaction.atomic
def item_create(*, hromada: Hromada, title: str, by: User) -> Item:
    """An official drafts an item; nobody else sees it until it is published."""
    require(edits_items, by, hromada)
    title = title.strip()
    ensure(title, _("Give the item a title."), code="title_missing", field="title")
    # The database's unique constraint decides; this check only words the refusal.
    taken = Item.objects.filter(hromada=hromada, title=title).exists()
    ensure(not taken, _("An item with this title already exists."), code="title_taken", field="title")
    return Item.objects.create(hromada=hromada, title=title)


@transaction.atomic
def item_publish(*, item: Item, by: User) -> Item:
    """Make a draft public, and record that in the hromada's transparency log."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(edits_items, by, item.hromada)
    _move(item, Status.PUBLISHED)
    item.published_at = clock.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    ledger_append(
        hromada=item.hromada,
        kind="consultations.item_published",
        subject=item,
        payload={"title": item.title},
    )
    return item


@transaction.atomic
def item_archive(*, item: Item, by: User) -> Item:
    """Close a published item: it stays public, marked as archived."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(edits_items, by, item.hromada)
    _move(item, Status.ARCHIVED)
    item.save(update_fields=["status", "updated_at"])
    ledger_append(
        hromada=item.hromada,
        kind="consultations.item_archived",
        subject=item,
        payload={},
    )
    return item

"""What officials and residents can do with items: given / when / then, as in
petitions/tests/test_signing.py."""

import pytest

from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.ledger.models import PendingEntry
from tests.factories import make_official

from ..actions import item_archive, item_create, item_publish
from ..lifecycle import transition_problem
from ..models import Item, ItemStatus
from ..selectors import items_public
from .factories import ItemFactory, make_published_item

pytestmark = pytest.mark.django_db


def test_an_official_drafts_an_item_nobody_else_sees_yet(hromada, official):
    item = item_create(hromada=hromada, title="  Графік прийому  ", by=official)

    assert item.title == "Графік прийому" and item.status == ItemStatus.DRAFT
    assert list(items_public(hromada=hromada)) == []


def test_a_resident_may_not_draft_items(hromada, resident):
    with pytest.raises(PermissionDeniedError):
        item_create(hromada=hromada, title="Графік прийому", by=resident)

    assert not Item.objects.exists()


def test_a_second_item_with_the_same_title_is_refused_on_its_field(hromada, official):
    item_create(hromada=hromada, title="Графік прийому", by=official)

    with pytest.raises(ApplicationError) as refused:
        item_create(hromada=hromada, title="Графік прийому", by=official)

    assert refused.value.code == "title_taken" and "title" in refused.value.fields
    assert Item.objects.count() == 1


def test_publishing_makes_the_item_public_and_logs_it(hromada, official):
    item = item_create(hromada=hromada, title="Графік прийому", by=official)

    item_publish(item=item, by=official)

    assert list(items_public(hromada=hromada)) == [item]
    kind = "consultations.item_published"
    assert PendingEntry.objects.filter(hromada=hromada, kind=kind).count() == 1


def test_an_archived_item_stays_public_and_cannot_be_published_again(hromada, official):
    item = make_published_item(hromada)

    item_archive(item=item, by=official)
    with pytest.raises(ApplicationError) as refused:
        item_publish(item=item, by=official)

    item.refresh_from_db()
    assert item.status == ItemStatus.ARCHIVED and refused.value.code == "not_allowed"
    assert list(items_public(hromada=hromada)) == [item]


def test_an_official_of_another_hromada_may_not_publish_here(hromada, other_hromada):
    item = ItemFactory(hromada=hromada)

    with pytest.raises(PermissionDeniedError):
        item_publish(item=item, by=make_official(other_hromada))

    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_the_lifecycle_allows_only_its_transitions():
    assert transition_problem("draft", "published") is None
    assert transition_problem("published", "archived") is None
    assert transition_problem("draft", "archived") == "not_allowed"
    assert transition_problem("archived", "published") == "not_allowed"
    assert transition_problem("draft", "nonsense") == "unknown_status"

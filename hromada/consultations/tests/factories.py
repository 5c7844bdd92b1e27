"""Factories for the module's tests, in the project's one style (tests/factories.py): ``ItemFactory``
builds a plain draft row; ``make_published_item`` builds what a rule guards, through the real actions."""

from __future__ import annotations

import factory

from hromada.core.models import Hromada
from tests.factories import HromadaFactory, make_official

from ..actions import item_create, item_publish
from ..models import Item


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    hromada = factory.SubFactory(HromadaFactory)
    title = factory.Sequence(lambda n: f"Пункт {n}")


def make_published_item(hromada: Hromada, *, title: str = "Графік прийому громадян") -> Item:
    """A public item of ``hromada``, drafted and published by one of its officials."""
    official = make_official(hromada)
    return item_publish(item=item_create(hromada=hromada, title=title, by=official), by=official)

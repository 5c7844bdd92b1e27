"""Factories for the open-data portal's tests: a publisher row, and a synthetic dataset of any size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import factory

from hromada.core.datasets import Dataset, Field
from tests.factories import HromadaFactory

from ..models import Publisher


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher

    hromada = factory.SubFactory(HromadaFactory)
    key = "council"
    name = factory.Sequence(lambda n: f"Виконавчий комітет {n}")
    edrpou = factory.Sequence(lambda n: f"{40000000 + n:08d}")
    responsible = "Головний спеціаліст з відкритих даних"


def counting_dataset(rows: int, *, key: str = "test-counting", index: bool = True) -> Dataset:
    """A dataset of ``rows`` generated rows (nothing held in memory), with the primary key ``n``; keyset
    paging on it reads from an "index" (``rows_after``) unless ``index`` is false."""

    def generate(*, hromada: Any, start: int = 0) -> Iterator[dict[str, Any]]:
        for n in range(start + 1, rows + 1):
            yield {"n": n, "label": f"рядок {n}", "even": n % 2 == 0, "share": n / rows}

    return Dataset(
        key=key,
        title="Лічильник",
        description="Синтетичний набір для тестів",
        category="",
        tags=("test",),
        primary_key="n",
        rows=generate,
        rows_after=(lambda *, hromada, after: generate(hromada=hromada, start=int(after))) if index else None,
        count=lambda *, hromada: rows,
        fields=(
            Field("n", "integer", "n"),
            Field("label", "string", "label"),
            Field("even", "boolean", "even"),
            Field("share", "number", "share"),
        ),
    )

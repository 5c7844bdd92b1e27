"""Open datasets that modules publish: what a dataset is, and the one registry of them.

A module declares its datasets in its ``register_app(datasets=[...])`` call (``core.kit``); the open-data
portal (``hromada.opendata``) only reads :func:`datasets`. A dataset is metadata (its passport and a
Frictionless Table Schema) plus a function that streams its rows for one hromada, so files, previews and
the CKAN-compatible API all come from the live tables and are never stale.

    Dataset(
        key="petitions",
        title=_("Electronic petitions"),
        description=_("…"),
        category="petitions",          # the Resolution 835 item it fulfils (see docs/opendata.md)
        fields=(Field("id", "integer", _("Identifier")), Field("title", "string", _("Title")), …),
        rows=selectors.opendata_petitions,   # rows(hromada=…) → iterable of dicts, keys = field names
        primary_key="id",
        modified=selectors.opendata_modified,  # modified(hromada=…) → aware datetime | None
    )

No personal data goes into a dataset: ``hromada/opendata/tests/test_personal_data.py`` reads every
registered field and every generated row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

# Frictionless Table Schema field types the portal writes and checks.
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")
FREQUENCIES = ("continuous", "daily", "weekly", "monthly", "quarterly", "annual", "irregular")


@dataclass(frozen=True)
class Field:
    """One column: its name in files and the API, its Frictionless type, a title and a description."""

    name: str
    type: str
    title: str | Promise
    description: str | Promise = ""

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"Field {self.name!r}: unknown type {self.type!r} (one of {FIELD_TYPES}).")


Rows = Callable[..., Iterable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Dataset:
    """A dataset a module publishes for every hromada.

    ``rows(hromada=…)`` yields dicts keyed by the field names, ordered by ``primary_key`` when one is
    given; if ``rows_after`` is given, ``rows_after(hromada=…, after=value)`` yields the rows whose primary
    key is greater than ``value`` (keyset paging of the API's deep pages). ``modified(hromada=…)`` is the
    moment the data last changed (the passport's "last updated"), ``None`` when there are no rows.
    ``publisher`` names a publisher of the hromada (``opendata.Publisher.key``; "council" by default).
    """

    key: str
    title: str | Promise
    description: str | Promise
    fields: tuple[Field, ...]
    rows: Rows
    category: str = ""
    publisher: str = "council"
    licence: str = "CC-BY-4.0"
    frequency: str = "continuous"
    purpose: str | Promise = ""
    tags: tuple[str, ...] = ()
    primary_key: str | None = None
    rows_after: Rows | None = None
    modified: Callable[..., dt.datetime | None] | None = None
    count: Callable[..., int] | None = (
        None  # count(hromada=…): the number of rows, when cheaper than reading them
    )
    order: int = 100
    app: str = field(default="", compare=False)  # the registering app's label (set by register_app)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"Dataset {self.key!r} names a field twice.")
        if self.primary_key is not None and self.primary_key not in names:
            raise ValueError(f"Dataset {self.key!r}: the primary key {self.primary_key!r} is not a field.")
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"Dataset {self.key!r}: unknown frequency {self.frequency!r}.")

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def iter_rows(self, *, hromada: Any, after: Any = None) -> Iterator[dict[str, Any]]:
        """The rows as dicts with exactly the schema's fields, in order (missing values are ``None``).

        ``after`` (a primary key's value, as text or as itself): only the rows that follow the row with that
        key — read from the index by ``rows_after`` when the dataset gives one, otherwise by reading the
        rows and skipping up to that row (no rows when no row has that key)."""
        names = self.field_names
        for row in self.source_rows(hromada=hromada, after=after):
            yield {name: row.get(name) for name in names}

    def source_rows(self, *, hromada: Any, after: Any = None) -> Iterable[Mapping[str, Any]]:
        """The rows as the provider gives them (keys beyond the schema's, or a key missing, are possible):
        :meth:`iter_rows` without a new dict per row, for writers that pick the fields themselves."""
        if after is None or self.primary_key is None:
            return self.rows(hromada=hromada)
        if self.rows_after is not None:
            return self.rows_after(hromada=hromada, after=after)
        return _following(self.rows(hromada=hromada), self.primary_key, str(after))


def _following(rows: Iterable[Mapping[str, Any]], key: str, after: str) -> Iterator[Mapping[str, Any]]:
    found = False
    for row in rows:
        if found:
            yield row
        elif str(row.get(key)) == after:
            found = True


_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    existing = _datasets.get(dataset.key)
    if existing is not None and existing != dataset:
        raise ValueError(f"The dataset {dataset.key!r} is already registered by the app {existing.app!r}.")
    _datasets[dataset.key] = dataset


def unregister_dataset(key: str) -> None:
    """Remove a dataset (tests that register a synthetic one take it away again)."""
    _datasets.pop(key, None)


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda d: (d.order, d.key))


def dataset_get(key: str) -> Dataset | None:
    return _datasets.get(key)

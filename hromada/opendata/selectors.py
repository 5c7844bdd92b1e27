"""Reads of the open-data portal: the hromada's catalogue (the registered datasets with their publisher),
search with facets, one dataset, its rows. Always scoped by hromada; never writes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.datasets import Dataset, dataset_get, datasets
from hromada.core.errors import NotFoundError
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada

from .categories import FREQUENCIES, category_title, item_835
from .formats import FORMATS
from .models import Publisher

NAMESPACE = uuid.UUID("6f1f4f0e-8d1c-4b43-9a55-2f0b5a0c8d35")  # of this platform's dataset identifiers
LICENCES = {
    "CC-BY-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "ckan_id": "cc-by",
    },
}
LANGUAGES = ("uk", "en")


@dataclass(frozen=True)
class PublisherInfo:
    """Who publishes a dataset: a :class:`Publisher` row, or the hromada itself until one is named."""

    key: str
    name: str
    name_en: str
    edrpou: str
    responsible: str
    email: str
    created: dt.datetime
    hromada_katottg: str

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.hromada_katottg}/publisher/{self.key}"))

    def title(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name


def _publisher_info(hromada: Hromada, row: Publisher | None, key: str) -> PublisherInfo:
    if row is None:
        return PublisherInfo(
            key=key, name=hromada.name, name_en=hromada.name_en, edrpou="", responsible="",
            email=hromada.email, created=hromada.created_at, hromada_katottg=hromada.katottg,
        )  # fmt: skip
    return PublisherInfo(
        key=row.key, name=row.name, name_en=row.name_en, edrpou=row.edrpou, responsible=row.responsible,
        email=row.email, created=row.created_at, hromada_katottg=hromada.katottg,
    )  # fmt: skip


def publishers_of(*, hromada: Hromada) -> dict[str, PublisherInfo]:
    """The hromada's publishers by key; every key a dataset names is present (the hromada by default)."""
    rows = {p.key: p for p in Publisher.objects.filter(hromada=hromada)}
    keys = set(rows) | {d.publisher for d in datasets()}
    return {key: _publisher_info(hromada, rows.get(key), key) for key in sorted(keys)}


@dataclass
class Entry:
    """One registered dataset as the hromada publishes it."""

    dataset: Dataset
    hromada: Hromada
    publisher: PublisherInfo
    _modified: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.dataset.key

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.hromada.katottg}/dataset/{self.dataset.key}"))

    def resource_id(self, fmt: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.hromada.katottg}/dataset/{self.dataset.key}/{fmt}"))

    @property
    def formats(self) -> tuple[str, ...]:
        return FORMATS

    @property
    def title(self) -> str:
        return str(self.dataset.title)

    @property
    def description(self) -> str:
        return str(self.dataset.description)

    @property
    def category_title(self) -> str:
        return category_title(self.dataset.category) if self.dataset.category else ""

    @property
    def item_835(self) -> str:
        """The item of the Resolution 835 list it fulfils ("" when no source at hand names it)."""
        return item_835(self.dataset.category) if self.dataset.category else ""

    @property
    def frequency_label(self) -> str:
        return str(FREQUENCIES.get(self.dataset.frequency, self.dataset.frequency))

    @property
    def licence(self) -> dict[str, str]:
        code = self.dataset.licence
        return LICENCES.get(code, {"name": code, "title": code, "path": "", "ckan_id": code})

    @property
    def created(self) -> dt.datetime:
        """When the hromada began publishing it: when the portal started for the hromada."""
        return self.hromada.created_at

    @cached_property
    def data_modified(self) -> dt.datetime | None:
        """When its data last changed, as the provider tells it (``None``: it does not tell, or no rows)."""
        return self.dataset.modified(hromada=self.hromada) if self.dataset.modified else None

    @cached_property
    def modified(self) -> dt.datetime:
        """When its data last changed (the provider's answer), never earlier than its creation."""
        moment = self.data_modified
        return max(moment, self.created) if moment else self.created

    def search_text(self) -> str:
        words = [_dataset_text(self.dataset), self.publisher.name, self.publisher.name_en]
        return " ".join(words).casefold()

    def rows(self, *, after: Any = None) -> Iterator[dict[str, Any]]:
        return self.dataset.iter_rows(hromada=self.hromada, after=after)

    def source_rows(self) -> Iterable[Mapping[str, Any]]:
        """The rows as the provider yields them (the CSV writer picks the fields itself)."""
        return self.dataset.source_rows(hromada=self.hromada)


# id(dataset) → (the dataset, its text): kept by identity, not by the dataclass's hash, which hashes every
# field and so translates the lazy title and description at each look-up (a fifth of a package_search's
# CPU at 500 datasets). The dataset is held, so its id cannot be reused while it is here.
_TEXTS: dict[int, tuple[Dataset, str]] = {}


def _dataset_text(dataset: Dataset) -> str:
    """A dataset's searchable words in both languages (datasets are registered once: cached)."""
    cached = _TEXTS.get(id(dataset))
    if cached is not None and cached[0] is dataset:
        return cached[1]
    if len(_TEXTS) >= 4096:
        _TEXTS.clear()
    text = _words(dataset)
    _TEXTS[id(dataset)] = (dataset, text)
    return text


def _words(dataset: Dataset) -> str:
    words = [dataset.key, *dataset.tags]
    for language in LANGUAGES:
        with translation.override(language):
            words += [str(dataset.title), str(dataset.description)]
            words += [category_title(dataset.category)] if dataset.category else []
    return " ".join(words)


def catalogue(*, hromada: Hromada) -> list[Entry]:
    """Every dataset the hromada publishes, in the registry's order."""
    publishers = publishers_of(hromada=hromada)
    return [Entry(dataset=d, hromada=hromada, publisher=publishers[d.publisher]) for d in datasets()]


def entry_get(*, hromada: Hromada, name: str) -> Entry:
    """One dataset of the hromada by its name (or its identifier); :class:`NotFoundError` otherwise."""
    dataset = dataset_get(name)
    if dataset is None:
        dataset = next((e.dataset for e in catalogue(hromada=hromada) if e.id == name), None)
    if dataset is None:
        raise NotFoundError(_("There is no such dataset."), code="dataset_not_found")
    publishers = publishers_of(hromada=hromada)
    return Entry(dataset=dataset, hromada=hromada, publisher=publishers[dataset.publisher])


def resource_get(*, hromada: Hromada, resource_id: str) -> tuple[Entry, str]:
    """The dataset and format of a resource identifier (or ``<dataset>`` / ``<dataset>.<format>``)."""
    name, _dot, fmt = resource_id.partition(".")
    if dataset_get(name) is not None and (not fmt or fmt in FORMATS):
        return entry_get(hromada=hromada, name=name), fmt or "csv"
    for entry in catalogue(hromada=hromada):
        for fmt in entry.formats:
            if entry.resource_id(fmt) == resource_id:
                return entry, fmt
    raise NotFoundError(_("There is no such resource."), code="resource_not_found")


FACETS = ("publisher", "category", "format", "tag")


@dataclass(frozen=True)
class SearchResult:
    entries: list[Entry]  # every match, in order
    facets: dict[str, list[tuple[str, str, int]]]  # facet → [(value, label, count)], most frequent first


def _values(entry: Entry, facet: str) -> Sequence[str]:
    if facet == "publisher":
        return [entry.publisher.key]
    if facet == "category":
        return [entry.dataset.category] if entry.dataset.category else []
    if facet == "format":
        return [f.upper() for f in entry.formats]
    return list(entry.dataset.tags)


def _label(entries: list[Entry], facet: str, value: str) -> str:
    if facet == "publisher":
        return next((e.publisher.title() for e in entries if e.publisher.key == value), value)
    if facet == "category":
        return category_title(value)
    return value


def catalogue_search(
    *, hromada: Hromada, query: str = "", filters: Mapping[str, Sequence[str]] | None = None,
    entries: list[Entry] | None = None, with_facets: bool = True,
) -> SearchResult:  # fmt: skip
    """The datasets matching every word of ``query`` and every facet filter (``{"tag": ["бюджет"]}``: a
    dataset matches a facet when it has one of the values), with the facet counts of the matches (none
    when ``with_facets`` is false: the CKAN API counts its own)."""
    entries = catalogue(hromada=hromada) if entries is None else entries
    if filters and filters.get("format"):  # "csv" typed by hand finds what the "CSV" link finds
        filters = {**filters, "format": [value.upper() for value in filters["format"]]}
    words = query.casefold().split()
    found = []
    for entry in entries:
        if words:
            text = entry.search_text()
            if not all(word in text for word in words):
                continue
        if filters and not all(
            not wanted or set(wanted) & set(_values(entry, facet)) for facet, wanted in filters.items()
        ):
            continue
        found.append(entry)
    facets: dict[str, list[tuple[str, str, int]]] = {}
    for facet in FACETS if with_facets else ():
        counts = Counter(value for entry in found for value in _values(entry, facet))
        facets[facet] = [
            (value, _label(found, facet, value), count)
            for value, count in sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))
        ]
    return SearchResult(entries=found, facets=facets)


def cell_text(value: Any) -> str:
    """A value as the API's filters and the files' filters compare it: ``true``/``false``, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def rows_matching(
    rows: Iterable[Mapping[str, Any]], filters: Mapping[str, Sequence[str]]
) -> Iterator[Mapping[str, Any]]:
    """The rows whose every filtered field has one of the wanted values (compared as :func:`cell_text`)."""
    wanted = {name: set(values) for name, values in filters.items()}
    for row in rows:
        if all(cell_text(row.get(name)) in values for name, values in wanted.items()):
            yield row


def preview_rows(*, entry: Entry, limit: int = 10) -> list[dict[str, Any]]:
    """The first rows of a dataset, for its page."""
    rows = []
    for row in entry.rows():
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows


# ------------------------------------------------------------------- indicators (insight, issue 19)

# How old a dataset's data may be and still count as up to date, by its declared frequency.
UP_TO_DATE_DAYS = {"daily": 2, "weekly": 8, "monthly": 32, "quarterly": 93, "annual": 366}


def indicator_datasets_published(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """The number of datasets the hromada publishes (now)."""
    return float(len(catalogue(hromada=hromada)))


def indicator_datasets_up_to_date(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Datasets whose data changed within their declared frequency, as a percentage (live and irregular
    datasets count as up to date)."""
    entries = catalogue(hromada=hromada)
    return up_to_date_share([(e.dataset.frequency, e.modified) for e in entries], now=clock.now())


def up_to_date_share(datasets: Sequence[tuple[str, dt.datetime]], *, now: dt.datetime) -> float | None:
    """The percentage of ``(frequency, last change)`` pairs changed within their frequency (live and
    irregular ones count as up to date); None without datasets."""
    fresh = 0
    for frequency, modified in datasets:
        days = UP_TO_DATE_DAYS.get(frequency)
        fresh += days is None or modified >= now - dt.timedelta(days=days)
    return percent(fresh, len(datasets))

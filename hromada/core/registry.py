"""Where installed modules announce themselves: portal entry points, personal-cabinet sections, periodic
jobs, demo steps, their part of a person's data (the "my data" file and the erasure), what the site search
looks through, and blocks they add to other modules' pages.

Apps register in their AppConfig.ready(); the portal only reads these lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    icon: str = "grid"
    order: int = 100


@dataclass(frozen=True)
class CabinetSection:
    key: str
    title: str | Promise
    url_name: str
    order: int = 100
    # Returns a short status line for the cabinet overview (e.g. "2 unread"), or None.
    summary: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class PeriodicJob:
    """Work `hromada worker` runs every `every_seconds` (the tasks framework has no scheduler)."""

    key: str
    every_seconds: float
    run: Callable[[], object]


@dataclass(frozen=True)
class DemoStep:
    """A domain app's part of the demo: `load(hromada=..., progress=...)` brings its demo rows up to date.

    It runs inside the demo loader's transaction after the foundation's rows (people, districts,
    institutions) exist, must be idempotent (a second run writes nothing) and returns how many rows it
    created. Steps run in `order`, for every demo hromada.
    """

    key: str
    load: Callable[..., int]
    order: int = 100


@dataclass(frozen=True)
class PersonalData:
    """A module's part of what the platform keeps about a person: how to export it and how to erase it.

    ``export(person)`` returns JSON-ready data (read through the app's selectors; keys are stable English
    identifiers, labels translated in the active language); ``erase(person)`` removes or unlinks the rows
    inside the anonymisation transaction (through the app's actions), keeping what the law requires as
    anonymous records and never rewriting a ledger entry. ``covers`` names every foreign key to the person
    this section answers for, as the model attribute (``Signature.signer``): a test walks all models and
    fails on a foreign key to the user that no section covers.
    """

    key: str
    title: str | Promise
    export: Callable[[Any], object]
    erase: Callable[[Any], object]
    covers: tuple[Any, ...]
    order: int = 100


@dataclass(frozen=True)
class SearchHit:
    """One result of the site search, ready to show: texts already in the page's language."""

    title: str
    url: str
    snippet: str = ""
    meta: str = ""  # e.g. a status or a date, shown under the title


@dataclass(frozen=True)
class SearchSource:
    """A kind of content the site search looks through (petitions, news, …).

    ``find(hromada=..., query=...)`` returns the matching public rows of that hromada, best first, as a
    queryset (so counts and pages are done by the database); ``hit(row)`` turns one row into a
    :class:`SearchHit` in the active language. ``more_url(query)`` is the module's own filtered list.
    """

    key: str
    title: str | Promise
    find: Callable[..., Any]
    hit: Callable[[Any], SearchHit]
    more_url: Callable[[str], str] | None = None
    order: int = 100


@dataclass(frozen=True)
class DetailPanel:
    """A block another module adds to a page of a module below it (e.g. the debate under a petition),
    so the page's module needs no knowledge of it. ``render(request, obj)`` returns HTML."""

    key: str
    target: str  # e.g. "petition", "budget_project"
    render: Callable[[Any, Any], str]
    order: int = 100


_modules: dict[str, Module] = {}
_personal_data: dict[str, PersonalData] = {}
_demo_steps: dict[str, DemoStep] = {}
_periodic: dict[str, PeriodicJob] = {}
_sections: dict[str, CabinetSection] = {}
_search_sources: dict[str, SearchSource] = {}
_panels: dict[tuple[str, str], DetailPanel] = {}


def register_module(module: Module) -> None:
    _modules[module.key] = module


def register_cabinet_section(section: CabinetSection) -> None:
    _sections[section.key] = section


def modules() -> list[Module]:
    return sorted(_modules.values(), key=lambda m: (m.order, m.key))


def cabinet_sections() -> list[CabinetSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def register_periodic(job: PeriodicJob) -> None:
    _periodic[job.key] = job


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_periodic.values(), key=lambda j: j.key)


def register_demo_step(step: DemoStep) -> None:
    _demo_steps[step.key] = step


def demo_steps() -> list[DemoStep]:
    return sorted(_demo_steps.values(), key=lambda d: (d.order, d.key))


def register_personal_data(section: PersonalData) -> None:
    _personal_data[section.key] = section


def personal_data_sections() -> list[PersonalData]:
    return sorted(_personal_data.values(), key=lambda p: (p.order, p.key))


def personal_data_fields() -> dict[Any, str]:
    """Every foreign key to a person some section covers (the model field), with that section's key."""
    return {getattr(ref, "field", ref): p.key for p in personal_data_sections() for ref in p.covers}


def register_search_source(source: SearchSource) -> None:
    _search_sources[source.key] = source


def search_sources() -> list[SearchSource]:
    return sorted(_search_sources.values(), key=lambda s: (s.order, s.key))


def register_detail_panel(panel: DetailPanel) -> None:
    _panels[(panel.target, panel.key)] = panel


def detail_panels(target: str) -> list[DetailPanel]:
    return sorted((p for p in _panels.values() if p.target == target), key=lambda p: (p.order, p.key))

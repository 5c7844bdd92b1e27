"""What the demo loader writes, as plain frozen data (no Django import): one plan per hromada."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Verification = Literal["none", "email", "phone", "strong"]
StaffRole = Literal["operator", "administrator", "moderator", "official"]


@dataclass(frozen=True)
class DistrictSpec:
    key: str
    name: str
    name_en: str
    kind: str  # District.Kind value
    boundary: dict[str, Any]
    population: int
    settlement: str  # "м. Світлогірськ", "с. Калинівка": prefix of residents' addresses
    streets: tuple[str, ...]  # whole streets; residents live on them
    # The parts of streets split between districts, as lines of the district's street list
    # (territory/streets.py: "вул. Київська: 1-59"); added to `streets` in the list, nobody lives on them.
    split_streets: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    name: str
    name_en: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class InstitutionSpec:
    kind: str  # Institution.Kind value
    name: str
    short_name: str
    district: str  # DistrictSpec.key
    department: str  # DepartmentSpec.key, or "" for none
    address: str
    phone: str
    opening_hours: dict[str, list[list[str]]]
    lon: float
    lat: float
    name_en: str = ""
    email: str = ""
    website: str = ""
    description: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """A resident account; `national_id` is set for those verified in person."""

    email: str
    full_name: str
    birth_date: dt.date | None
    phone: str = ""
    address: str = ""
    district: str = ""  # DistrictSpec.key, or "" for none
    verification: Verification = "none"
    national_id: str = ""
    document_kind: str = ""


@dataclass(frozen=True)
class StaffSpec:
    """An operator, administrator, moderator or official; all of them get two-factor devices."""

    email: str
    full_name: str
    role: StaffRole
    title: str  # how the summary describes the login
    department: str = ""  # DepartmentSpec.key for officials
    member_role: str = ""  # DepartmentMembership.Role value for officials
    position: str = ""


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    kind: str  # Article.Kind value
    title: str
    summary: str
    body: str
    days_ago: int  # publication day relative to the first load; later loads keep the stored time
    time: dt.time
    author: str  # StaffSpec.email
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""
    pinned: bool = False


@dataclass(frozen=True)
class HelpPageSpec:
    slug: str
    title: str
    body: str
    order: int
    title_en: str = ""
    body_en: str = ""


@dataclass(frozen=True)
class HromadaPlan:
    slug: str
    name: str
    name_en: str
    katottg: str
    kind: str  # Hromada.Kind value
    is_default: bool
    center_lat: float
    center_lon: float
    map_zoom: int
    email: str
    phone: str
    website: str
    hosts: tuple[str, ...]
    verifier: str  # StaffSpec.email of the person who verifies residents in person
    districts: tuple[DistrictSpec, ...]
    departments: tuple[DepartmentSpec, ...]
    institutions: tuple[InstitutionSpec, ...]
    staff: tuple[StaffSpec, ...]
    residents: tuple[PersonSpec, ...]
    articles: tuple[ArticleSpec, ...] = field(default=())
    help_pages: tuple[HelpPageSpec, ...] = field(default=())


def prose(text: str) -> str:
    """Text written wrapped in source: lines of a paragraph joined by spaces, paragraphs kept apart."""
    paragraphs = (
        " ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")
    )
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())

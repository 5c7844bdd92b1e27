"""Ordering rules as versioned code: who comes first on an institution's list, and the law that says so.

Pure Python, no Django. A :class:`RulesVersion` is data with a key (``kindergarten-2024.1``), the legal
sources it encodes and its statutory categories in order; a community may add its own categories after
the statutory ones, each citing a local decision (:class:`LocalCategory`). A round freezes its rules
version when it opens (the action stores :func:`rules_snapshot`); :func:`priority_class` turns one
applicant's facts at one institution into a class (1 = first).

The texts here are the codes and citations that go into the public export; the interface translates the
category titles (``enrollment/categories.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

KINDERGARTEN = "kindergarten"
SCHOOL = "school"
CLUB = "club"


@dataclass(frozen=True)
class Category:
    """A priority category: a stable code and the provision that grants it."""

    code: str
    source: str


@dataclass(frozen=True)
class LocalCategory:
    """A community's refinement: a category after the statutory ones, citing the council's decision."""

    code: str
    title: str
    decision: str  # e.g. "рішення Світлогірської міської ради від 12.03.2026 № 1234"
    title_en: str = ""

    def title_in(self, language: str) -> str:
        """The title in ``language`` ("en…": the English one where the council gave one)."""
        return self.title_en if language.startswith("en") and self.title_en else self.title


@dataclass(frozen=True)
class RulesVersion:
    key: str
    kind: str
    sources: tuple[str, ...]
    categories: tuple[Category, ...]
    # How the service territory counts:
    #   "first"  — territory children before everyone, then categories inside each part (kindergartens);
    #   "all_in" — territory children all in the first class, without selection (first grade);
    #   "none"   — the territory does not count (clubs).
    territory: str
    note: str = ""

    def category_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)


PRESCHOOL_LAW = "Закон України «Про дошкільну освіту» (2024), ст. 13"
CMU_305 = (
    "Положення про заклад дошкільної освіти, постанова КМУ № 305/2003 "
    "(зі змінами, внесеними постановою № 86/2021)"
)
MON_367 = "Порядок зарахування, відрахування та переведення учнів, наказ МОН від 16.04.2018 № 367, розділ II"
CMU_433 = "Положення про позашкільний навчальний заклад, постанова КМУ від 06.05.2001 № 433"

KINDERGARTEN_2024 = RulesVersion(
    key="kindergarten-2024.1",
    kind=KINDERGARTEN,
    sources=(PRESCHOOL_LAW, CMU_305),
    territory="first",
    categories=(
        Category("special_needs", PRESCHOOL_LAW),
        Category("orphan", PRESCHOOL_LAW),
        Category("defender_family", PRESCHOOL_LAW),
        Category("displaced", PRESCHOOL_LAW),
        Category("large_family", PRESCHOOL_LAW),
        Category("sibling", CMU_305),
    ),
    note="Children of the service territory first; inside it and outside it, the categories in this order; "
    "then the lottery.",
)

CMU_305_P10 = CMU_305 + ", п. 10"
"""Item 10 of the Regulation (as restated by Resolution 86/2021) lists the children admitted first: the
service territory, siblings, staff's children, special educational needs, orphans and children deprived of
parental care, children in difficult circumstances, displaced or war-affected children, and those a law
gives priority to."""

KINDERGARTEN_2024_2 = RulesVersion(
    key="kindergarten-2024.2",
    kind=KINDERGARTEN,
    sources=(PRESCHOOL_LAW, CMU_305),
    territory="first",
    # The order and codes of 2024.1; each category now names the provision that grants it where it is
    # known (docs/enrollment.md, "Legal sources, provision by provision", lists what is still to check:
    # the part of art. 13 and the large-family category's own provision).
    categories=(
        Category("special_needs", CMU_305_P10),
        Category("orphan", PRESCHOOL_LAW),
        Category("defender_family", PRESCHOOL_LAW),
        Category("displaced", CMU_305_P10),
        Category("large_family", PRESCHOOL_LAW),
        Category("sibling", CMU_305_P10),
    ),
    note=KINDERGARTEN_2024.note,
)

KINDERGARTEN_2025 = RulesVersion(
    key="kindergarten-2025.1",
    kind=KINDERGARTEN,
    sources=(PRESCHOOL_LAW, CMU_305),
    territory="first",
    # 2024.2 less the large-family category (no act on record grants it: item 10 of the Regulation does
    # not list it; a community that wants it adds it through ``Round.local_categories`` with its
    # council's decision), plus the item-10 categories no earlier version encoded: children in difficult
    # life circumstances registered with the children's service, children affected by hostilities and
    # armed conflicts (item 10 names them with displaced children) and the staff's children. The order
    # between categories is this project's reading: item 10 lists them without ranking them
    # (docs/enrollment.md, "Legal sources, provision by provision").
    categories=(
        Category("special_needs", CMU_305_P10),
        Category("orphan", PRESCHOOL_LAW),
        Category("defender_family", PRESCHOOL_LAW),
        Category("difficult_circumstances", CMU_305_P10),
        Category("displaced", CMU_305_P10),
        Category("war_affected", CMU_305_P10),
        Category("sibling", CMU_305_P10),
        Category("staff_child", CMU_305_P10),
    ),
    note=KINDERGARTEN_2024.note,
)

FIRST_GRADE_2018 = RulesVersion(
    key="first-grade-2018.1",
    kind=SCHOOL,
    sources=(MON_367,),
    territory="all_in",
    categories=(
        Category("sibling", MON_367 + ", п. 4"),
        Category("staff_child", MON_367 + ", п. 4"),
        Category("preschool_graduate", MON_367 + ", п. 4"),
    ),
    note="Children of the service territory are enrolled without selection; free places go to the "
    "categories in this order, then by lottery.",
)

CLUB_2001 = RulesVersion(
    key="club-2001.1",
    kind=CLUB,
    sources=(CMU_433,),
    territory="none",
    categories=(),
    note="No statutory priority: the lottery alone, unless the community adds its own categories.",
)

VERSIONS: dict[str, RulesVersion] = {
    v.key: v for v in (KINDERGARTEN_2024, KINDERGARTEN_2024_2, KINDERGARTEN_2025, FIRST_GRADE_2018, CLUB_2001)
}
"""Every published version, old ones included: a round names one and freezes it when it opens; a version
is never edited once published (a new key instead)."""
CURRENT: dict[str, str] = {
    KINDERGARTEN: KINDERGARTEN_2025.key,
    SCHOOL: FIRST_GRADE_2018.key,
    CLUB: CLUB_2001.key,
}

# Problems with local categories (codes).
LOCAL_NO_DECISION = "local_category_without_decision"
LOCAL_DUPLICATE = "local_category_duplicate"
LOCAL_BAD_CODE = "local_category_bad_code"


def local_problems(rules: RulesVersion, local: Sequence[LocalCategory]) -> list[tuple[str, str]]:
    """What is wrong with a community's refinements: (code, category) pairs; empty when none."""
    problems = []
    seen = set(rules.category_codes())
    for category in local:
        if not category.code or not category.code.replace("_", "").isalnum() or not category.code.isascii():
            problems.append((LOCAL_BAD_CODE, category.code))
        elif category.code in seen:
            problems.append((LOCAL_DUPLICATE, category.code))
        if not category.decision.strip():
            problems.append((LOCAL_NO_DECISION, category.code))
        seen.add(category.code)
    return problems


# Problems with a rules version itself (codes).
NO_SOURCES = "rules_without_sources"
CATEGORY_WITHOUT_STATUTE = "category_without_statute"
DUPLICATE_CATEGORY = "category_duplicate"


def statute_problems(rules: RulesVersion) -> list[tuple[str, str]]:
    """Whether every statutory category cites the law that grants it: the version lists its legal sources,
    and each category's ``source`` is one of them (or a provision of one: it starts with it). A category
    that no listed act grants — a "privilege" the law does not know — is a problem. Empty when sound."""
    problems: list[tuple[str, str]] = []
    if not rules.sources or not all(source.strip() for source in rules.sources):
        problems.append((NO_SOURCES, rules.key))
    seen: set[str] = set()
    for category in rules.categories:
        if category.code in seen:
            problems.append((DUPLICATE_CATEGORY, category.code))
        seen.add(category.code)
        if not category.source.strip() or not any(
            category.source.startswith(source) for source in rules.sources if source.strip()
        ):
            problems.append((CATEGORY_WITHOUT_STATUTE, category.code))
    return problems


def ordered_codes(rules: RulesVersion, local: Sequence[LocalCategory]) -> tuple[str, ...]:
    return rules.category_codes() + tuple(c.code for c in local)


def priority_class(
    rules: RulesVersion, local: Sequence[LocalCategory], *, in_territory: bool, granted: Iterable[str]
) -> int:
    """The applicant's class at one institution (1 = first): from whether they live in its service
    territory and the categories granted to them (only those the rules know count; the best one counts)."""
    codes = ordered_codes(rules, local)
    held = set(granted)
    best = next((i for i, code in enumerate(codes) if code in held), len(codes))
    width = len(codes) + 1  # every category, then "none"
    if rules.territory == "first":
        return (0 if in_territory else width) + best + 1
    if rules.territory == "all_in":
        return 1 if in_territory else best + 2
    return best + 1


def class_basis(
    rules: RulesVersion, local: Sequence[LocalCategory], priority: int
) -> tuple[bool | None, str | None]:
    """What class ``priority`` stands for (the inverse of :func:`priority_class`): whether the child lives
    in the service territory (None when the territory does not count for these rules, or, for first grade,
    does not matter past class 1) and the category code that gave the class (None for none)."""
    codes = ordered_codes(rules, local)
    width = len(codes) + 1

    def code(index: int) -> str | None:
        return codes[index] if 0 <= index < len(codes) else None

    if rules.territory == "first":
        return priority <= width, code((priority - 1) % width)
    if rules.territory == "all_in":
        return (True, None) if priority == 1 else (False, code(priority - 2))
    return None, code(priority - 1)


def _local_snapshot(category: LocalCategory) -> dict[str, str]:
    snapshot = {"code": category.code, "title": category.title, "decision": category.decision}
    if category.title_en:
        snapshot["title_en"] = category.title_en
    return snapshot


def rules_snapshot(rules: RulesVersion, local: Sequence[LocalCategory]) -> dict[str, Any]:
    """The frozen, public form of a round's rules (what the export carries and the verifier reads)."""
    return {
        "key": rules.key,
        "kind": rules.kind,
        "sources": list(rules.sources),
        "territory": rules.territory,
        "categories": [{"code": c.code, "source": c.source} for c in rules.categories],
        # title_en only where given: the snapshots of rounds opened before it existed stay as they were.
        "local": [_local_snapshot(c) for c in local],
    }


def rules_from_snapshot(snapshot: dict[str, Any]) -> tuple[RulesVersion, tuple[LocalCategory, ...]]:
    rules = RulesVersion(
        key=snapshot["key"],
        kind=snapshot["kind"],
        sources=tuple(snapshot["sources"]),
        categories=tuple(Category(c["code"], c["source"]) for c in snapshot["categories"]),
        territory=snapshot["territory"],
    )
    local = tuple(
        LocalCategory(c["code"], c["title"], c["decision"], c.get("title_en", ""))
        for c in snapshot.get("local", [])
    )
    return rules, local

"""Participation processes are made of phases; each phase type declares the features it switches on.

Modules register their phase types with ``core.kit.register_app(phases=...)`` (e.g. "petitions:collecting"
switches on SIGN); actions then ask the *active phase* whether a feature is on, instead of branching on
phase names or status strings (docs/adr/0002-phases-and-features.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


class Feature(enum.StrEnum):
    """What a phase can switch on. Every feature is asked by some action (``allows(Feature.X)``); one that
    no action asks does not belong here (docs/adr/0002-phases-and-features.md, core/tests/test_phases.py)."""

    CREATE = "create"  # submit and edit one's own proposals (budget projects)
    SUPPORT = "support"  # support a proposal for the shortlist
    SIGN = "sign"  # sign, and withdraw one's signature (petitions)
    VOTE = "vote"  # cast or change a ballot


class PhaseType:
    key: str = ""
    name: str | Promise = ""
    description: str | Promise = ""
    features: frozenset[Feature] = frozenset()

    @classmethod
    def allows(cls, feature: Feature) -> bool:
        return feature in cls.features


_registry: dict[str, type[PhaseType]] = {}


def register(phase_type: type[PhaseType]) -> type[PhaseType]:
    """Class decorator; keys are "<app label>:<phase>" and unique across the platform."""
    if not phase_type.key or ":" not in phase_type.key:
        raise ValueError(f"Phase type {phase_type.__name__} needs a key like 'app:phase'.")
    existing = _registry.get(phase_type.key)
    if existing is not None and existing is not phase_type:
        raise ValueError(f"Phase type key {phase_type.key!r} is already registered by {existing.__name__}.")
    _registry[phase_type.key] = phase_type
    return phase_type


def get(key: str) -> type[PhaseType]:
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"Unknown phase type {key!r}.") from None


def allows(key: str, feature: Feature) -> bool:
    """Whether the phase type ``key`` switches ``feature`` on; an unregistered key switches nothing on (a
    process in a state that is no phase of it, such as a petition's draft)."""
    phase_type = _registry.get(key)
    return phase_type is not None and phase_type.allows(feature)


def registered() -> dict[str, type[PhaseType]]:
    return dict(_registry)


@dataclass(frozen=True)
class PhaseWindow:
    """One scheduled phase of a process: which type, from when, until when (end exclusive)."""

    type_key: str
    starts_at: datetime
    ends_at: datetime | None = None

    def is_active(self, at: datetime) -> bool:
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)

    def allows(self, feature: Feature) -> bool:
        return get(self.type_key).allows(feature)


def active_phase(windows: list[PhaseWindow], at: datetime) -> PhaseWindow | None:
    """The phase running at `at`; when windows overlap the one that started last wins."""
    running = [w for w in windows if w.is_active(at)]
    return max(running, key=lambda w: w.starts_at) if running else None

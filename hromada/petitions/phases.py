"""A petition's phase is its lifecycle status (``lifecycle.py``); the statuses that switch a feature on are
phase types here (registered by PetitionsConfig.ready()).

Actions ask the petition (``petition.allows(Feature.SIGN)``), never its status, whether a participant
may act: docs/adr/0002-phases-and-features.md. Status changes themselves follow the lifecycle.
"""

from __future__ import annotations

from hromada.core.phases import Feature, PhaseType


class Collecting(PhaseType):
    """Published and collecting: eligible people sign, and may withdraw their signature."""

    key = "petitions:collecting"
    features = frozenset({Feature.SIGN})


TYPES = (Collecting,)

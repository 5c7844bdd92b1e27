"""Writes of enrollment (one module per entity); callers import ``hromada.enrollment.actions.<name>``."""

from .applications import (
    ClaimIn,
    application_choices_change,
    application_register,
    application_withdraw,
    applications_erase,
    claim_decide,
    claim_proof_attach,
    claims_expire,
)
from .offers import offer_accept, offer_decline, offer_enroll, offers_expire, vacancy_fill
from .rounds import round_allocate, round_close, round_open, rounds_tick, territory_publish

__all__ = [
    "ClaimIn",
    "application_choices_change",
    "application_register",
    "application_withdraw",
    "applications_erase",
    "claim_decide",
    "claim_proof_attach",
    "claims_expire",
    "offer_accept",
    "offer_decline",
    "offer_enroll",
    "offers_expire",
    "round_allocate",
    "round_close",
    "round_open",
    "rounds_tick",
    "territory_publish",
    "vacancy_fill",
]

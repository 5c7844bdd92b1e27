"""The same allocation by the `matching` package (PyPI), for tests and the benchmark: resident-optimal
hospital–resident stable matching. Imported only there; the application never needs it."""

from __future__ import annotations

from collections.abc import Sequence

from .allocation import Applicant, Place, ordered_list


def matching_assignments(places: Sequence[Place], applicants: Sequence[Applicant]) -> dict[str, str | None]:
    from matching.games import HospitalResident

    open_places = [p for p in places if p.capacity > 0]
    open_ids = {p.id for p in open_places}
    resident_prefs = {a.id: [c for c in a.choices if c in open_ids] for a in applicants}
    hospital_prefs = {p.id: [a.id for a in ordered_list(p.id, applicants)] for p in open_places}
    capacities = {p.id: p.capacity for p in open_places}
    result: dict[str, str | None] = {a.id: None for a in applicants}
    chosen = {pid for prefs in resident_prefs.values() for pid in prefs}
    if not chosen:
        return result
    game = HospitalResident.create_from_dictionaries(
        {r: prefs for r, prefs in resident_prefs.items() if prefs},
        {h: prefs for h, prefs in hospital_prefs.items() if h in chosen},
        {h: c for h, c in capacities.items() if h in chosen},
    )
    for hospital, residents in game.solve(optimal="resident").items():
        for resident in residents:
            result[resident.name] = hospital.name
    return result

"""Enrollment's part of a person's data: the applications a parent made (with the children's details they
gave and the proof files they uploaded for priority claims) and, for officials, the priority claims they
decided.

A proof file is listed with its type, size, upload time and the address of its private download (the same
one the application's page links: it serves the file to its parent only), not inlined: five scans per claim
would make the "my data" file megabytes long.

Erasure: active applications are withdrawn (their places go to the next child); every application keeps its
public record (number, choices, status, lottery — what the published allocation was computed from) without
the child's name, exact birth date, certificate tail or address; proofs' texts are cleared. Decisions an
official made stay: acts of public authority, pointing at the anonymised account.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .models import Application, PriorityClaim, ProofFile


def _export(person: User) -> dict[str, Any]:
    applications = (
        Application.objects.filter(parent=person)
        .select_related("round", "hromada")
        .prefetch_related("choices__group__institution", "claims__files")
        .order_by("registered_at", "id")
    )
    decided = (
        PriorityClaim.objects.filter(decided_by=person).select_related("application").order_by("decided_at")
    )
    return {
        "applications": [
            {
                "number": a.public_id,
                "hromada": a.hromada.name,
                "round": a.round.title,
                "child_name": a.child_name,
                "birth_date": iso(a.birth_date),
                "certificate_ends_with": a.certificate_tail,
                "address": a.address,
                "registered_at": iso(a.registered_at),
                "status": a.state,
                "lottery": a.lottery,
                "choices": [str(c.group) for c in a.choices.all()],
                "claims": [
                    {
                        "category": c.category,
                        "proof": c.proof,
                        "status": c.status,
                        "valid_until": iso(c.proof_expires_on),
                        "files": [_proof_file(f) for f in c.files.all()],
                    }
                    for c in a.claims.all()
                ],
            }
            for a in applications
        ],
        "claims_decided": [
            {
                "application": c.application.public_id,
                "category": c.category,
                "status": c.status,
                "decided_at": iso(c.decided_at),
            }
            for c in decided
        ],
    }


def _proof_file(proof: ProofFile) -> dict[str, Any]:
    return {
        "download": reverse("enrollment:proof", args=[proof.pk]),
        "type": proof.content_type,
        "size": proof.size,
        "uploaded_at": iso(proof.created_at),
    }


def _erase(person: User) -> int:
    from .actions import applications_erase

    return applications_erase(person=person)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="enrollment",
            title=_("Enrollment"),
            export=_export,
            erase=_erase,
            covers=(Application.parent, PriorityClaim.decided_by),
        )
    )

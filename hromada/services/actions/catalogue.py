"""The catalogue: importing the seed catalogue, saving services and tariffs, fee base values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.core.errors import ApplicationError
from hromada.core.models import Hromada
from hromada.core.permissions import is_platform_operator, require
from hromada.ledger.actions import ledger_append
from hromada.ledger.audit import audit_changes, audit_record

from .. import fees, payments
from ..catalogue import SeedService
from ..models import FeeBaseValue, Service, Tariff
from ..permissions import manages_catalogue
from ._common import _service_search_text

if TYPE_CHECKING:
    from hromada.accounts.models import User

CHANNELS = ["in_person", "post"]
APPLICANTS = ["applicant", "representative"]


@transaction.atomic
def catalogue_import(*, hromada: Hromada, seeds: Sequence[SeedService], actor: User | None = None) -> int:
    """Add the seed services the hromada's catalogue lacks (by code), with their tariffs; services already
    there are left as the officials edited them. Returns how many services were added."""
    if actor is not None:
        require(manages_catalogue, actor, hromada)
    existing = set(Service.objects.filter(hromada=hromada).values_list("code", flat=True))
    added = 0
    for seed in seeds:
        if seed.code in existing:
            continue
        service = Service(
            hromada=hromada,
            code=seed.code,
            rap_id=seed.rap_id,
            title=seed.title,
            provider=seed.provider,
            legal_basis=[{"tier": tier, "act": act} for tier, act in seed.legal_basis],
            applicants=APPLICANTS,
            channels=CHANNELS,
            categories=list(seed.categories),
            life_situations=list(seed.life_situations),
            term_text=seed.term_text[:300],
            fee_text=seed.fee_text[:300],
            sources=seed.sources[:300],
            unverified=list(seed.unverified),
        )
        service.search_text = _service_search_text(service)
        service.save()
        variants = [("regular", seed.regular_term, seed.regular_fee)]
        if seed.urgent_term is not None:
            variants.append(("urgent", seed.urgent_term, seed.urgent_fee))
        for variant, term, formula in variants:
            Tariff.objects.create(
                hromada=hromada,
                service=service,
                variant=variant,
                term_value=term.value if term else None,
                term_unit=term.unit if term else "",
                fee_formula=formula or "",
                rounding=seed.rounding,
            )
        added += 1
    if added:
        ledger_append(
            hromada=hromada, kind="services.catalogue_imported", payload={"added": added, "total": len(seeds)}
        )
    return added


def _check_payee(service: Service) -> None:
    """The fee's payment details: none, or a recipient with a valid Ukrainian IBAN and ЄДРПОУ code."""
    service.payee_name = " ".join(service.payee_name.split())
    service.payee_iban = payments.normalise_iban(service.payee_iban)
    service.payee_code = service.payee_code.strip()
    service.payment_purpose = " ".join(service.payment_purpose.split())
    if not (service.payee_name or service.payee_iban or service.payee_code):
        return
    errors: dict[str, list[str]] = {}
    if not service.payee_name:
        errors["payee_name"] = [_("Name the recipient of the fee.")]
    iban = payments.iban_problem(service.payee_iban)
    if iban == "iban_format":
        errors["payee_iban"] = [
            _("A Ukrainian IBAN is UA and 27 digits, e.g. UA21 3223 1300 0002 6007 2335 6600 1.")
        ]
    elif iban == "iban_checksum":
        errors["payee_iban"] = [_("The IBAN's check digits do not match: check the number for a typo.")]
    code = payments.edrpou_problem(service.payee_code)
    if code == "edrpou_format":
        errors["payee_code"] = [_("An EDRPOU code has eight digits.")]
    elif code == "edrpou_checksum":
        errors["payee_code"] = [_("The EDRPOU code's control digit does not match: check it for a typo.")]
    if errors:
        raise ApplicationError(_("The payment details are not valid."), code="invalid", fields=errors)


@transaction.atomic
def service_save(*, service: Service, actor: User | None) -> Service:
    """Save a service card edited in the back office (its search text follows), audited. ``actor`` None
    is the demo or a command run by the operator."""
    if actor is not None:
        require(manages_catalogue, actor, service.hromada)
    if service.rap_id and not (len(service.rap_id) == 5 and service.rap_id.isdigit()):
        raise ApplicationError(
            _("The registry identifier has five digits."), fields={"rap_id": [_("Five digits.")]}
        )
    _check_payee(service)
    created = service.pk is None
    service.search_text = _service_search_text(service)
    service.save()
    if actor is None:
        return service
    audit_record(
        hromada=service.hromada,
        actor=audit_actor(user=actor, hromada=service.hromada),
        verb="service.created" if created else "service.changed",
        subject=service,
        changes=audit_changes(service, ["code", "title", "is_published", "payee_iban", "payee_code"]),
    )
    return service


@transaction.atomic
def tariff_save(*, tariff: Tariff, actor: User) -> Tariff:
    """Save a tariff whose fee formula can be computed (or is empty: unknown)."""
    require(manages_catalogue, actor, tariff.service.hromada)
    if tariff.fee_formula:
        try:
            fees.parse_formula(tariff.fee_formula)
        except fees.FormulaError as error:
            raise ApplicationError(
                _("The fee formula is not valid: use numbers, “*” and PM, NMDG or MZP, e.g. 0.015*PM."),
                fields={"fee_formula": [_("Not a valid formula (%(code)s).") % {"code": error.code}]},
            ) from error
    tariff.hromada = tariff.service.hromada
    tariff.save()
    audit_record(
        hromada=tariff.hromada,
        actor=audit_actor(user=actor, hromada=tariff.hromada),
        verb="tariff.changed",
        subject=tariff.service,
        changes={"variant": tariff.variant, "fee_formula": tariff.fee_formula},
    )
    return tariff


@transaction.atomic
def fee_base_value_save(*, row: FeeBaseValue, actor: User) -> FeeBaseValue:
    """Record a national base value (ПМ, НМДГ, МЗП) from a date; the platform operator keeps the table."""
    require(is_platform_operator, actor)
    if row.amount is None or row.amount <= 0:
        raise ApplicationError(_("The amount must be positive."), fields={"amount": [_("Must be positive.")]})
    row.save()
    return row

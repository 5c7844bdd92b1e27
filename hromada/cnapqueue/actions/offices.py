"""Setting up an office's queue: the office row, services, desks and their operators, staff, kiosks."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError, ConflictError
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada
from hromada.territory.models import Institution

from ..models import Closure, Desk, Kiosk, Office, Service, StaffMember
from ..permissions import forget_queue_roles, manages_office


@transaction.atomic
def office_save(*, office: Office, actor: Any | None = None) -> Office:
    """Store an office's queue settings; its institution must be a ЦНАП of the same hromada."""
    require_same_hromada(office.hromada, institution=office.institution)
    if office.institution.kind != Institution.Kind.CNAP:
        raise ApplicationError(
            _("Only a TsNAP institution can run the queue."), fields={"institution": [_("Choose a TsNAP.")]}
        )
    if actor is not None and office.pk:
        require(manages_office, actor, office)
    office.save()
    return office


@transaction.atomic
def service_save(*, service: Service, actor: Any | None = None) -> Service:
    """Store a queue service of an office."""
    service.hromada = service.office.hromada
    if actor is not None:
        require(manages_office, actor, service.office)
    service.prefix = service.prefix.strip().upper()
    if not service.prefix:
        raise ApplicationError(
            _("Give the ticket prefix."), fields={"prefix": [_("Give the ticket prefix.")]}
        )
    service.save()
    return service


@transaction.atomic
def desk_save(
    *,
    desk: Desk,
    services: list[Service] | None = None,
    operator: Any | None = None,
    actor: Any | None = None,
) -> Desk:
    """Store a desk; the manager (not the operator) sets which services it serves and who works there."""
    desk.hromada = desk.office.hromada
    if actor is not None:
        require(manages_office, actor, desk.office)
    if operator is not None:
        desk.operator = operator
    if (
        desk.operator is not None
        and not StaffMember.objects.filter(
            office=desk.office, user=desk.operator, role=StaffMember.Role.OPERATOR
        ).exists()
    ):
        raise ApplicationError(
            _("The operator must be on the office's staff."),
            fields={"operator": [_("Add them as an operator first.")]},
        )
    desk.save()
    if services is not None:
        if any(s.office_id != desk.office_id for s in services):
            raise ConflictError(_("A desk serves only its own office's services."))
        desk.services.set(services)
    return desk


@transaction.atomic
def staff_member_add(*, office: Office, user: Any, role: str, actor: Any | None = None) -> StaffMember:
    """Give a person a role in an office's queue (idempotent)."""
    if actor is not None:
        require(manages_office, actor, office)
    member, _created = StaffMember.objects.get_or_create(
        office=office, user=user, role=role, defaults={"hromada": office.hromada}
    )
    forget_queue_roles(user)
    return member


@transaction.atomic
def kiosk_create(
    *, office: Office, name: str, token: str | None = None, actor: Any | None = None
) -> tuple[Kiosk, str]:
    """A new kiosk and its device token (shown once; only its digest is stored). ``token`` is for the demo,
    which prints its kiosk's address; real kiosks get a random one."""
    if actor is not None:
        require(manages_office, actor, office)
    token = token or "kq_" + secrets.token_urlsafe(24)
    kiosk = Kiosk.objects.create(
        hromada=office.hromada,
        office=office,
        name=name,
        token_digest=hashlib.sha256(token.encode()).hexdigest(),
    )
    return kiosk, token


@transaction.atomic
def closure_save(*, closure: Closure, actor: Any | None = None) -> Closure:
    """Close an office on a date (repairs, power cuts); holidays come from the hromada's calendar."""
    closure.hromada = closure.office.hromada
    if actor is not None:
        require(manages_office, actor, closure.office)
    closure.save()
    return closure

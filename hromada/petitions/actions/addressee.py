"""The bodies petitions are addressed to (council, mayor, executive committee, …)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.permissions import manages_hromada, roles_in
from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.ledger.audit import AuditActor, audit_changes, audit_record

from ..models import Addressee, AddresseeKind

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def addressee_save(
    *,
    hromada: Hromada,
    actor: User,
    kind: str,
    name: str,
    name_en: str = "",
    name_genitive: str = "",
    is_active: bool = True,
) -> Addressee:
    """Create or rename the hromada's addressee of a kind (administrators); recorded in the log.

    ``name_genitive`` is the name as Ukrainian sentences need it after «до»; pages fall back to the label
    style «адресат: <name>» without it."""
    require(manages_hromada, actor, hromada)
    ensure(kind in AddresseeKind.values, _("Unknown kind of addressee."), field="kind")
    name = name.strip()
    ensure(name, _("Give the addressee's name."), field="name")
    addressee, created = Addressee.objects.select_for_update().get_or_create(
        hromada=hromada,
        kind=kind,
        defaults={
            "name": name[:250],
            "name_en": name_en.strip()[:250],
            "name_genitive": name_genitive.strip()[:250],
            "is_active": is_active,
        },
    )
    if not created:
        addressee.name, addressee.is_active = name[:250], is_active
        addressee.name_en, addressee.name_genitive = name_en.strip()[:250], name_genitive.strip()[:250]
        addressee.save(update_fields=["name", "name_en", "name_genitive", "is_active", "updated_at"])
    audit_record(
        hromada=hromada,
        actor=AuditActor(person=actor, roles=tuple(roles_in(actor, hromada))),
        verb="petition_addressee.created" if created else "petition_addressee.changed",
        subject=addressee,
        changes=audit_changes(addressee, ["kind", "name", "name_en", "name_genitive", "is_active"]),
    )
    return addressee

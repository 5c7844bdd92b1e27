"""Service definitions: publishing a new version of a service's online form and workflow."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.core.errors import ApplicationError
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append
from hromada.ledger.audit import audit_record

from ..definitions import validate_definition
from ..models import Definition, Service
from ..permissions import manages_catalogue
from ._common import _definition_message, _digest

if TYPE_CHECKING:
    from hromada.accounts.models import User

MAX_JSON = 200_000


def definition_check(*, spec: Any) -> list[str]:
    """Every problem of ``spec`` as a sentence (empty when it can be published)."""
    return [_definition_message(p.code, p.path) for p in validate_definition(spec)]


@transaction.atomic
def definition_publish(*, service: Service, spec: Any, actor: User | None) -> Definition:
    """Publish ``spec`` as the service's next version; applications filed before keep their version.
    Refuses a broken definition with every problem listed. ``actor`` None is the demo or an import run by
    the operator from the command line."""
    if actor is not None:
        require(manages_catalogue, actor, service.hromada)
    problems = definition_check(spec=spec)
    if problems:
        raise ApplicationError(_("The definition cannot be published."), fields={"spec": problems})
    service = Service.objects.select_for_update().get(pk=service.pk)
    version = (Definition.objects.filter(service=service).aggregate(m=Max("version"))["m"] or 0) + 1
    definition = Definition.objects.create(
        hromada=service.hromada, service=service, version=version, spec=spec, created_by=actor
    )
    ledger_append(
        hromada=service.hromada,
        kind="services.definition_published",
        subject=service,
        payload={"service": service.code, "version": version, "sha256": _digest(spec)},
    )
    if actor is not None:
        audit_record(
            hromada=service.hromada,
            actor=audit_actor(user=actor, hromada=service.hromada),
            verb="definition.published",
            subject=service,
            changes={"version": version},
        )
    return definition


def definition_parse(*, text: str) -> Any:
    """A definition from its JSON text (an import), or ApplicationError naming the problem."""
    if len(text) > MAX_JSON:
        raise ApplicationError(_("The definition is too large."), fields={"spec": [_("Too large.")]})
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = _("Not valid JSON: line %(line)d, column %(column)d.") % {
            "line": error.lineno,
            "column": error.colno,
        }
        raise ApplicationError(message, fields={"spec": [message]}) from error

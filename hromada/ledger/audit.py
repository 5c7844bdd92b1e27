"""Audit entries: officials' decisions and back-office changes, recorded in the hromada's public log.

An audit entry is an ordinary log entry of kind ``audit.<verb>`` (``audit.person.verified``,
``audit.role.granted``, ``audit.institution.changed``, …) appended with
:func:`~hromada.ledger.actions.ledger_append` inside the caller's transaction, so the decision and its
record commit or roll back together. Its payload says *who decided* only as the actor's roles and
departments in the hromada (staff are public officials, but their names and e-mails stay out), and
*what changed* as field names; values are recorded only for public objects (:func:`audit_changes`).
People — the actor first, then anyone the decision is about — appear only as salted commitments in the
entry's ``people``.

This module knows no domain app: callers describe the actor (:class:`AuditActor`), and people are
recognised through ``settings.AUTH_USER_MODEL`` alone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from hromada.core.models import Hromada

from .actions import Receipt, ledger_append
from .jcs import JSONValue

__all__ = [
    "AUDIT_KIND_PREFIX",
    "MAX_PLAIN_VALUE_LENGTH",
    "AuditActor",
    "audit_changes",
    "audit_people",
    "audit_record",
    "audit_scope",
]

AUDIT_KIND_PREFIX = "audit."
MAX_PLAIN_VALUE_LENGTH = 200
"""Longer texts (and structured values) of public objects are recorded as their SHA-256 only."""
MAX_SAFE_INTEGER = 2**53 - 1


@dataclass(frozen=True)
class AuditActor:
    """Who took a decision, as an audit entry shows them: a commitment, their roles and departments.

    ``person`` (a user row or a reference) becomes a salted commitment; ``roles`` are public role names
    in the hromada (``administrator``, ``cnap_officer``, ``operator``, …) and ``departments`` references
    of public rows (``territory.department:3``).
    """

    person: models.Model | str
    roles: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def as_payload(self) -> dict[str, JSONValue]:
        roles: list[JSONValue] = [*sorted(set(self.roles))]
        departments: list[JSONValue] = [*sorted(set(self.departments))]
        return {"roles": roles, "departments": departments}


_scopes: ContextVar[tuple[list[Receipt], ...]] = ContextVar("hromada_ledger_audit_scopes", default=())


@contextmanager
def audit_scope() -> Iterator[list[Receipt]]:
    """Collect the receipts of the audit entries recorded inside the block (in this thread or task).

    The back office uses it to leave the record to an action that records its own decision, and to
    write a generic ``audit.<model>.changed`` entry only when nothing was recorded.
    """
    recorded: list[Receipt] = []
    token = _scopes.set((*_scopes.get(), recorded))
    try:
        yield recorded
    finally:
        _scopes.reset(token)


def _user_label() -> str:
    return str(settings.AUTH_USER_MODEL).lower()


def _is_person_model(model: object) -> bool:
    meta = getattr(model, "_meta", None)
    return meta is not None and meta.label_lower == _user_label()


def _person_fields(model: type[models.Model] | models.Model) -> list[models.ForeignKey[Any, Any]]:
    """The concrete foreign keys of ``model`` that point at a person (the user model)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and _is_person_model(field.related_model)
    ]


def audit_people(obj: models.Model) -> list[str]:
    """The people a row names through its foreign keys to the user model, as references (no query)."""
    people = []
    for field in _person_fields(obj):
        value = getattr(obj, field.attname)
        if value is not None:
            people.append(f"{_user_label()}:{value}")
    return people


def _digest(value: object) -> dict[str, JSONValue]:
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return {"sha256": hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()}


def _public_value(field: models.Field[Any, Any], value: object) -> JSONValue:
    """A value of a public object as it goes into an entry: short and plain, or its SHA-256."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(field, models.ForeignKey):
        return f"{field.remote_field.model._meta.label_lower}:{value}"
    if isinstance(value, int):
        return value if abs(value) <= MAX_SAFE_INTEGER else str(value)
    if isinstance(value, float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name or ""
    if isinstance(value, str) and len(value) <= MAX_PLAIN_VALUE_LENGTH:
        return value
    return _digest(value)


def audit_changes(obj: models.Model, names: Sequence[str]) -> list[str] | dict[str, JSONValue]:
    """What to record of a change to ``obj``'s fields ``names``: values for public objects, else names.

    A row is personal when it is a person or names one (a foreign key to the user model): then only the
    field names are recorded. Otherwise each concrete field's new value is recorded — short texts,
    numbers, dates and references as they are, long texts and structured values (JSON, boundaries) as
    ``{"sha256": …}`` of their text — and other names (many-to-many) as ``null``.
    """
    if _is_person_model(obj) or _person_fields(obj):
        return sorted(set(names))
    values: dict[str, JSONValue] = {}
    for name in sorted(set(names)):
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a form field that is not a model field
            values[name] = None
            continue
        if not getattr(field, "concrete", False) or field.many_to_many:
            values[name] = None
            continue
        assert isinstance(field, models.Field)
        values[name] = _public_value(field, getattr(obj, field.attname))
    return values


def audit_record(
    *,
    hromada: Hromada,
    actor: AuditActor,
    verb: str,
    subject: models.Model | str | None,
    changes: Sequence[str] | Mapping[str, JSONValue] = (),
    people: Sequence[models.Model | str] = (),
) -> Receipt:
    """Append an ``audit.<verb>`` entry in the caller's transaction; returns its receipt.

    ``verb`` is ``<object>.<event>`` (``person.verified``, ``institution.changed``). ``subject`` is the
    row the decision is about (a public reference ``<app>.<model>:<pk>`` in the entry) — unless it is a
    person, who then joins ``people`` and appears only as a commitment. ``changes`` is either the
    changed field names or, for public objects only, a mapping of names to their new (public) values —
    see :func:`audit_changes`. The entry's ``people`` holds the actor's commitment first, then those of
    the people concerned; its payload is::

        {"actor": {"roles": [...], "departments": [...]}, "changed": [names], "values": {...}}

    with ``values`` only when ``changes`` is a mapping. Must run inside ``transaction.atomic``.
    """
    concerned: list[models.Model | str] = list(people)
    if isinstance(subject, models.Model) and _is_person_model(subject):
        concerned.insert(0, subject)
        subject = None
    payload: dict[str, JSONValue] = {"actor": actor.as_payload()}
    names: list[JSONValue]
    if isinstance(changes, Mapping):
        names = [*sorted(changes)]
        payload["changed"] = names
        payload["values"] = dict(changes)
    else:
        if isinstance(changes, str):
            raise TypeError("changes is a list of field names, not one string")
        names = [*sorted(set(changes))]
        payload["changed"] = names
    receipt = ledger_append(
        hromada=hromada,
        kind=f"{AUDIT_KIND_PREFIX}{verb}",
        payload=payload,
        subject=subject,
        people=[actor.person, *concerned],
    )
    for recorded in _scopes.get():
        recorded.append(receipt)
    return receipt

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hromada.core.batchsql import any_of, hot_cursor
from hromada.core.models import Hromada

from .models import ApiToken, HromadaRole, User, VerificationLevel, VerificationRecord


def active_person(*, user_id: int) -> User | None:
    """The active person with this id, or None: one hand-written SELECT of the whole row.

    For every request of a cached bearer token (a surge of API calls): compiling the equivalent
    queryset cost more CPU than running it.
    """
    return active_persons(user_ids=[user_id]).get(user_id)


def active_persons(*, user_ids: Iterable[int]) -> dict[int, User]:
    """:func:`active_person` for several ids in one SELECT (a batch of requests); absent: not active."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    condition, params = any_of("id", wanted)
    with hot_cursor() as cursor:
        cursor.execute(_ACTIVE_PERSONS_SQL.format(ids=condition), params)
        rows = cursor.fetchall()
    found = {}
    for row in rows:
        values = list(row)
        for position in _PERSON_DATETIMES:  # SQLite gives naive UTC datetimes (the ORM makes them aware)
            moment = values[position]
            if isinstance(moment, dt.datetime) and moment.tzinfo is None:
                values[position] = moment.replace(tzinfo=dt.UTC)
        person = User.from_db(DEFAULT_DB_ALIAS, _PERSON_FIELDS, values)
        found[person.pk] = person
    return found


_PERSON_FIELDS = [field.attname for field in User._meta.concrete_fields]
_PERSON_DATETIMES = [
    position
    for position, field in enumerate(User._meta.concrete_fields)
    if isinstance(field, models.DateTimeField)
]
_ACTIVE_PERSONS_SQL = (
    f"SELECT {', '.join(str(field.column) for field in User._meta.concrete_fields)} "  # noqa: S608
    f"FROM {User._meta.db_table} WHERE {{ids}} AND is_active"
)


def people_with_role(*, hromada: Hromada, roles: Iterable[str]) -> QuerySet[User]:
    """Active people holding any of ``roles`` (:class:`HromadaRole.Role`) in this hromada, each once."""
    return User.objects.filter(
        is_active=True, hromada_roles__hromada=hromada, hromada_roles__role__in=list(roles)
    ).distinct()


def administrators_of(*, hromada: Hromada) -> QuerySet[User]:
    """The hromada's administrators (who run its processes and hear about their decisions)."""
    return people_with_role(hromada=hromada, roles=[HromadaRole.Role.ADMINISTRATOR])


def moderators_of(*, hromada: Hromada) -> QuerySet[User]:
    """Who moderates in the hromada: its moderators and its administrators."""
    return people_with_role(
        hromada=hromada, roles=[HromadaRole.Role.MODERATOR, HromadaRole.Role.ADMINISTRATOR]
    )


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def verifications_of(*, user: User) -> QuerySet[VerificationRecord]:
    return VerificationRecord.objects.filter(user=user).select_related("verified_by", "hromada")


def residents_of(*, hromada: Hromada) -> QuerySet[User]:
    return User.objects.filter(hromada=hromada, is_active=True)


def resident_find(*, hromada: Hromada, login: str) -> User | None:
    """A resident of this hromada by e-mail or phone (for ЦНАП staff)."""
    from .backends import find_user_by_login

    user = find_user_by_login(login)
    return user if user is not None and user.hromada_id == hromada.pk else None


def user_export(*, user: User) -> dict[str, Any]:
    """The accounts part of the "download my data" file: the account, its verifications, roles, tokens
    and second factors (the other apps add theirs through ``core.registry.register_personal_data``)."""
    from django_otp import devices_for_user

    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "phone": user.phone,
            "full_name": user.full_name,
            "birth_date": user.birth_date.isoformat() if user.birth_date else None,
            "registered_address": user.registered_address,
            "hromada": user.hromada.name if user.hromada else None,
            "district": user.district.name if user.district else None,
            "verification_level": user.verification_level,
            "verification_level_label": str(VerificationLevel(user.verification_level).label),
            "national_identifier": str(_("stored only as a salted hash")) if user.national_id_hash else None,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "deletion_requested_at": user.deletion_requested_at.isoformat()
            if user.deletion_requested_at
            else None,
        },
        "verifications": [
            {
                "level": v.level,
                "method": v.method,
                "provider": v.provider,
                "document_kind": v.document_kind,
                "hromada": v.hromada.name if v.hromada else None,
                "by_official": v.verified_by_id is not None,
                "at": v.created_at.isoformat(),
            }
            for v in verifications_of(user=user)
        ],
        "roles": [
            {"hromada": r.hromada.name, "role": r.role} for r in user.hromada_roles.select_related("hromada")
        ],
        "memberships": [
            {"department": m.department.name, "role": m.role, "position": m.position}
            for m in user.memberships.select_related("department")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in api_tokens_of(user=user)
        ],
        "two_factor_devices": [
            {
                "kind": device._meta.model_name,
                "name": device.name,
                "confirmed": device.confirmed,
                "created_at": _iso(getattr(device, "created_at", None)),
                "last_used_at": _iso(getattr(device, "last_used_at", None)),
            }
            for device in devices_for_user(user, confirmed=None)
        ],
        # An official's verifications of other people: how many, never whom (that is their data).
        "verifications_done_as_official": VerificationRecord.objects.filter(verified_by=user).count(),
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None

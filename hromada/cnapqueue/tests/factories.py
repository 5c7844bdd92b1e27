"""Queue rows for tests, made through the actions (so tests see what real use writes)."""

from __future__ import annotations

from typing import Any

from hromada.territory.models import Institution
from tests.factories import InstitutionFactory, UserFactory

from .. import actions
from ..models import Desk, Office, Service, StaffMember

ALWAYS_OPEN = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
WORKDAYS_9_TO_18 = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def make_office(hromada: Any, *, hours: dict | None = None, **settings: Any) -> Office:
    institution = InstitutionFactory(
        hromada=hromada, kind=Institution.Kind.CNAP, opening_hours=ALWAYS_OPEN if hours is None else hours
    )
    return actions.office_save(office=Office(hromada=hromada, institution=institution, **settings))


def make_service(office: Office, name: str = "Паспорт", prefix: str = "А", minutes: int = 10) -> Service:
    return actions.service_save(
        service=Service(office=office, name=name, prefix=prefix, average_minutes=minutes)
    )


def make_operator(office: Office, **kwargs: Any) -> Any:
    person = UserFactory(hromada=office.hromada, **kwargs)
    actions.staff_member_add(office=office, user=person, role=StaffMember.Role.OPERATOR)
    return person


def make_manager(office: Office) -> Any:
    person = UserFactory(hromada=office.hromada)
    actions.staff_member_add(office=office, user=person, role=StaffMember.Role.MANAGER)
    return person


def make_desk(office: Office, services: list[Service], number: int = 1, operator: Any | None = None) -> Desk:
    operator = operator or make_operator(office)
    return actions.desk_save(
        desk=Desk(office=office, number=number, state=Desk.State.OPEN), services=services, operator=operator
    )


def take(office: Office, service: Service, **kwargs: Any) -> Any:
    kwargs.setdefault("person", UserFactory(hromada=office.hromada))
    kwargs.setdefault("channel", "web")
    return actions.ticket_take(office=office, service=service, **kwargs)

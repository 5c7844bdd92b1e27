"""Services, definitions and people for the services tests: real rows through the real actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from hromada.accounts.identity import rnokpp_control_digit
from hromada.accounts.models import DepartmentMembership, HromadaRole, User, VerificationLevel
from hromada.core.models import Hromada
from hromada.services import actions
from hromada.services.models import Service, Tariff
from hromada.territory.models import Department
from tests.factories import DepartmentFactory, UserFactory, totp_device

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RNOKPP = "312345678" + rnokpp_control_digit("312345678")


def spec(*, two_step: bool = False, level: int = 1, file_required: bool = False) -> dict[str, Any]:
    return {
        "identity_level": level,
        "fields": [
            {"name": "full_name", "type": "person", "label": {"uk": "ПІБ", "en": "Full name"}, "required": True,  # noqa: E501
             "prefill": "full_name"},
            {"name": "rnokpp", "type": "rnokpp", "label": {"uk": "РНОКПП", "en": "Taxpayer number"}, "required": True},  # noqa: E501
            {"name": "kind", "type": "choice", "label": {"uk": "Об'єкт", "en": "Object"}, "required": True,
             "choices": [{"value": "house", "label": {"uk": "Будинок"}}, {"value": "plot", "label": {"uk": "Ділянка"}}]},  # noqa: E501
            {"name": "cadastral", "type": "cadastral", "label": {"uk": "Кадастровий номер", "en": "Cadastral number"},  # noqa: E501
             "required": True, "show_if": {"field": "kind", "equals": "plot"}},
            {"name": "scan", "type": "file", "label": {"uk": "Скан документа", "en": "Scan"},
             "required": file_required, "file_types": ["pdf"], "max_mb": 1},
        ],
        "workflow": {
            "stages": [
                {"key": "check", "title": {"uk": "Перевірка"}, "role": "cnap_officer", "days": 1},
                {"key": "decide", "title": {"uk": "Рішення"}, "role": "specialist", "days": 4},
            ],
            "two_step": two_step,
            "refusal_reasons": [{"code": "incomplete", "label": {"uk": "Неповний пакет", "en": "Incomplete"}}],  # noqa: E501
        },
    }  # fmt: skip


def district_spec() -> dict[str, Any]:
    """``spec()`` with the address of the property, which asks the district (issue 13)."""
    definition = spec()
    definition["fields"].insert(
        3,
        {"name": "address", "type": "address", "required": True, "district": True,
         "label": {"uk": "Адреса об'єкта", "en": "Address of the property"}},
    )  # fmt: skip
    return definition


GOOD = {"full_name": "Петренко Олена", "rnokpp": RNOKPP, "kind": "house"}


def make_service(
    hromada: Hromada,
    *,
    department: Department | None = None,
    code: str = "cnap-038",
    two_step: bool = False,
    level: int = 1,
    term: tuple[int | None, str] = (5, "working_days"),
    fee: str = "0",
    online: bool = True,
    file_required: bool = False,
) -> Service:
    service = Service(
        hromada=hromada,
        code=code,
        title="Присвоєння адреси об’єкту нерухомого майна",
        title_en="Assignment of an address",
        provider="ОМС",
        department=department,
        categories=["construction"],
        life_situations=["construction"],
        documents=["Заява"],
    )
    actions.service_save(service=service, actor=None)
    Tariff.objects.create(
        hromada=hromada,
        service=service,
        variant="regular",
        term_value=term[0],
        term_unit=term[1],
        fee_formula=fee,
    )
    if online:
        actions.definition_publish(
            service=service,
            spec=spec(two_step=two_step, level=level, file_required=file_required),
            actor=None,
        )
    return service


@dataclass
class World:
    hromada: Hromada
    department: Department
    service: Service
    resident: User
    specialist: User
    head: User
    officer: User
    administrator: User
    outsider: User  # an official of another department


def make_world(hromada: Hromada, *, two_step: bool = False, **service_options: Any) -> World:
    department = DepartmentFactory(hromada=hromada, name=f"Відділ містобудування {hromada.slug}")
    other = DepartmentFactory(hromada=hromada, name=f"Відділ освіти {hromada.slug}")
    cnap = DepartmentFactory(hromada=hromada, name=f"ЦНАП {hromada.slug}")

    def member(dept: Department, role: str) -> User:
        user = UserFactory(hromada=hromada, is_staff=True)
        DepartmentMembership.objects.create(user=user, department=dept, role=role)
        return user

    administrator = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=administrator, hromada=hromada, role="administrator")
    return World(
        hromada=hromada,
        department=department,
        service=make_service(hromada, department=department, two_step=two_step, **service_options),
        resident=UserFactory(hromada=hromada, verification_level=VerificationLevel.STRONG),
        specialist=member(department, "specialist"),
        head=member(department, "head"),
        officer=member(cnap, "cnap_officer"),
        administrator=administrator,
        outsider=member(other, "specialist"),
    )


def with_second_factor(user: User, host: str = "testserver") -> Client:
    device = totp_device(user)
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def logged_in(user: User, host: str = "testserver") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client

"""The services part of the demo: the seed catalogue of 57 services (read from ``shared/data`` when it is
there), twelve of them fully online with their definitions, and applications in every state — a few of the
demo resident's own, and a queue for the officials sized to the hromada.

Runs inside the demo loader's transaction; everything goes through the actions. Idempotent: services are
found by code, definitions by service, and applications are made only when the hromada has none.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, HromadaRole, User
from hromada.core.democlock import demo_clock
from hromada.core.models import Hromada
from hromada.territory.models import Department, Institution
from hromada.territory.selectors import districts_of

from . import actions, payments, selectors
from .catalogue import SeedService, parse_seed, seed_path
from .definitions import DISTRICT
from .models import Application, Service
from .online import ENGLISH_TITLES, ONLINE, UK_TITLES

DEPARTMENT_WORDS = {
    "cnap": "адміністративних послуг",
    "housing": "житлово",
    "social": "соціального",
    "education": "освіти",
    "economy": "економічного",
}
RESIDENT_EMAIL = "resident@"
QUEUE_SIZE = {True: 12, False: 40}  # village, city


def seed_services() -> list[SeedService]:
    """The seed catalogue from shared/data (beside the project or a parent of it), else just the twelve
    online services, so a clone without the data still has a working demo."""
    path = seed_path([Path(settings.BASE_DIR), Path.cwd()])
    if path is not None:
        return parse_seed(path.read_text(encoding="utf-8"))
    return [
        SeedService(
            number=n,
            title=UK_TITLES[n],
            rap_id="",
            provider="ОМС",
            legal_basis=(),
            term_text="",
            fee_text="",
            sources="",
            regular_term=None,
            urgent_term=None,
            regular_fee="0",
            urgent_fee=None,
            rounding=1,
            categories=(),
            life_situations=(),
            unverified=("term", "legal_basis"),
        )
        for n in ONLINE
    ]


def _department(hromada: Hromada, key: str) -> Department | None:
    departments = list(Department.objects.filter(hromada=hromada))
    word = DEPARTMENT_WORDS.get(key, "")
    found = next((d for d in departments if word and word in d.name.lower()), None)
    if found is None:
        found = next((d for d in departments if DEPARTMENT_WORDS["cnap"] in d.name.lower()), None)
    return found


def _staff(hromada: Hromada, department: Department | None, role: str) -> User | None:
    if department is not None:
        membership = (
            DepartmentMembership.objects.filter(department=department, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    admin = HromadaRole.objects.filter(hromada=hromada, role="administrator").select_related("user").first()
    return admin.user if admin else None


DEMO_PAYEE = "Демо-рахунок громади (не сплачувати)"
DEMO_IBAN = payments.iban_with_check_digits("UA", "899998" + "0000033219811026002")
DEMO_EDRPOU = "12345678"  # a made-up code whose control digit is right


def _complete_online(hromada: Hromada) -> int:
    created = 0
    offices = list(Institution.objects.filter(hromada=hromada, name__icontains="ЦНАП"))
    for number, entry in ONLINE.items():
        service = Service.objects.filter(hromada=hromada, code=f"cnap-{number:03d}").first()
        if service is None:
            continue
        if not service.documents:
            service.department = _department(hromada, entry["department"])
            service.documents = entry["documents"]
            service.result = entry["result"]
            service.title_en = ENGLISH_TITLES[number]
            service.channels = ["in_person", "post", "online"]
            service.delivery = ["in_person", "online"]
            service.refusal_grounds = [r["label"]["uk"] for r in entry["spec"]["workflow"]["refusal_reasons"]]
            service.technology_card = [
                {
                    "stage": s["title"]["uk"],
                    "stage_en": s["title"]["en"],
                    "role": s["role"],
                    "action": s["action"],
                    "days": s["days"],
                }
                for s in entry["spec"]["workflow"]["stages"]
            ]
            actions.service_save(service=service, actor=None)
            service.offices.set(offices)
        if not service.payee_iban:
            # A made-up account with valid control digits, named so nobody pays into it.
            service.payee_name = DEMO_PAYEE
            service.payee_iban = DEMO_IBAN
            service.payee_code = DEMO_EDRPOU
            service.payment_purpose = "*;101;22012500;Плата за надання адміністративних послуг"
            actions.service_save(service=service, actor=None)
        if selectors.definition_current(service=service) is None:
            actions.definition_publish(service=service, spec=entry["spec"], actor=None)
            created += 1
    return created


def _answers(service: Service, person: User, rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    from hromada.core.uploads import CleanUpload

    definition = selectors.definition_current(service=service)
    assert definition is not None
    data: dict[str, Any] = {}
    files: dict[str, Any] = {}
    samples = {
        "person": person.full_name or "Петренко Олена",
        "phone": "+380671234567",
        "address": f"вул. Соборна, {rng.randint(1, 90)}",
        "id_card": f"{rng.randint(100000000, 999999999)}",
        "rnokpp": "3123456789",
        "passport": "АА123456",
        "date": "2020-05-17",
        "text": "Для подання до банку",
        "textarea": "Дерево аварійне, нахилилося над дитячим майданчиком.",
        "number": str(rng.randint(1, 5)),
        "cadastral": "7110100000:01:001:0001",
        "email": "resident@example.org",
    }
    for field in definition.spec["fields"]:
        kind = field["type"]
        if kind == "choice":
            data[field["name"]] = field["choices"][0]["value"]
        elif kind == "file":
            pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
            files[field["name"]] = CleanUpload(
                content=pdf, content_type="application/pdf", extension="pdf", original_name="document.pdf"
            )
        else:
            data[field["name"]] = samples.get(kind, "так")
        if kind == "address" and field.get("district") is True:
            # The person's own address, whose district the street lists give (no map point); without one,
            # the district from the list, the same one for the same person.
            if person.registered_address:
                data[field["name"]] = person.registered_address
                continue
            districts = list(districts_of(hromada=service.hromada))
            if districts:
                data[field["name"] + DISTRICT] = districts[person.pk % len(districts)].name
    return data, files


# (state, days ago filed): the demo resident's own applications and the queue's mix.
RESIDENT_STORIES = [("issued", 30, 4), ("correction", 6, 38), ("submitted", 1, 56), ("refused", 20, 44)]
STATES = ["submitted", "in_progress", "awaiting_approval", "correction", "approved", "issued", "refused"]


def _play(application: Application, state: str, staff: User, head: User, when: dt.datetime) -> None:
    if state == "submitted":
        return
    with demo_clock(when + dt.timedelta(hours=3)):
        if state == "correction":
            actions.application_return(
                application=application, actor=staff, comment="Додайте, будь ласка, чіткішу копію документа."
            )
            return
        actions.application_take(application=application, actor=staff)
    if state == "in_progress":
        return
    approve = state != "refused"
    reason = "" if approve else "incomplete"
    text = "" if approve else "До заяви не додано документ, що підтверджує право на житло."
    with demo_clock(when + dt.timedelta(days=1)):
        application = actions.application_decide(
            application=application, actor=staff, approve=approve, refusal_code=reason, text=text
        )
    if application.status == "awaiting_approval" and state != "awaiting_approval":
        with demo_clock(when + dt.timedelta(days=2)):
            application = actions.application_decide(
                application=application, actor=head, approve=approve, refusal_code=reason, text=text
            )
    if state == "issued" and application.status == "approved":
        with demo_clock(when + dt.timedelta(days=3)):
            actions.application_issue(
                application=application, actor=staff, result_text="Рішення № 145 від виконавчого комітету."
            )


def _applications(hromada: Hromada, village: bool) -> int:
    if Application.objects.filter(hromada=hromada).exists():
        return 0
    rng = random.Random(f"services-{hromada.slug}")
    online = [s for s in Service.objects.filter(hromada=hromada).order_by("code") if s.definitions.exists()]
    if not online:
        return 0
    people = list(User.objects.filter(hromada=hromada, is_staff=False, is_active=True).order_by("pk")[:60])
    resident = next((p for p in people if (p.email or "").startswith(RESIDENT_EMAIL)), None)
    now = timezone.now()
    created = 0
    stories: list[tuple[User, Service, str, int]] = []
    by_number = {int(s.code.split("-")[1]): s for s in online}
    if resident is not None:
        for state, days, number in RESIDENT_STORIES:
            if number in by_number:
                stories.append((resident, by_number[number], state, days))
    others = [p for p in people if p is not resident]
    for i in range(QUEUE_SIZE[village]):
        if not others:
            break
        stories.append(
            (others[i % len(others)], online[i % len(online)], STATES[i % len(STATES)], 1 + i % 12)
        )
    for person, service, state, days in stories:
        department = service.department
        staff = _staff(hromada, department, "specialist") or _staff(hromada, department, "head")
        head = _staff(hromada, department, "head") or staff
        officer = _staff(hromada, _department(hromada, "cnap"), "cnap_officer") or head
        if staff is None or head is None:
            continue
        when = now - dt.timedelta(days=days, hours=rng.randint(1, 6))
        data, files = _answers(service, person, rng)
        definition = selectors.definition_current(service=service)
        assert definition is not None
        desk = not person.meets(int(definition.spec.get("identity_level", 0)))
        offices = selectors.desk_offices(service=service) if desk else []
        with demo_clock(when):
            application = actions.application_submit(
                service=service, applicant=person, data=data, files=files,
                idempotency_key=f"demo-{created}", filed_by=officer if desk else None,
                office=offices[created % len(offices)] if offices else None,
            )  # fmt: skip
        _play(application, state, staff, head, when)
        created += 1
    if resident is not None and 1 in by_number:
        actions.application_draft_save(
            service=by_number[1], applicant=resident, data={"address": "вул. Миру, 3"}
        )
        created += 1
    return created


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Bring the hromada's catalogue, online definitions and demo applications up to date; returns how
    many rows were created."""
    village = hromada.kind == Hromada.Kind.VILLAGE or hromada.slug == "verbivka"
    created = actions.catalogue_import(hromada=hromada, seeds=seed_services())
    created += _complete_online(hromada)
    created += _applications(hromada, village)
    if progress is not None:
        progress(f"{hromada.slug} · services: {created} rows")
    return created

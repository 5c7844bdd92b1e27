"""The ЦНАП office of a desk filing: chosen at the desk among the offices that provide the service,
checked by the action, and the statistics per office (online and API applications as one row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hromada.core.errors import ApplicationError
from hromada.core.workdays import KYIV
from hromada.services import actions, selectors
from hromada.services.models import Application
from hromada.territory.models import Institution
from tests.factories import HromadaFactory, InstitutionFactory

from .factories import GOOD, with_second_factor

pytestmark = pytest.mark.django_db


def _cnap(hromada, name: str, name_en: str = "") -> Institution:
    return InstitutionFactory(hromada=hromada, kind=Institution.Kind.CNAP, name=name, name_en=name_en)


def test_the_desk_offers_the_services_offices_and_records_the_chosen_one(world):
    centre = _cnap(world.hromada, "ЦНАП Центральний", "Central TsNAP")
    village = _cnap(world.hromada, "ЦНАП у Вербівці")
    _cnap(world.hromada, "ЦНАП, що цієї послуги не надає")
    world.service.offices.set([centre, village])
    officer = with_second_factor(world.officer)
    url = f"/services/desk/{world.service.code}/"

    page = officer.get(url).content.decode()
    assert "ЦНАП Центральний" in page and "ЦНАП у Вербівці" in page and "не надає" not in page
    english = officer.get(f"/en{url}").content.decode()
    assert "Central TsNAP" in english and 'lang="uk">ЦНАП у Вербівці' in english

    missing = officer.post(url, {**GOOD, "login": world.resident.email})
    assert missing.status_code == 400 and not Application.objects.exists()
    assert "ЦНАП у Вербівці" in missing.content.decode()  # the form comes back with its choices
    assert 'value="Петренко Олена"' in missing.content.decode()  # and what was typed
    foreign = officer.post(url, {**GOOD, "login": world.resident.email, "office": "99999999999999999999"})
    assert foreign.status_code == 400 and not Application.objects.exists()

    filed = officer.post(url, {**GOOD, "login": world.resident.email, "office": str(village.pk)})
    assert filed.status_code == 302
    assert Application.objects.get().office == village


def test_without_offices_on_the_card_every_tsnap_of_the_hromada_is_offered(world):
    centre = _cnap(world.hromada, "ЦНАП Центральний")
    InstitutionFactory(hromada=world.hromada, kind=Institution.Kind.SCHOOL, name="Ліцей № 1")
    assert selectors.desk_offices(service=world.service) == [centre]


def test_the_action_refuses_an_office_of_another_hromada_or_online(world):
    other = _cnap(HromadaFactory(), "ЦНАП іншої громади")
    own = _cnap(world.hromada, "ЦНАП Центральний")
    with pytest.raises(ApplicationError):
        actions.application_submit(
            service=world.service, applicant=None, data=GOOD, filed_by=world.officer, office=other
        )
    with pytest.raises(ApplicationError):  # an office is a desk's: not for an online application
        actions.application_submit(service=world.service, applicant=world.resident, data=GOOD, office=own)
    assert not Application.objects.exists()


def test_statistics_per_office_count_desk_filings_by_office_and_online_as_one_row(world, clock):
    centre = _cnap(world.hromada, "ЦНАП Центральний", "Central TsNAP")
    village = _cnap(world.hromada, "ЦНАП у Вербівці")
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))  # a Monday
    at_centre = [
        actions.application_submit(
            service=world.service, applicant=None, data=GOOD, filed_by=world.officer, office=centre
        )
        for _ in range(2)
    ]
    actions.application_submit(
        service=world.service, applicant=None, data=GOOD, filed_by=world.officer, office=village
    )
    actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    clock.set(dt.datetime(2026, 3, 4, 10, tzinfo=KYIV))
    for application in at_centre:
        actions.application_take(application=application, actor=world.specialist)
    actions.application_decide(application=at_centre[0], actor=world.specialist, approve=True)
    actions.application_decide(
        application=at_centre[1], actor=world.specialist, approve=False, refusal_code="incomplete", text="Ні."
    )

    rows = selectors.service_statistics(hromada=world.hromada, year=2026, language="uk", by="office")

    by_title = {item.title: item for item in rows}
    assert set(by_title) == {"ЦНАП Центральний", "ЦНАП у Вербівці", "Онлайн і через API"}
    centre_row = by_title["ЦНАП Центральний"].row
    assert centre_row.received == {"online": 0, "desk": 2, "api": 0} and centre_row.decided == 2
    assert centre_row.median_days == 2.0 and centre_row.p90_days == 2
    assert by_title["ЦНАП Центральний"].refusals == [("Неповний пакет", 1)]
    assert by_title["ЦНАП у Вербівці"].row.received_total == 1
    assert by_title["Онлайн і через API"].row.received == {"online": 1, "desk": 0, "api": 0}

    page = Client().get("/services/statistics/", {"year": 2026, "by": "office"}).content.decode()
    assert "ЦНАП Центральний" in page and "ЦНАП у Вербівці" in page and "Онлайн і через API" in page
    english = Client().get("/en/services/statistics/", {"year": 2026, "by": "office"}).content.decode()
    assert "Central TsNAP" in english and "Online and through the API" in english
    staff = with_second_factor(world.specialist).get("/services/queue/statistics/", {"by": "office"})
    assert staff.status_code == 200 and "Відкриті зараз" not in staff.content.decode()
    assert Client().get("/services/statistics/", {"by": "nonsense"}).status_code == 200

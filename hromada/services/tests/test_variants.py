"""Variants of a service: the urgent one only where the card has it, each with its own term and fee, chosen
on the form with both named; the API and the desk refuse a variant the card does not offer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.core.errors import ApplicationError
from hromada.services import actions
from hromada.services.models import Application, Tariff

from .factories import GOOD, logged_in

pytestmark = pytest.mark.django_db


def _urgent(world, fee: str = "100") -> Tariff:
    return Tariff.objects.create(
        hromada=world.hromada, service=world.service, variant="urgent", term_value=1,
        term_unit="working_days", fee_formula=fee,
    )  # fmt: skip


def test_an_urgent_application_is_refused_where_the_card_has_no_urgent_variant(world):
    with pytest.raises(ApplicationError) as refused:
        actions.application_submit(
            service=world.service, applicant=world.resident, data=GOOD, variant="urgent"
        )
    assert refused.value.fields and "variant" in refused.value.fields
    with pytest.raises(ApplicationError):
        actions.application_submit(service=world.service, applicant=world.resident, data=GOOD, variant="x")
    assert Application.objects.count() == 0


def test_regular_is_refused_where_the_card_offers_only_an_urgent_variant(world):
    Tariff.objects.filter(service=world.service).update(variant="urgent")
    with pytest.raises(ApplicationError):
        actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    filed = actions.application_submit(
        service=world.service, applicant=world.resident, data=GOOD, variant="urgent"
    )
    assert filed.variant == "urgent"


def test_each_variant_has_its_own_term_and_fee(world):
    _urgent(world, fee="0.05*NMDG")
    regular = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    urgent = actions.application_submit(
        service=world.service, applicant=world.resident, data=GOOD, variant="urgent"
    )
    assert regular.fee_kop == 0 and urgent.fee_kop == 85  # 5 % of the tax-free minimum of 17 UAH
    assert urgent.due_at < regular.due_at


def test_the_form_offers_the_urgent_variant_with_its_term_and_fee_only_where_it_exists(world):
    client = logged_in(world.resident)
    plain = client.get(f"/services/{world.service.code}/apply/").content.decode()
    assert 'type="hidden" name="variant" value="regular"' in plain and "Термінове" not in plain

    _urgent(world)
    page = client.get(f"/services/{world.service.code}/apply/").content.decode()
    assert "Звичайне: 5 робочих днів, безоплатно" in page
    assert "Термінове: 1 робочий день, 100,00 грн" in page
    english = client.get(f"/en/services/{world.service.code}/apply/").content.decode()
    assert "Urgent: 1 working day, 100.00 UAH" in english

    sent = client.post(
        f"/services/{world.service.code}/apply/",
        {**GOOD, "save": "submit", "idempotency_key": "u1", "variant": "urgent"},
    )
    assert sent.status_code == 302
    assert Application.objects.get().fee_kop == 10_000


def test_the_api_answers_400_naming_the_variant(world):
    client = Client()
    client.force_login(world.resident)
    answer = client.post(
        "/api/v1/applications",
        json.dumps(
            {"service": world.service.code, "data": GOOD, "variant": "urgent", "idempotency_key": "a"}
        ),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "variant" in answer.json()["error"]["fields"]

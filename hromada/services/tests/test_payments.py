"""Paying a fee: the IBAN and ЄДРПОУ checks, the NBU QR code (format 002), the service's payment details
checked by the action and the database, and the application page showing them while the fee is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from hromada.core.errors import ApplicationError
from hromada.core.workdays import KYIV
from hromada.services import actions, payments, selectors
from hromada.services.models import Service

from .factories import GOOD, logged_in, make_world

IBAN = payments.iban_with_check_digits("UA", "899998" + "0000033219811026002")


def test_iban_control_digits_and_format_are_checked():
    assert payments.iban_problem("UA213223130000026007233566001") is None
    assert payments.iban_problem(IBAN) is None
    assert payments.iban_problem("UA223223130000026007233566001") == "iban_checksum"
    assert payments.iban_problem("UA21322313000002600723356600") == "iban_format"  # 28 characters
    assert payments.iban_problem("DE89370400440532013000") == "iban_format"  # valid, but not Ukrainian
    assert (
        payments.normalise_iban(" ua21 3223 1300 0002 6007 2335 6600 1 ") == "UA213223130000026007233566001"
    )


def test_edrpou_control_digit_with_both_weight_sets_and_the_second_pass():
    assert payments.edrpou_problem("00032106") is None  # weights 1…7
    assert payments.edrpou_problem("37567646") is None  # between 30 and 60 million: weights 7, 1…6
    assert payments.edrpou_problem("37567645") == "edrpou_checksum"
    assert payments.edrpou_problem("10000062") is None  # first remainder 10: weights raised by 2
    assert payments.edrpou_problem("10000061") == "edrpou_checksum"
    assert payments.edrpou_problem("1234567") == "edrpou_format"
    assert payments.edrpou_problem("1234567a") == "edrpou_format"


def test_nbu_qr_code_format_002_lines_and_encoding():
    url = payments.nbu_qr_url(
        recipient="ГУК у Київській обл./Світлогірська ТГ/22012500 " + "дуже довга назва " * 5,
        iban=IBAN,
        amount_kop=4992,
        recipient_code="37567646",
        purpose="*;101;22012500;Плата за надання адміністративних послуг; заява 2026-000123",
    )

    assert (
        url.startswith("https://qr.bank.gov.ua/")
        and "=" not in url
        and "+" not in url
        and "/" not in url[23:]
    )
    lines = payments.decode_nbu_qr_url(url)
    assert len(lines) == 13
    assert lines[:5] == ["BCD", "002", "1", "UCT", ""]
    assert len(lines[5]) == 70 and lines[5].startswith("ГУК у Київській обл.")
    assert lines[6:9] == [IBAN, "UAH49.92", "37567646"]
    assert lines[9:11] == ["", ""]
    assert lines[11].endswith("заява 2026-000123") and lines[12] == ""
    whole = payments.nbu_qr_text(
        recipient="Р", iban=IBAN, amount_kop=100_000, recipient_code="1", purpose="П"
    )
    assert "UAH1000.00" in whole.split("\n")


def _with_details(service: Service, **details: str) -> Service:
    for name, value in details.items():
        setattr(service, name, value)
    return actions.service_save(service=service, actor=None)


@pytest.mark.django_db
def test_service_payment_details_are_checked_by_the_action(hromada):
    world = make_world(hromada, fee="0.015*PM")
    service = world.service
    with pytest.raises(ApplicationError) as error:
        _with_details(
            service, payee_name="ГУК", payee_iban="UA223223130000026007233566001", payee_code="37567645"
        )
    assert set(error.value.fields) == {"payee_iban", "payee_code"}
    message = error.value.fields["payee_iban"][0].lower()
    assert "check digits" in message or "контрольні цифри" in message
    with pytest.raises(ApplicationError) as error:
        _with_details(service, payee_name="", payee_iban=IBAN, payee_code="37567646")
    assert set(error.value.fields) == {"payee_name"}
    spaced = " " + " ".join(IBAN[i : i + 4] for i in range(0, 29, 4))
    saved = _with_details(
        service, payee_name="  ГУК у Київській обл. ", payee_iban=spaced, payee_code="37567646"
    )
    saved.refresh_from_db()
    assert (saved.payee_name, saved.payee_iban) == ("ГУК у Київській обл.", IBAN)


@pytest.mark.django_db
def test_the_database_refuses_incomplete_or_malformed_payment_details(hromada):
    world = make_world(hromada)
    for details in (
        {"payee_iban": IBAN},
        {"payee_name": "ГУК", "payee_iban": "UA12", "payee_code": "37567646"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Service.objects.filter(pk=world.service.pk).update(**details)


@pytest.mark.django_db
def test_application_page_shows_details_and_the_qr_code_while_the_fee_is_due(hromada, clock):
    world = make_world(hromada, fee="0.015*PM")
    _with_details(world.service, payee_name="ГУК у Київській обл.", payee_iban=IBAN, payee_code="37567646",
                  payment_purpose="*;101;22012500;Адмінзбір")  # fmt: skip
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    payment = selectors.payment_for(application=application)
    assert payment is not None
    assert payments.decode_nbu_qr_url(payment.qr_url)[5:9] == [
        "ГУК у Київській обл.",
        IBAN,
        "UAH49.92",
        "37567646",
    ]
    assert payment.purpose == f"*;101;22012500;Адмінзбір; заява {application.number}"

    page = logged_in(world.resident).get(f"/services/applications/{application.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert IBAN in body and "37567646" in body and f"заява {application.number}" in body
    assert '<svg viewBox="0 0 ' in body and 'class="qr"' in body and "₴" in body
    assert 'style="' not in body[body.index('class="qr"') : body.index("</svg>")]

    actions.application_mark_paid(application=application, actor=world.specialist)
    paid = logged_in(world.resident).get(f"/services/applications/{application.pk}/").content.decode()
    assert IBAN not in paid and 'class="qr"' not in paid


@pytest.mark.django_db
def test_without_payment_details_the_page_says_whom_to_ask_and_has_no_qr(hromada):
    world = make_world(hromada, fee="0.015*PM")
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    assert selectors.payment_for(application=application).qr_url == ""
    body = logged_in(world.resident).get(f"/services/applications/{application.pk}/").content.decode()
    assert "Реквізити рахунку уточніть у ЦНАП" in body and 'class="qr"' not in body

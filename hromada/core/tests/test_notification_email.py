"""Notification e-mails: the kind's words in the recipient's language, absolute links on the hromada host."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation

from hromada.core.actions import notification_send
from hromada.core.models import HromadaHost, Notification
from hromada.core.notifications import notification_kinds, notification_render, site_url

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def test_email_speaks_the_recipients_language_whatever_the_senders(
    hromada, make_user, django_capture_on_commit_callbacks, settings
):
    settings.HROMADA_URL_SCHEME = "https"
    HromadaHost.objects.create(hromada=hromada, host="portal.svitlohirsk.example", is_primary=True)
    english = make_user(preferred_language="en")
    ukrainian = make_user(preferred_language="uk")

    with translation.override("uk"), django_capture_on_commit_callbacks(execute=True):  # a Ukrainian page
        for person in (english, ukrainian):
            notification_send(
                hromada=hromada,
                recipient=person,
                kind="petitions.published",
                params={"title": "Сквер на Шевченка"},
                url="/petitions/9/",
            )

    to_english, to_ukrainian = sorted(mail.outbox, key=lambda m: m.to != [english.email])
    assert to_english.subject == "Your petition is published: Сквер на Шевченка"
    assert "https://portal.svitlohirsk.example/en/petitions/9/" in to_english.body
    assert to_ukrainian.subject == "Вашу петицію опубліковано: Сквер на Шевченка"
    assert "https://portal.svitlohirsk.example/petitions/9/" in to_ukrainian.body
    assert "petitions.published" not in to_english.body + to_ukrainian.body
    assert Notification.objects.get(recipient=english).title == to_english.subject  # the inbox too


def test_links_use_the_primary_host_name_scheme_and_port(hromada, settings):
    settings.HROMADA_URL_SCHEME = "http"
    settings.HROMADA_URL_PORT = "8000"
    HromadaHost.objects.create(
        hromada=hromada, host="zz.localhost", is_primary=True
    )  # svitlohirsk.localhost first

    assert site_url(hromada, "/petitions/1/") == "http://zz.localhost:8000/petitions/1/"
    assert site_url(hromada, "https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_a_hromada_without_a_primary_host_uses_its_first_one(hromada, settings):
    settings.HROMADA_URL_SCHEME = "https"
    HromadaHost.objects.create(hromada=hromada, host="second.example")

    assert site_url(hromada, "/") == "https://svitlohirsk.localhost/"


def test_every_registered_kind_says_something_in_both_languages_and_never_its_code():
    kinds = notification_kinds()
    assert {"petitions.published", "budget.won", "accounts.registration_attempt"} <= {k.key for k in kinds}
    for kind in kinds:
        names = {
            name: 7 if conversion == "d" else "X"
            for name, conversion in PLACEHOLDER.findall(f"{kind.subject} {kind.body}")
        }
        english = notification_render(kind=kind.key, params=names, language="en")
        ukrainian = notification_render(kind=kind.key, params=names, language="uk")
        for text in (english, ukrainian):
            assert text.subject.strip() and "%(" not in text.subject + text.body
            assert kind.key not in text.subject + text.body
        if kind.key != "test":
            assert ukrainian.subject != english.subject, f"{kind.key} has no Ukrainian subject"


def test_security_messages_are_emailed_even_to_people_who_chose_the_digest(
    client, hromada, make_user, django_capture_on_commit_callbacks
):
    make_user(email="owner@example.org", notification_email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/register/",
            {
                "full_name": "Хтось Інший",
                "email": "owner@example.org",
                "password": "correct horse battery staple",
                "password_again": "correct horse battery staple",
                "consent": "on",
            },
        )

    [message] = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "http://svitlohirsk.localhost/accounts/login/" in message.body

"""Every registered notification reads fully in English for a recipient whose language is English.

The facts that vary (params: a petition's title, a reason written by a moderator) are content and stay as
written; everything else — the subject and body of every kind, the labels its ``shown`` turns codes into,
the e-mail's own lines — must be English. Content with an English version (a cycle's or project's title)
is shown in English when the action stored it as ``<name>_en``.
"""

from __future__ import annotations

import re

import pytest

from hromada.core.models import Notification
from hromada.core.notifications import notification_email, notification_kinds, notification_render
from hromada.core.text import has_cyrillic

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def sample_params(kind) -> dict[str, object]:
    """ASCII values for every placeholder of the kind's texts (numbers for %d)."""
    params: dict[str, object] = {}
    for text in (kind.subject, kind.body):
        for name, conversion in PLACEHOLDER.findall(str(text)):
            params[name] = 7 if conversion == "d" else f"value-of-{name}"
    return params


def test_every_notification_kind_is_english_for_an_english_recipient():
    kinds = notification_kinds()
    assert len(kinds) >= 15  # every module's kinds are registered

    ukrainian = {}
    for kind in kinds:
        text = notification_render(kind=kind.key, params=sample_params(kind), language="en")
        if has_cyrillic(text.subject) or has_cyrillic(text.body):
            ukrainian[kind.key] = text
    assert ukrainian == {}


def test_codes_are_shown_as_english_labels():
    channel = notification_render(
        kind="budget.ballot_changed", params={"cycle": "Бюджет 2026", "channel": "cnap"}, language="en"
    )
    criterion = notification_render(
        kind="budget.review", params={"title": "T", "criterion": "legality", "reasons": "R"}, language="en"
    )

    assert "(at TsNAP)" in channel.body
    assert not has_cyrillic(criterion.body.split(":")[0])


def test_content_with_an_english_version_is_shown_in_english():
    params = {"cycle": "Бюджет участі 2026", "cycle_en": "Participatory budget 2026", "channel": "paper"}

    english = notification_render(kind="budget.ballot_changed", params=params, language="en")
    ukrainian = notification_render(kind="budget.ballot_changed", params=params, language="uk")

    assert english.subject == "Your ballot in “Participatory budget 2026” was changed"
    assert "Бюджет участі 2026" in ukrainian.subject


@pytest.mark.django_db
def test_the_email_of_an_english_recipient_is_english_around_the_content(hromada, resident):
    hromada.name_en = "Test Hromada"
    hromada.save()
    resident.preferred_language = "en"
    resident.save()
    notification = Notification.objects.create(
        hromada=hromada,
        recipient=resident,
        kind="petitions.published",
        params={"title": "Відновити маршрут № 7"},
        url="/petitions/1/",
    )

    email = notification_email(notification)

    assert email.subject == "Your petition is published: Відновити маршрут № 7"
    assert not has_cyrillic(email.body.replace("Відновити маршрут № 7", ""))
    assert "/en/petitions/1/" in email.body

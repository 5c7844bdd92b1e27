"""Petition notifications reach people in their own language, with links that work from a mailbox."""

from __future__ import annotations

from django.core import mail
from django.utils import translation

from hromada.core.models import HromadaHost
from hromada.petitions import actions


def test_an_english_author_gets_an_english_email_with_an_absolute_link_when_a_moderator_publishes(
    world, settings, django_capture_on_commit_callbacks
):
    settings.HROMADA_URL_SCHEME = "https"
    HromadaHost.objects.create(hromada=world.hromada, host="svitlohirsk.example.ua", is_primary=True)
    author = world.resident(preferred_language="en")
    petition = world.submitted(author=author)
    mail.outbox.clear()

    with translation.override("uk"), django_capture_on_commit_callbacks(execute=True):  # the moderator's page
        actions.petition_publish(petition=petition, actor=world.moderator)

    [message] = [m for m in mail.outbox if m.to == [author.email]]
    assert message.subject == f"Your petition is published: {petition.title}"
    assert f"https://svitlohirsk.example.ua/en/petitions/{petition.pk}/" in message.body
    assert "petitions.published" not in message.subject + message.body

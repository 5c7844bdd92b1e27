"""A person's data across all modules: the "my data" file and the erasure after a deletion request.

Every app registers its part with :func:`hromada.core.registry.register_personal_data` in its
``AppConfig.ready()`` (in its own ``personal_data.py``); this module only walks the registry:

- :func:`personal_data_export` (a selector) assembles the downloadable file, one section per app, with
  titles and labels in the person's language;
- :func:`personal_data_erase` (an action step) runs every app's erasure inside the caller's transaction —
  ``accounts.actions.user_anonymise``, which then wipes the account itself.

It also holds core's own section: the notification inbox and the back-office change log.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .registry import PersonalData, personal_data_fields, personal_data_sections, register_personal_data

if TYPE_CHECKING:
    from hromada.accounts.models import User

EXPORT_FORMAT = "hromada-personal-data/1"
"""The ``format`` member of the "my data" file; bumped when its layout changes."""


def iso(moment: dt.datetime | dt.date | None) -> str | None:
    """A datetime or date as ISO 8601 text for the file (None stays None)."""
    return moment.isoformat() if moment is not None else None


# ---------------------------------------------------------------------------------------- selectors


def personal_data_export(*, person: User, language: str) -> dict[str, Any]:
    """Everything the platform keeps about ``person``, section by section, as JSON-ready data.

    Keys are stable English identifiers; section titles and labels of choices are in ``language``.
    Only this person's rows are read (each section filters by the person, across hromadas: one person has
    one account in the installation).
    """
    with translation.override(language):
        return {
            "format": EXPORT_FORMAT,
            "generated_at": iso(timezone.now()),
            "language": language,
            "person": person.pk,
            "sections": [
                {"key": section.key, "title": str(section.title), "data": section.export(person)}
                for section in personal_data_sections()
            ],
        }


def person_foreign_keys() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key (and one-to-one) of every installed model to the user model, through tables of
    many-to-many relations included."""
    person = get_user_model()
    return [
        field
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, person)
    ]


def personal_data_gaps() -> list[str]:
    """The foreign keys to a person no registered section covers, as ``app_label.Model.field``.

    A section covers a key for both the export and the erasure (it has both); an empty list means every
    row that points at a person is in "my data" and has a decision for the erasure.
    """
    covered = personal_data_fields()
    return sorted(
        f"{field.model._meta.label}.{field.name}" for field in person_foreign_keys() if field not in covered
    )


def _core_export(person: User) -> dict[str, Any]:
    notifications = Notification.objects.filter(recipient=person).select_related("hromada")
    changes = LogEntry.objects.filter(user=person).select_related("content_type").order_by("action_time")
    return {
        "notifications": [
            {
                "hromada": n.hromada.name,
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "at": iso(n.created_at),
                "read_at": iso(n.read_at),
                "emailed_at": iso(n.emailed_at),
            }
            for n in notifications
        ],
        # Officials only: what they changed in the back office (the object, not its text, which may name
        # other people).
        "back_office_changes": [
            {
                "at": iso(c.action_time),
                "object_type": str(c.content_type.name) if c.content_type else None,
                "object_id": c.object_id,
                "action": {1: "added", 2: "changed", 3: "deleted"}.get(c.action_flag, str(c.action_flag)),
            }
            for c in changes
        ],
    }


# ------------------------------------------------------------------------------------------ actions


def personal_data_erase(*, person: User) -> list[str]:
    """Run every registered erasure for ``person`` inside the caller's transaction; the sections' keys.

    Called by ``accounts.actions.user_anonymise`` (which locks the account and then wipes it); every step
    keeps the public records the law requires as anonymous rows and never touches a ledger entry.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("personal_data_erase runs inside the anonymisation transaction")
    done = []
    for section in personal_data_sections():
        section.erase(person)
        done.append(section.key)
    return done


def notifications_erase(*, recipient: User) -> int:
    """Delete a person's whole inbox (the messages were theirs only); returns how many."""
    deleted, _per_model = Notification.objects.filter(recipient=recipient).delete()
    return deleted


def _core_erase(person: User) -> None:
    notifications_erase(recipient=person)
    # LogEntry rows stay: they are an official's acts in the back office (who changed what, when); they
    # point at the anonymised account, which no longer names the person.


def register() -> None:
    """Core's section; called from ``CoreConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="core",
            title=_("Notifications and back-office changes"),
            export=_core_export,
            erase=_core_erase,
            covers=(Notification.recipient, LogEntry.user),
            order=20,
        )
    )

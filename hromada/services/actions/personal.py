"""A person's applications in the erasure of their account (docs/services.md, "Personal data")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .. import lifecycle
from ..models import Application, ApplicationFile

if TYPE_CHECKING:
    from hromada.accounts.models import User


def _delete_files_after_commit(files: list[ApplicationFile]) -> None:
    storages = [(f.file.storage, f.file.name) for f in files if f.file]

    def remove() -> None:
        for storage, name in storages:
            storage.delete(name)

    transaction.on_commit(remove, robust=True)


@transaction.atomic
def applications_erase(*, applicant: User) -> int:
    """Delete the person's drafts; strip their filed applications of the answers and files they gave
    (number, service, dates, status and decision stay: an administrative case and its public log).
    Returns how many applications were touched."""
    applications = list(Application.objects.filter(applicant=applicant))
    files = list(ApplicationFile.objects.filter(application__in=applications).exclude(field="result"))
    _delete_files_after_commit(files)
    ApplicationFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    drafts = [a.pk for a in applications if a.status == lifecycle.DRAFT]
    Application.objects.filter(pk__in=drafts).delete()
    Application.objects.filter(applicant=applicant).exclude(status=lifecycle.DRAFT).update(
        data={}, idempotency_key="", correction_comment="", document_text=""
    )
    return len(applications)

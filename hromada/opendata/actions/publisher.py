"""Writes to the publishers of the hromada's datasets (the back office calls these too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError
from hromada.core.permissions import require

from ..models import Publisher
from ..permissions import edits_publishers

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def publisher_save(*, publisher: Publisher, by: User | None) -> Publisher:
    """Store a publisher of the hromada's datasets; only its administrators may (``by=None``: the demo
    loader and data migrations, which act for the platform). The key is unique per hromada and the
    ЄДРПОУ is eight digits: the database holds both."""
    if by is not None:
        require(edits_publishers, by, publisher.hromada)
    try:
        publisher.full_clean(exclude=["hromada"])
    except ValidationError as error:
        fields = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        raise ApplicationError(
            _("The publisher is not valid."), code="publisher_invalid", fields=fields
        ) from None
    publisher.save()
    return publisher

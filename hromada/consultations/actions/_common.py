"""Helpers the consultations' actions share: the wording of eligibility codes and the open-phase check."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from hromada.accounts import eligibility as platform
from hromada.core import clock
from hromada.core.errors import ConflictError, PermissionDeniedError
from hromada.core.permissions import is_authenticated, require
from hromada.core.phases import Feature
from hromada.core.text import search_key

from .. import eligibility
from ..models import Consultation
from ..selectors import eligibility_codes

if TYPE_CHECKING:
    from hromada.accounts.models import User

_NOT_WORDS = re.compile(r"[^\w\s]")


def _folded(text: str) -> str:
    """A text with case, spaces and punctuation folded: what makes two statements "the same"."""
    return search_key(_NOT_WORDS.sub(" ", text))[:280]


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _require_phase(consultation: Consultation, feature: Feature) -> None:
    """Refuse unless the running phase switches ``feature`` on; after the close the refusal gives the date."""
    now = clock.now()
    if consultation.allows(feature, now):
        return
    when = clock.written(consultation.closes_at)
    if now >= consultation.closes_at:
        raise ConflictError(
            _("The consultation closed on %(date)s; it no longer accepts answers.") % {"date": when},
            code="closed",
        )
    raise ConflictError(
        _("The consultation opens on %(date)s.") % {"date": clock.written(consultation.opens_at)},
        code="not_open",
    )


_MESSAGES = {
    platform.LEVEL: lambda: _("Confirm your e-mail or phone number in your cabinet first."),
    platform.AGE: lambda: _("You are younger than this consultation allows."),
    platform.AGE_UNKNOWN: lambda: _("Your date of birth is not known: it is needed to check your age."),
    platform.RESIDENCY: lambda: _("Only residents of this hromada take part in this consultation."),
    eligibility.DISTRICT: lambda: _("Only residents of the district take part in this consultation."),
}


def _require_participant(person: User, consultation: Consultation) -> None:
    require(is_authenticated, person, consultation.hromada, _("Log in to take part in the consultation."))
    codes = eligibility_codes(person=person, consultation=consultation)
    if codes:
        lead = _("You cannot take part in this consultation.")
        raise PermissionDeniedError(
            " ".join([lead, *(str(_MESSAGES[c]()) for c in codes)]), code="not_eligible"
        )

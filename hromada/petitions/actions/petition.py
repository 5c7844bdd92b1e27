"""Petitions by their authors: drafts, edits, submission for moderation, withdrawal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.selectors import moderators_of
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import calendar_for
from hromada.core.errors import ApplicationError, ensure
from hromada.core.models import Hromada
from hromada.core.permissions import is_authenticated, require
from hromada.core.text import search_key
from hromada.territory.models import District

from .. import clocks, selectors
from ..lifecycle import WITHDRAWABLE, Status
from ..models import Addressee, Petition, PetitionRules, PetitionStatus, Topic
from ._common import _check_eligible, _iso, _locked, _log, _require_author, _text_digest, _transition

if TYPE_CHECKING:
    from hromada.accounts.models import User

TITLE_MIN, TITLE_MAX = 10, 200
TEXT_MIN, TEXT_MAX = 50, 10_000


def _clean_content(
    *, hromada: Hromada, rules: PetitionRules, title: str, text: str, topic: str, addressee: Addressee,
    district: District | None,
) -> tuple[str, str]:  # fmt: skip
    title, text = title.strip(), text.strip()
    errors: dict[str, list[str]] = {}
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = [
            _("The title is %(min)d to %(max)d characters.") % {"min": TITLE_MIN, "max": TITLE_MAX}
        ]
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        errors["text"] = [
            _("The text is %(min)d to %(max)d characters: say what you ask for and why.")
            % {"min": TEXT_MIN, "max": TEXT_MAX}
        ]
    if "\x00" in title or "\x00" in text:
        errors["text"] = [_("The text contains characters that cannot be stored.")]
    if topic not in Topic.values:
        errors["topic"] = [_("Choose a topic.")]
    if addressee.hromada_id != hromada.pk or not addressee.is_active:
        errors["addressee"] = [_("Choose an addressee of this hromada.")]
    elif rules.addressee_kinds and addressee.kind not in rules.addressee_kinds:
        errors["addressee"] = [_("Petitions cannot be addressed to this body under the current rules.")]
    if district is not None and district.hromada_id != hromada.pk:
        errors["district"] = [_("Choose a district of this hromada.")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), fields=errors)
    return title, text


def _rules_or_refuse(hromada: Hromada) -> PetitionRules:
    rules = selectors.rules_current(hromada=hromada)
    if rules is None:
        raise ApplicationError(
            _("E-petitions are not open in this hromada yet: its rules have not been set."), code="no_rules"
        )
    return rules


@transaction.atomic
def petition_create_draft(
    *,
    hromada: Hromada,
    author: User,
    title: str,
    text: str,
    topic: str,
    addressee: Addressee,
    district: District | None = None,
) -> Petition:
    """Start a private draft (eligible people under the current rules' creation level and residency)."""
    require(is_authenticated, author)
    rules = _rules_or_refuse(hromada)
    _check_eligible(author, rules, level=rules.create_level, creating=True)
    title, text = _clean_content(
        hromada=hromada,
        rules=rules,
        title=title,
        text=text,
        topic=topic,
        addressee=addressee,
        district=district,
    )
    return Petition.objects.create(
        hromada=hromada,
        author=author,
        title=title,
        text=text,
        topic=topic,
        addressee=addressee,
        district=district,
        status=PetitionStatus.DRAFT,
        search_text=search_key(title, text),
    )


@transaction.atomic
def petition_update(
    *,
    petition: Petition,
    actor: User,
    title: str,
    text: str,
    topic: str,
    addressee: Addressee,
    district: District | None = None,
) -> Petition:
    """Change a draft's content (its author, only while it is a draft)."""
    petition = _locked(petition)
    _require_author(petition, actor)
    ensure(
        petition.status == PetitionStatus.DRAFT,
        _("Only a draft can be changed; a submitted petition keeps its text."),
        code="petition_status",
    )
    rules = _rules_or_refuse(petition.hromada)
    title, text = _clean_content(
        hromada=petition.hromada, rules=rules, title=title, text=text, topic=topic, addressee=addressee,
        district=district,
    )  # fmt: skip
    petition.title, petition.text, petition.topic = title, text, topic
    petition.addressee, petition.district = addressee, district
    petition.search_text = search_key(title, text)
    petition.save(
        update_fields=["title", "text", "topic", "addressee", "district", "search_text", "updated_at"]
    )
    return petition


@transaction.atomic
def petition_submit(*, petition: Petition, actor: User) -> Petition:
    """The author sends the draft to moderation; the moderation clock (working days) starts."""
    petition = _locked(petition)
    _require_author(petition, actor)
    rules = _rules_or_refuse(petition.hromada)
    _check_eligible(actor, rules, level=rules.create_level, creating=True)
    old = _transition(petition, PetitionStatus.SUBMITTED)
    now = clock.now()
    petition.submitted_at = now
    petition.moderation_due_at = clocks.moderation_due(
        calendar_for(hromada=petition.hromada), submitted_at=now, working_days=rules.moderation_working_days
    )
    petition.save(update_fields=["status", "submitted_at", "moderation_due_at", "updated_at"])
    _log(
        petition,
        "submitted",
        actor=actor,
        payload={
            "from": old,
            "text_sha256": _text_digest(petition),
            "moderation_due": _iso(petition.moderation_due_at),
        },
    )
    notify_on_commit(
        hromada=petition.hromada,
        recipients=moderators_of(hromada=petition.hromada),
        kind="petitions.submitted",
        params={"title": petition.title},
        url="/petitions/moderation/",
    )
    return petition


@transaction.atomic
def petition_withdraw(*, petition: Petition, actor: User) -> Petition:
    """The author withdraws the petition — only before it reaches its threshold."""
    petition = _locked(petition)
    _require_author(petition, actor)
    ensure(
        petition.status in WITHDRAWABLE,
        _("A petition can be withdrawn only before it reaches the threshold."),
        code="petition_status",
    )
    old = _transition(petition, PetitionStatus.WITHDRAWN)
    now = clock.now()
    petition.withdrawn_at = now
    if petition.published_at is not None:
        petition.closed_at = now
    petition.save(update_fields=["status", "withdrawn_at", "closed_at", "updated_at"])
    if old != Status.DRAFT:  # a private draft leaves no public trace
        _log(petition, "withdrawn", actor=actor, payload={"from": old})
    return petition

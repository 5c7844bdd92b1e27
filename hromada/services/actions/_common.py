"""What the services actions share: wording the pure cores' codes, the log and the history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.text import search_key
from hromada.ledger.actions import ledger_append

from ..definitions import label
from ..models import Application, Event, Service

if TYPE_CHECKING:
    from hromada.accounts.models import User


def _field_message(code: str, field_label: str) -> str:
    """A check's code (definitions.check_value) as a sentence naming the field."""
    messages = {
        "required": _("“%(field)s” is required."),
        "invalid_characters": _("“%(field)s” contains characters that cannot be stored."),
        "invalid_number": _("“%(field)s” must be a number."),
        "invalid_date": _("“%(field)s” must be a date (YYYY-MM-DD)."),
        "invalid_choice": _("Choose one of the options for “%(field)s”."),
        "invalid_rnokpp": _("“%(field)s”: the RNOKPP has 10 digits and its control digit does not match."),
        "invalid_passport": _(
            "“%(field)s”: a passport number is two Cyrillic letters and six digits, e.g. АА123456."
        ),
        "invalid_id_card": _("“%(field)s”: an ID-card number has nine digits."),
        "invalid_cadastral": _("“%(field)s”: a cadastral number looks like 1234567890:12:345:6789."),
        "invalid_phone": _("“%(field)s”: enter a phone number, e.g. +380671234567."),
        "invalid_email": _("“%(field)s”: enter an e-mail address."),
        "too_long": _("“%(field)s” is too long."),
        "invalid_point": _("“%(field)s”: the map point needs a latitude and a longitude, in degrees."),
        "point_outside": _("“%(field)s”: the map point is outside the hromada's districts."),
        "district_required": _("“%(field)s”: choose the district or mark the place on the map."),
        "invalid_district": _("“%(field)s”: choose one of the hromada's districts."),
        "street_not_listed": _(
            "“%(field)s”: this street is not on the hromada's street lists: choose the district or mark the "
            "place on the map."
        ),
        "house_not_listed": _(
            "“%(field)s”: this house number is not on the hromada's street lists: check it, or choose the "
            "district or mark the place on the map."
        ),
        "street_split": _(
            "“%(field)s”: this street runs through more than one district: add the house number, or choose "
            "one of its districts or mark the place on the map."
        ),
    }
    return messages.get(code, _("“%(field)s” is not valid.")) % {"field": field_label}


def _definition_message(code: str, path: str) -> str:
    messages = {
        "not_an_object": _("%(path)s: expected an object."),
        "bad_identity_level": _("%(path)s: the identity level is 0 to 3."),
        "no_fields": _("%(path)s: a form needs at least one field."),
        "too_many_fields": _("%(path)s: too many fields."),
        "bad_name": _("%(path)s: a field name is lower-case Latin letters, digits and “_”."),
        "duplicate_name": _("%(path)s: two fields have this name."),
        "unknown_type": _("%(path)s: unknown field type."),
        "missing_label": _("%(path)s: a Ukrainian label is required."),
        "condition_on_missing_field": _("%(path)s: the condition names a field that is not above this one."),
        "condition_without_value": _("%(path)s: the condition needs “equals”."),
        "bad_choices": _("%(path)s: a choice field needs distinct, non-empty values."),
        "bad_file_types": _("%(path)s: file types are “pdf” and “image”."),
        "bad_file_size": _("%(path)s: the size limit is 1 to 10 MB."),
        "bad_prefill": _("%(path)s: unknown prefill source."),
        "bad_district": _("%(path)s: “district” is true or false, and only for an address field."),
        "no_workflow": _("%(path)s: the workflow is missing."),
        "no_stages": _("%(path)s: the workflow needs at least one stage."),
        "bad_stage_key": _("%(path)s: each stage needs a distinct key."),
        "stage_without_role": _("%(path)s: every stage needs a responsible role."),
        "unknown_role": _("%(path)s: the role is specialist, head or cnap_officer."),
        "bad_action": _("%(path)s: the action is В, У, П or З."),
        "bad_days": _("%(path)s: days are 0 to 365."),
        "bad_two_step": _("%(path)s: true or false."),
        "bad_refusal_reasons": _("%(path)s: a list of reasons."),
        "bad_refusal_code": _("%(path)s: each refusal reason needs a distinct code."),
        "template_not_a_template": _("%(path)s: the result template needs a Ukrainian text (“uk”)."),
        "template_too_long": _("%(path)s: the result template is too long (10,000 characters at most)."),
        "template_unknown_placeholder": _(
            "%(path)s: a placeholder in braces is neither a field of the form nor one of {number}, {date}, "
            "{service}, {hromada}, {result}."
        ),
        "template_stray_brace": _("%(path)s: a brace “{” or “}” that is not part of a placeholder."),
    }
    return messages.get(code, _("%(path)s: invalid.")) % {"path": path or "—"}


def _field_label(field: Mapping[str, Any]) -> str:
    return label(field.get("label"), (get_language() or "uk")[:2])


def _service_search_text(service: Service) -> str:
    acts = " ".join(str(a.get("act", "")) for a in service.legal_basis if isinstance(a, dict))
    return search_key(
        service.title, service.title_en, service.short_title, service.description, service.provider,
        service.rap_id, service.code, acts, " ".join(str(d) for d in service.documents),
    )  # fmt: skip


def _digest(spec: Any) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _log(application: Application, kind: str, *, payload: dict[str, Any]) -> None:
    ledger_append(
        hromada=application.hromada,
        kind=f"services.application_{kind}",
        subject=application,
        payload={"number": application.number, "service": application.service.code, **payload},
    )


def _history(
    application: Application, kind: str, *, actor: User | None, text: str = "", internal: bool = False
) -> Event:
    return Event.objects.create(
        hromada=application.hromada,
        application=application,
        kind=kind,
        actor=actor,
        at=clock.now(),
        status=application.status,
        text=text,
        internal=internal,
    )

"""Declarative service definitions: the online form and the workflow as data. Pure Python, no Django import.

A definition is JSON (so communities can share it)::

    {
      "identity_level": 1,                       # 0 none … 3 identity verified (accounts.VerificationLevel)
      "fields": [
        {"name": "address", "type": "address", "required": true,
         "label": {"uk": "Адреса", "en": "Address"}, "help": {"uk": "…", "en": "…"},
         "show_if": {"field": "kind", "equals": "house"},      # optional; the field named must come first
         "prefill": "full_name" | "email" | "phone",            # optional; from the verified profile
         "choices": [{"value": "a", "label": {"uk": "…", "en": "…"}}],   # type "choice" only
         "file_types": ["pdf", "image"], "max_mb": 5,           # type "file" only
         "max_length": 500,                                     # text types, optional
         "district": true}                                      # type "address" only: ask the district
      ],
      "workflow": {
        "stages": [{"key": "check", "title": {"uk": "…", "en": "…"}, "role": "specialist",
                    "action": "В", "days": 2}],
        "two_step": true,                        # a specialist prepares, the head of department approves
        "refusal_reasons": [{"code": "incomplete", "label": {"uk": "…", "en": "…"}}]
      }
    }

:func:`validate_definition` returns every problem as ``(code, path)``; :func:`check_data` checks what a
resident typed against a definition and returns the cleaned values and per-field error codes. Callers word
the codes in the resident's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from hromada.accounts.identity import rnokpp_is_valid

from . import documents

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "checkbox",
    "address",
    "person",
    "file",
    "rnokpp",
    "passport",
    "id_card",
    "cadastral",
    "phone",
    "email",
)
ROLES = ("specialist", "head", "cnap_officer")
ACTIONS = ("В", "У", "П", "З")  # виконує, бере участь, погоджує, затверджує
PREFILL = ("full_name", "email", "phone")
FILE_TYPES = ("pdf", "image")
MAX_FILE_MB = 10
MAX_FIELDS = 60
TEXT_MAX = 500
TEXTAREA_MAX = 5000

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CADASTRAL = re.compile(r"^\d{10}:\d{2}:\d{3}:\d{4}$")
_PASSPORT = re.compile(r"^[А-ЯІЇЄҐ]{2}\d{6}$")
_ID_CARD = re.compile(r"^\d{9}$")
_PHONE = re.compile(r"^\+?[\d\s()\-]{9,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOOKALIKES = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")


@dataclass(frozen=True)
class Problem:
    code: str
    path: str


def _has_label(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("uk"), str) and bool(value["uk"].strip())


def validate_definition(spec: Any) -> list[Problem]:
    """Every reason ``spec`` cannot be published (empty when it can)."""
    problems: list[Problem] = []
    if not isinstance(spec, Mapping):
        return [Problem("not_an_object", "")]
    level = spec.get("identity_level", 0)
    if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 3:
        problems.append(Problem("bad_identity_level", "identity_level"))
    fields = spec.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(Problem("no_fields", "fields"))
        fields = []
    if len(fields) > MAX_FIELDS:
        problems.append(Problem("too_many_fields", "fields"))
    seen: dict[str, str] = {}
    for i, field in enumerate(fields):
        path = f"fields[{i}]"
        if not isinstance(field, Mapping):
            problems.append(Problem("not_an_object", path))
            continue
        name = field.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(Problem("bad_name", f"{path}.name"))
            name = None
        elif name in seen:
            problems.append(Problem("duplicate_name", f"{path}.name"))
        kind = field.get("type")
        if kind not in FIELD_TYPES:
            problems.append(Problem("unknown_type", f"{path}.type"))
        if not _has_label(field.get("label")):
            problems.append(Problem("missing_label", f"{path}.label"))
        condition = field.get("show_if")
        if condition is not None:
            target = condition.get("field") if isinstance(condition, Mapping) else None
            if target not in seen:
                problems.append(Problem("condition_on_missing_field", f"{path}.show_if"))
            elif "equals" not in condition:
                problems.append(Problem("condition_without_value", f"{path}.show_if"))
        if kind == "choice":
            choices = field.get("choices")
            values = (
                [c.get("value") for c in choices if isinstance(c, Mapping)]
                if isinstance(choices, list)
                else []
            )
            if (
                not values
                or any(not isinstance(v, str) or not v for v in values)
                or len(set(values)) != len(values)
            ):
                problems.append(Problem("bad_choices", f"{path}.choices"))
            elif not all(isinstance(c, Mapping) and _has_label(c.get("label")) for c in choices or []):
                problems.append(Problem("missing_label", f"{path}.choices"))
        if kind == "file":
            types = field.get("file_types", list(FILE_TYPES))
            if not isinstance(types, list) or not types or any(t not in FILE_TYPES for t in types):
                problems.append(Problem("bad_file_types", f"{path}.file_types"))
            size = field.get("max_mb", 5)
            if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_FILE_MB:
                problems.append(Problem("bad_file_size", f"{path}.max_mb"))
        district = field.get("district", False)
        if not isinstance(district, bool) or (district and kind != "address"):
            problems.append(Problem("bad_district", f"{path}.district"))
        prefill = field.get("prefill")
        if prefill is not None and prefill not in PREFILL:
            problems.append(Problem("bad_prefill", f"{path}.prefill"))
        if name is not None:
            seen[name] = str(kind)
    workflow = spec.get("workflow")
    if not isinstance(workflow, Mapping):
        problems.append(Problem("no_workflow", "workflow"))
        return problems
    stages = workflow.get("stages")
    if not isinstance(stages, list) or not stages:
        problems.append(Problem("no_stages", "workflow.stages"))
        stages = []
    keys: set[str] = set()
    for i, stage in enumerate(stages):
        path = f"workflow.stages[{i}]"
        if not isinstance(stage, Mapping):
            problems.append(Problem("not_an_object", path))
            continue
        key = stage.get("key")
        if not isinstance(key, str) or not _CODE.match(key) or key in keys:
            problems.append(Problem("bad_stage_key", f"{path}.key"))
        else:
            keys.add(key)
        if not _has_label(stage.get("title")):
            problems.append(Problem("missing_label", f"{path}.title"))
        role = stage.get("role")
        if not role:
            problems.append(Problem("stage_without_role", f"{path}.role"))
        elif role not in ROLES:
            problems.append(Problem("unknown_role", f"{path}.role"))
        if stage.get("action", "В") not in ACTIONS:
            problems.append(Problem("bad_action", f"{path}.action"))
        days = stage.get("days", 1)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
            problems.append(Problem("bad_days", f"{path}.days"))
    if not isinstance(workflow.get("two_step", False), bool):
        problems.append(Problem("bad_two_step", "workflow.two_step"))
    reasons = workflow.get("refusal_reasons", [])
    codes: set[str] = set()
    if not isinstance(reasons, list):
        problems.append(Problem("bad_refusal_reasons", "workflow.refusal_reasons"))
        reasons = []
    for i, reason in enumerate(reasons):
        path = f"workflow.refusal_reasons[{i}]"
        code = reason.get("code") if isinstance(reason, Mapping) else None
        if not isinstance(code, str) or not _CODE.match(code) or code in codes:
            problems.append(Problem("bad_refusal_code", f"{path}.code"))
        else:
            codes.add(code)
        if not isinstance(reason, Mapping) or not _has_label(reason.get("label")):
            problems.append(Problem("missing_label", f"{path}.label"))
    template = spec.get("result_template")
    if template is not None:
        names = [f.get("name", "") for f in fields if isinstance(f, Mapping)]
        for code in documents.template_problems(template, names):
            problems.append(Problem(f"template_{code}", "result_template"))
    return problems


# ----------------------------------------------------------------------------------- checking values


def label(text: Any, language: str) -> str:
    """A label in ``language`` (``uk``/``en``), falling back to Ukrainian."""
    if isinstance(text, Mapping):
        return str(text.get(language) or text.get("uk") or "")
    return str(text or "")


def is_visible(field: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    condition = field.get("show_if")
    if not condition:
        return True
    return str(values.get(condition["field"], "")) == str(condition["equals"])


def normalise_passport(value: str) -> str:
    return re.sub(r"[\s\-]", "", value).upper().translate(_LOOKALIKES)


def check_value(field: Mapping[str, Any], raw: Any) -> tuple[Any, str | None]:
    """The cleaned value of one (visible, non-file) field and an error code, or None when it is fine."""
    kind = field.get("type")
    text = "" if raw is None else str(raw).strip()
    if kind == "checkbox":
        checked = text.lower() in ("1", "true", "on", "yes")
        return checked, ("required" if field.get("required") and not checked else None)
    if not text:
        return "", ("required" if field.get("required") else None)
    if "\x00" in text:
        return text, "invalid_characters"
    if kind == "number":
        try:
            number = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            return text, "invalid_number"
        if not number.is_finite():
            return text, "invalid_number"
        return str(number), None
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return text, "invalid_date"
    if kind == "choice":
        values = [c.get("value") for c in field.get("choices", [])]
        return text, (None if text in values else "invalid_choice")
    if kind == "rnokpp":
        digits = re.sub(r"[\s\-]", "", text)
        return digits, (None if rnokpp_is_valid(digits) else "invalid_rnokpp")
    if kind == "passport":
        value = normalise_passport(text)
        return value, (None if _PASSPORT.match(value) else "invalid_passport")
    if kind == "id_card":
        value = re.sub(r"[\s\-]", "", text)
        return value, (None if _ID_CARD.match(value) else "invalid_id_card")
    if kind == "cadastral":
        value = re.sub(r"\s", "", text)
        return value, (None if _CADASTRAL.match(value) else "invalid_cadastral")
    if kind == "phone":
        return text, (None if _PHONE.match(text) and sum(c.isdigit() for c in text) >= 9 else "invalid_phone")
    if kind == "email":
        return text, (None if _EMAIL.match(text) and len(text) <= 254 else "invalid_email")
    limit = int(field.get("max_length") or (TEXTAREA_MAX if kind == "textarea" else TEXT_MAX))
    return text, ("too_long" if len(text) > limit else None)


def check_data(
    spec: Mapping[str, Any], data: Mapping[str, Any], *, files: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], dict[str, str]]:
    """What a resident typed, checked against ``spec``: (clean values of the visible fields, errors by
    field name). ``files`` names the file fields that carry a file (stored earlier or in this request);
    hidden fields are dropped whatever was sent."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in spec.get("fields", []):
        name = field["name"]
        if not is_visible(field, clean):
            continue
        if field["type"] == "file":
            if field.get("required") and name not in files:
                errors[name] = "required"
            continue
        value, error = check_value(field, data.get(name))
        clean[name] = value
        if error:
            errors[name] = error
    return clean, errors


# An address field with ``"district": true`` brings three values of its own, named after it with a suffix
# no field name can have (a hyphen): an optional map point and the district (its name, unique in a hromada).
LAT, LON, DISTRICT = "-lat", "-lon", "-district"


def district_fields(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The address fields that ask for the district."""
    return [f for f in spec.get("fields", []) if f.get("type") == "address" and f.get("district") is True]


def district_names(spec: Mapping[str, Any]) -> list[str]:
    """The names of the values the district-asking address fields bring (point and district)."""
    return [f["name"] + suffix for f in district_fields(spec) for suffix in (LAT, LON, DISTRICT)]


def answer_rows(
    spec: Mapping[str, Any],
    data: Mapping[str, Any],
    language: str,
    *,
    district_label: str,
    district_names: Mapping[str, str] | None = None,
) -> list[tuple[str, Any]]:
    """(label, value) of every answered field in the form's order; a choice shows its option's label, not
    its value; an address's district follows it (its stored Ukrainian name, or its name in
    ``district_names`` when given there)."""
    rows: list[tuple[str, Any]] = []
    for field in spec.get("fields", []):
        name = field["name"]
        if name not in data:
            continue
        value = data[name]
        options = {c.get("value"): c.get("label") for c in field.get("choices", [])}
        if field.get("type") == "choice" and value in options:
            value = label(options[value], language)
        rows.append((label(field.get("label"), language), value))
        if field.get("type") == "address" and data.get(name + DISTRICT):
            district = data[name + DISTRICT]
            rows.append((district_label, (district_names or {}).get(district, district)))
    return rows


def check_point(lat: Any, lon: Any) -> tuple[tuple[float, float] | None, str | None]:
    """A map point typed or picked as latitude and longitude: ((lat, lon) or None when both are empty, an
    error code when only one is given or either is not a coordinate)."""
    texts = ["" if v is None else str(v).strip().replace(",", ".") for v in (lat, lon)]
    if not any(texts):
        return None, None
    try:
        latitude, longitude = (float(t) for t in texts)
    except ValueError:
        return None, "invalid_point"
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, "invalid_point"
    return (latitude, longitude), None


def file_fields(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [f for f in spec.get("fields", []) if f.get("type") == "file"]


def stages(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(spec.get("workflow", {}).get("stages", []))


def refusal_codes(spec: Mapping[str, Any]) -> list[str]:
    return [r["code"] for r in spec.get("workflow", {}).get("refusal_reasons", [])]


def two_step(spec: Mapping[str, Any]) -> bool:
    return bool(spec.get("workflow", {}).get("two_step", False))

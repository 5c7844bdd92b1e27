"""What each kind of log entry is called for people: a label per kind, registered by the app that appends it.

An entry's ``kind`` (``petition.signed``, ``audit.person.verified``) is a stable technical code: it is part of
the hashed record and auditors filter by it. Residents read a label instead, in the page language. Each app
declares the labels of the kinds it appends in its ``<app>/ledger_kinds.py``, whose ``register()`` calls::

    register_ledger_kinds({"petition.signed": _("Petition signed"), ...})

The ledger's ``AppConfig.ready()`` finds these modules (:func:`discover_ledger_kinds`, as the admin finds
``admin.py``), so the ledger imports no domain app and a module needs no line of its own to plug in.

The back office's generic audit entries (``audit.<model>.created|changed|deleted``, one per registered
model) are named from the model's verbose name, so a new back-office page needs no entry here.
``tests/test_ledger_kinds.py`` finds every kind the code can append and fails on one without a label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy

__all__ = ["discover_ledger_kinds", "ledger_kind_label", "ledger_kinds", "register_ledger_kinds"]

_labels: dict[str, str | Promise] = {}

GENERIC_AUDIT = re.compile(r"audit\.(?P<model>[a-z0-9_]+)\.(?P<event>created|changed|deleted)")
_EVENTS: dict[str, Promise] = {
    "created": pgettext_lazy("back-office record", "created"),
    "changed": pgettext_lazy("back-office record", "changed"),
    "deleted": pgettext_lazy("back-office record", "deleted"),
}


def register_ledger_kinds(labels: Mapping[str, str | Promise]) -> None:
    """Add the labels of an app's entry kinds; a kind registered twice with another label is an error."""
    for kind, label in labels.items():
        known = _labels.get(kind)
        if known is not None and str(known) != str(label):
            raise ValueError(f"ledger kind {kind!r} is already registered with another label")
        _labels[kind] = label


def discover_ledger_kinds() -> None:
    """Run ``register()`` of every installed app's ``ledger_kinds`` module."""
    for config in apps.get_app_configs():
        name = f"{config.name}.ledger_kinds"
        if find_spec(name) is not None:
            import_module(name).register()


def ledger_kinds() -> dict[str, str | Promise]:
    """Every registered kind and its (lazy) label."""
    return dict(_labels)


def ledger_kind_label(kind: str) -> str | None:
    """The kind's label in the active language, or ``None`` when no app named it."""
    label = _labels.get(kind)
    if label is not None:
        return str(label)
    generic = GENERIC_AUDIT.fullmatch(kind)
    if generic is None:
        return None
    model = _model_named(generic["model"])
    if model is None:
        return None
    return gettext("%(object)s: %(event)s") % {
        "object": capfirst(str(model._meta.verbose_name)),
        "event": _EVENTS[generic["event"]],
    }


def _model_named(model_name: str) -> type[models.Model] | None:
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return model
    return None

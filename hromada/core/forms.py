from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import get_language

from . import ratelimit
from .errors import ApplicationError
from .ids import parse_id
from .models import in_language
from .text import has_cyrillic

T = TypeVar("T")


class MarkedSelect(forms.Select):
    """A select whose options written in Ukrainian carry `lang="uk"` on pages in another language (a
    district or an addressee without its English name; WCAG 3.1.2)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE and has_cyrillic(str(option["label"])):
            option["attrs"]["lang"] = settings.LANGUAGE_CODE
        return option


class IdModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of a row by id: a value that is no id of ours (core/ids.py) is an invalid choice before any
    query (Django's own field sends a 20-digit number to the database, which fails on it). A row with an
    English name (`name_en`) is offered by it on English pages; the others are marked Ukrainian."""

    widget = MarkedSelect

    def label_from_instance(self, obj: Any) -> str:
        if hasattr(obj, "name_en"):
            return in_language(obj, "name", get_language())
        return super().label_from_instance(obj)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, Model) and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show an action's refusal on the form: every message it gives, on its field when the form has one,
    else above the form (so a refusal about a field the form does not show is never lost)."""
    shown = False
    for name, messages in (error.fields or {}).items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            shown = True
    if not shown:
        form.add_error(None, str(error.message))


def run_form_action(form: forms.BaseForm, action: Callable[..., T], **kwargs: Any) -> T | None:
    """Call an action for a valid form; on ApplicationError keep the input and show the message."""
    try:
        return action(**kwargs)
    except ApplicationError as error:
        add_application_error(form, error)
        return None


def run_message_action(
    request: HttpRequest, action: Callable[..., T], /, *, level: int = flash.ERROR, **kwargs: Any
) -> T | None:
    """Call an action for a form-less request (a button); on ApplicationError show its message (an error
    by default, or ``level``) on the next page and return None."""
    try:
        return action(**kwargs)
    except ApplicationError as error:
        flash.add_message(request, level, str(error.message))
        return None


def form_within_limit(
    request: HttpRequest, form: forms.BaseForm, scope: str, *, limit: int, window: int
) -> bool:
    """Count a submission against a rate limit; when over it, say so on the form and keep what was typed."""
    try:
        ratelimit.check(request, scope, limit=limit, window=window)
    except ApplicationError as error:
        form.add_error(None, str(error.message))
        return False
    return True

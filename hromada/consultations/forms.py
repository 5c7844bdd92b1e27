"""Reading the consultations' forms. The survey's fields are named after its questions (``q<id>``), so
they are read from the questions rather than declared; the other forms are small Django forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hromada.core.moderation import ProhibitedContent

from .models import STATEMENT_LIMIT, TEXT_LIMIT, Decision, Question, QuestionKind


def _number(raw: str) -> int | str:
    raw = raw.strip()
    try:
        return int(raw)
    except ValueError:
        return raw  # the action refuses it with the question's own message


def survey_values(data: QueryDict, questions: Iterable[Question]) -> dict[int, Any]:
    """The submitted answers by question id, in the shapes ``survey_answer`` takes. A ranking arrives as
    one number (its place) per option, ``q<id>_o<option id>``."""
    values: dict[int, Any] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            picked = [_number(v) for v in data.getlist(name) if v.strip()]
            values[q.pk] = picked or None
        elif q.kind == QuestionKind.RANKING:
            places = []
            for option in q.options.all():
                raw = data.get(f"{name}_o{option.pk}", "").strip()
                if raw:
                    places.append((_number(raw), option.pk))
            if places:
                ordered = sorted(
                    places,
                    key=lambda p: (
                        str(p[0]) if not isinstance(p[0], int) else "",
                        p[0] if isinstance(p[0], int) else 0,
                    ),
                )
                values[q.pk] = (
                    [pk for _place, pk in ordered] if len({p for p, _ in places}) == len(places) else [0]
                )
            else:
                values[q.pk] = None
        elif q.kind == QuestionKind.TEXT:
            values[q.pk] = data.get(name, "")
        else:
            raw = data.get(name, "")
            values[q.pk] = _number(raw) if raw.strip() else None
    return values


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    replacement = forms.CharField(
        label=_("Proposed wording (optional)"),
        help_text=_("Fill this in to propose a new wording of the paragraph; the department will answer it."),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Your statement"), max_length=STATEMENT_LIMIT)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Ground"), choices=ProhibitedContent.choices)


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("Summary of the report"), widget=forms.Textarea(attrs={"rows": 6}))

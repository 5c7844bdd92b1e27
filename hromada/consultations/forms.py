"""Reading the consultations' forms. The survey's fields are named after its questions (``q<id>``), so
they are read from the questions rather than declared; the other forms are small Django forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import IdModelChoiceField
from hromada.core.models import Hromada
from hromada.core.moderation import ProhibitedContent
from hromada.territory.models import Department, District
from hromada.territory.selectors import departments_of, districts_of

from .models import (
    STATEMENT_LIMIT,
    TEXT_LIMIT,
    Audience,
    Consultation,
    Decision,
    Hearing,
    Option,
    Question,
    QuestionKind,
    Subject,
)


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
        elif q.kind == QuestionKind.MATRIX:
            chosen = {
                row.pk: _number(data.get(f"{name}_r{row.pk}", ""))
                for row in q.split_options().rows
                if data.get(f"{name}_r{row.pk}", "").strip()
            }
            values[q.pk] = chosen or None
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


# ------------------------------------------------------------------------------ officials' preparation

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.Form):
    """A new consultation; ``consultation_create`` checks the rules (dates, audience, title taken)."""

    title = forms.CharField(label=_("Title"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250, required=False)
    summary = forms.CharField(
        label=_("What is consulted"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the hromada asks and why; residents read this first."),
    )
    summary_en = forms.CharField(
        label=_("Summary in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices, initial=Subject.QUESTION)
    audience = forms.ChoiceField(
        label=_("Who may take part"), choices=Audience.choices, initial=Audience.RESIDENTS
    )
    district = IdModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("The whole hromada"),
        help_text=_("Only when residents of one district take part."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), initial=0)
    department = IdModelChoiceField(
        label=_("Responsible department"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("No department"),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=_WHEN)
    closes_at = forms.DateTimeField(label=_("Closes"), widget=_WHEN)
    report_term_days = forms.IntegerField(
        label=_("Days to publish the report"),
        initial=30,
        help_text=_("Counted from the close; the report answers every proposal."),
    )
    with_opinion_map = forms.BooleanField(label=_("Opinion map"), required=False)
    premoderate_statements = forms.BooleanField(
        label=_("Show statements only after a moderator approves them"),
        required=False,
        help_text=_(
            "Pre-moderation of the opinion map; otherwise statements are shown at once and moderated after."
        ),
    )

    def __init__(self, *args: Any, hromada: Hromada, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts_of(hromada=hromada)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments_of(hromada=hromada)


_SETTINGS = list(ConsultationForm.base_fields)


def consultation_initial(consultation: Consultation) -> dict[str, Any]:
    """The settings form filled in with a prepared consultation's current settings."""
    initial = {name: getattr(consultation, name) for name in _SETTINGS}
    initial["opens_at"] = timezone.localtime(consultation.opens_at)
    initial["closes_at"] = timezone.localtime(consultation.closes_at)
    return initial


class ConditionField(IdModelChoiceField):
    """An option of an earlier question, shown as "3. Question → option"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.question.position}. {obj.question.text} → {obj.text}"


class QuestionForm(forms.Form):
    """A survey question for ``question_add``; the options are typed one per line."""

    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    text_en = forms.CharField(label=_("Question in English"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line; for one choice, several choices and ranking (at least two); for a matrix, the "
            "answers every row shares (e.g. agree … disagree)."
        ),
    )
    options_en = forms.CharField(
        label=_("Options in English"),
        required=False,
        strip=False,  # a leading empty line leaves the first one without English
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: one line per option, in the same order; leave a line empty for none."),
    )
    rows = forms.CharField(
        label=_("Rows of a matrix"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a matrix only: one row per line, each answered with one of the options above."),
    )
    rows_en = forms.CharField(
        label=_("Rows in English"),
        required=False,
        strip=False,  # a leading empty line leaves the first one without English
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: one line per row, in the same order; leave a line empty for none."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    scale_min = forms.IntegerField(label=_("Scale from"), initial=1, help_text=_("For a scale question."))
    scale_max = forms.IntegerField(label=_("Scale to"), initial=5)
    show_if = ConditionField(
        label=_("Ask only when"),
        required=False,
        queryset=Option.objects.none(),
        empty_label=_("Always ask"),
        help_text=_("A conditional question is asked only to those who chose this option; it is optional."),
    )

    def __init__(
        self, *args: Any, consultation: Consultation, before: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        conditions = Option.objects.filter(
            question__consultation=consultation,
            question__kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE],
        ).select_related("question")
        if before is not None:
            conditions = conditions.filter(question__position__lt=before)
        field = cast(forms.ModelChoiceField, self.fields["show_if"])
        field.queryset = conditions.order_by("question__position", "position")
        if not field.queryset.exists():
            field.widget = forms.HiddenInput()

    def clean_options(self) -> list[str]:
        return str(self.cleaned_data["options"]).splitlines()

    def clean_rows(self) -> list[str]:
        return str(self.cleaned_data["rows"]).splitlines()

    def clean_options_en(self) -> list[str]:
        return str(self.cleaned_data["options_en"]).splitlines()

    def clean_rows_en(self) -> list[str]:
        return str(self.cleaned_data["rows_en"]).splitlines()


def question_initial(question: Question) -> dict[str, Any]:
    """The question form filled in with a question's current fields."""
    choices, rows = question.split_options()
    return {
        "kind": question.kind,
        "text": question.text,
        "text_en": question.text_en,
        "options": "\n".join(o.text for o in choices),
        "options_en": "\n".join(o.text_en for o in choices).rstrip("\n"),
        "rows": "\n".join(o.text for o in rows),
        "rows_en": "\n".join(o.text_en for o in rows).rstrip("\n"),
        "required": question.required,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "show_if": question.show_if_id,
    }


class DraftForm(forms.Form):
    """A (new) version of the draft text for ``draft_version_add``."""

    text = forms.CharField(
        label=_("Draft text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Separate paragraphs with a blank line: each becomes a numbered paragraph residents comment on."
        ),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        required=False,
        help_text=_("For a new version: a short note on what changed."),
    )


class HearingForm(forms.Form):
    """A public hearing for ``hearing_add`` / ``hearing_update``; the action checks the rules."""

    title = forms.CharField(label=_("Title"), max_length=250, initial=_("Public hearing"))
    title_en = forms.CharField(label=_("Title in English"), max_length=250, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=_WHEN, help_text=_("While the consultation is open.")
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_WHEN)
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("The address and the room.")
    )
    online_url = forms.CharField(
        label=_("Online link"),
        max_length=500,
        required=False,
        help_text=_("A link to the broadcast or the video meeting, starting with https://."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        initial=50,
        help_text=_("Those who register after the places run out wait in turn."),
    )


def hearing_initial(hearing: Hearing) -> dict[str, Any]:
    return {
        "title": hearing.title,
        "title_en": hearing.title_en,
        "starts_at": timezone.localtime(hearing.starts_at),
        "ends_at": timezone.localtime(hearing.ends_at),
        "place": hearing.place,
        "online_url": hearing.online_url,
        "capacity": hearing.capacity,
    }


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Who spoke, what was proposed and what was agreed."),
    )
    document = forms.FileField(
        label=_("Signed minutes (PDF or image)"),
        required=False,
        help_text=_("Attach the signed document, if there is one."),
    )


class WalkInsForm(forms.Form):
    """Those who came to a hearing without a registration, saved with the ticks of the attendance list."""

    walk_ins = forms.IntegerField(
        label=_("How many came without registration"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    walk_in_names = forms.CharField(
        label=_("Their names, if they gave them (one per line)"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only the department sees the names; the report and the transparency log give the number."
        ),
    )

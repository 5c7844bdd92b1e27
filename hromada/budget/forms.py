"""Forms of the public-budget pages: they parse and validate input; the actions decide.

Money is typed in hryvnias (with kopiyky after the decimal point) and handed to actions in kopiyky.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import MarkedSelect
from hromada.core.models import in_language

from .inputs import ChoiceIn, CostLineIn, MilestoneIn, ProjectIn
from .models import BallotType, BudgetCategory, BudgetRules, Channel, Criterion, Milestone, Project, Review
from .selectors import PUBLIC_STATUSES

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def to_kopiyky(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


# ------------------------------------------------------------------------------------------------ lists


SORT_CHOICES = [
    ("number", _("Number")),
    ("title", _("Title")),
    ("cost", _("Cost, lowest first")),
    ("-cost", _("Cost, highest first")),
    ("newest", _("Newest first")),
    ("support", _("Most supported")),
]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, address or number")}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, widget=MarkedSelect)
    district = forms.ChoiceField(label=_("District"), required=False, widget=MarkedSelect)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        *args: Any,
        categories: Iterable[BudgetCategory],
        districts: Iterable[Any],
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("All categories"))] + [
            (str(c.pk), c.display_name(language)) for c in categories
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = [("", _("All districts"))] + [
            (str(d.pk), in_language(d, "name", language)) for d in districts
        ]
        labels = dict(Project.Status.choices)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All statuses"))] + [
            (s, labels[s]) for s in PUBLIC_STATUSES
        ]


# ------------------------------------------------------------------------------------------------ projects


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos at once.") % {"n": MAX_PHOTOS})
        for item in files:
            if item.size > MAX_PHOTO_BYTES:
                raise ValidationError(_("A photo may be at most 10 MB."))
        return list(files)


class ProjectForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), widget=MarkedSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        help_text=_("One or two sentences for the list of projects."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}))
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("Click the map to set the point, or type the coordinates."),
    )
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB each. If the form shows an error, choose them again."),
    )

    def __init__(
        self, *args: Any, categories: Iterable[BudgetCategory], language: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "—")] + [
            (str(c.pk), c.display_name(language)) for c in categories
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("lon") is None) and not self.errors.get("lat"):
            self.add_error("lon", _("Give both latitude and longitude, or neither."))
        return data

    def project_in(self, lines: Sequence[CostLineIn]) -> ProjectIn:
        data = self.cleaned_data
        return ProjectIn(
            category_id=int(data["category"]),
            title=data["title"],
            description=data["description"],
            cost_lines=tuple(lines),
            summary=data.get("summary") or "",
            address=data.get("address") or "",
            lat=data.get("lat"),
            lon=data.get("lon"),
        )


class HryvniaField(forms.DecimalField):
    """An amount in hryvnias as people type it: "12 500,50", "12500.50" or "12 500" (spaces and a decimal
    comma allowed)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)


class CostLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=300, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000, required=False)
    unit_cost = HryvniaField(
        label=_("Unit cost, UAH"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        min_value=Decimal("0"),
        max_value=Decimal("10000000000"),
        decimal_places=2,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get("item"), data.get("quantity"), data.get("unit_cost")]
        if any(v not in (None, "") for v in filled):
            if not data.get("item"):
                self.add_error("item", _("Name the item."))
            if data.get("unit_cost") is None and "unit_cost" not in self.errors:
                self.add_error("unit_cost", _("Enter the unit cost."))
        return data

    def line(self) -> CostLineIn | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("item"):
            return None
        return CostLineIn(
            item=data["item"], unit_cost=to_kopiyky(data["unit_cost"]), quantity=data.get("quantity") or 1
        )


def cost_line_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, extra: int = 0
) -> Any:
    """The cost-estimate lines: the given ones plus ``extra`` empty ones (at least three in all)."""
    initial = initial or []
    formset_class = forms.formset_factory(
        CostLineForm, extra=max(extra, 3 - len(initial), 0), max_num=50, absolute_max=60
    )
    return formset_class(data, initial=initial, prefix="lines")


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why the decision is wrong"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why you withdraw it"), max_length=500, required=False)


# ------------------------------------------------------------------------------------------------ review


class ReviewForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Review.Conclusion.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args: Any, departments: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["department"]).choices = [("", "—")] + [
            (str(d.pk), d.name) for d in departments
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("admit", _("admit to the vote")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; the author sees them."),
    )


class AppealDecisionForm(forms.Form):
    upheld = forms.ChoiceField(
        label=_("Decision"),
        choices=[("1", _("uphold: admit the project")), ("0", _("dismiss: the project stays rejected"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


# ------------------------------------------------------------------------------------------------ ballots


class BallotForm(forms.Form):
    """One field per project on the ballot, by ballot type: a checkbox (approval, cost-limited approval),
    points (cumulative) or a place (ranked). ``choices()`` gives what the actions take."""

    def __init__(self, *args: Any, rules: BudgetRules, projects: Sequence[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.projects = list(projects)
        kind = rules.ballot_type
        for project in self.projects:
            name = f"p{project.pk}"
            label = f"№{project.number} {project.title}"
            if kind == BallotType.CUMULATIVE:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=rules.max_points_per_project or rules.points_total or None,
                    widget=forms.NumberInput(attrs={"class": "points", "data-points": "1"}),
                )
            elif kind == BallotType.ORDINAL:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    max_value=len(self.projects),
                    widget=forms.NumberInput(attrs={"class": "rank"}),
                )
            else:
                self.fields[name] = forms.BooleanField(
                    label=label,
                    required=False,
                    widget=forms.CheckboxInput(attrs={"data-cost": str(project.cost)}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.rules.ballot_type == BallotType.ORDINAL:
            ranks = [v for k, v in data.items() if k.startswith("p") and v]
            if len(set(ranks)) != len(ranks):
                raise ValidationError(_("Give every ranked project a different place."))
        return data

    def choices(self) -> list[ChoiceIn]:
        data = self.cleaned_data
        kind = self.rules.ballot_type
        chosen: list[tuple[int, ChoiceIn]] = []
        for position, project in enumerate(self.projects):
            value = data.get(f"p{project.pk}")
            if not value:
                continue
            if kind == BallotType.CUMULATIVE:
                chosen.append((position, ChoiceIn(project_id=project.pk, points=int(value))))
            elif kind == BallotType.ORDINAL:
                chosen.append((int(value), ChoiceIn(project_id=project.pk)))
            else:
                chosen.append((position, ChoiceIn(project_id=project.pk)))
        chosen.sort(key=lambda pair: pair[0])
        return [choice for _order, choice in chosen]

    def field_for(self, project: Project) -> forms.BoundField:
        return self[f"p{project.pk}"]


def ballot_initial(rules: BudgetRules, choices: Sequence[ChoiceIn]) -> dict[str, Any]:
    """The form's initial values from a stored ballot's choices (in their order)."""
    kind = rules.ballot_type
    initial: dict[str, Any] = {}
    for place, choice in enumerate(choices, start=1):
        name = f"p{choice.project_id}"
        if kind == BallotType.CUMULATIVE:
            initial[name] = choice.points
        elif kind == BallotType.ORDINAL:
            initial[name] = place
        else:
            initial[name] = True
    return initial


class OfficialBallotForm(forms.Form):
    """The official's part of a paper or ЦНАП ballot: who voted and which document was checked."""

    voter = forms.CharField(
        label=_("Voter's e-mail or phone"),
        max_length=200,
        help_text=_("The voter's account in this hromada."),
    )
    identity_document = forms.CharField(
        label=_("Identity document checked"),
        max_length=60,
        help_text=_("Kind and number, e.g. “ID card 001234567”."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.CNAP.value, Channel.CNAP.label), (Channel.PAPER.value, Channel.PAPER.label)],
    )
    replace_existing = forms.BooleanField(
        label=_("The voter, in person, asks to replace the ballot they already cast"),
        required=False,
        help_text=_(
            "Only where the rules allow changing a ballot. The change is logged and the voter is told."
        ),
    )


# ---------------------------------------------------------------------------------------- implementation


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    description = forms.CharField(
        label=_("Update for residents"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    completed_on = forms.DateField(
        label=_("Completed"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    progress = forms.IntegerField(label=_("Project progress, %"), min_value=0, max_value=100)
    spent = HryvniaField(
        label=_("Money spent so far, UAH"),
        min_value=Decimal("0"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    photo = forms.ImageField(label=_("Photo"), required=False, help_text=_("Optional; JPEG, PNG or WebP."))

    def milestone_in(self) -> MilestoneIn:
        data = self.cleaned_data
        return MilestoneIn(
            title=data["title"],
            description=data.get("description") or "",
            due_date=data.get("due_date"),
            completed_on=data.get("completed_on"),
            status=data["status"],
            progress=data["progress"],
            spent=to_kopiyky(data["spent"]),
        )


class TiesForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the public on how the ties were checked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

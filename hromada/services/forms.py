"""Forms of the services pages. The application form is built from the service's definition; the checks
that matter (РНОКПП, cadastral number, files) run again in the action, which words every refusal."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import MarkedSelect
from hromada.core.models import Hromada
from hromada.territory.selectors import districts_of, has_street_lists

from .definitions import DISTRICT, LAT, LON, district_fields, district_names, label
from .models import ApplicationStatus, Category, LifeSituation, Tariff

HTML_TYPES = {
    "date": forms.DateInput(attrs={"type": "date"}),
    "email": forms.EmailInput(),
    "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    "number": forms.TextInput(attrs={"inputmode": "decimal"}),
    "rnokpp": forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9 ]{10,12}", "maxlength": 12}),
    "id_card": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 11}),
    "cadastral": forms.TextInput(attrs={"placeholder": "1234567890:12:345:6789", "maxlength": 25}),
    "textarea": forms.Textarea(attrs={"rows": 4}),
}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("E.g. residence registration, sole proprietor, building passport"),
            }
        ),
    )
    situation = forms.ChoiceField(
        label=_("Life situation"), required=False, choices=[("", _("Any situation")), *LifeSituation.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    online = forms.BooleanField(label=_("Online only"), required=False)


class OnlineServicesFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class PointMapInput(forms.TextInput):
    """An address that asks the district: the text box, then a map (``hromada/point-picker.js``) whose tap
    fills the address's latitude and longitude boxes below it and empties the district chosen from the
    list."""

    def __init__(self, *, map_attrs: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.map_attrs = dict(map_attrs)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        field = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<div class="map small" data-point-picker role="region" aria-label="{}"{}></div>'
            '<p class="helptext">{}</p>',
            field,
            _("Map: tap to mark the place of the address"),
            flatatt(self.map_attrs),
            _("Tap the map to mark the place: the district is found from it."),
        )


class ApplicationForm(forms.Form):
    """The fields of a definition as a Django form; ``values`` prefill it (a draft or the profile)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    variant = forms.ChoiceField(label=_("Variant"), choices=Tariff.Variant.choices, initial="regular")

    def __init__(
        self,
        *args: Any,
        spec: Mapping[str, Any],
        variants: list[str],
        variant_labels: Mapping[str, str] | None = None,
        hromada: Hromada | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "uk")[:2]
        self.spec = spec
        # An address field that asks for the district gets a map point and a list of the districts (when
        # the hromada has any): the point decides the district; without a point, the list does.
        districts = list(districts_of(hromada=hromada)) if hromada and district_fields(spec) else []
        self.has_map = bool(districts)
        # Only the variants the service's card has (an urgent one only where it is offered), each with its
        # term and fee when the caller knows them.
        names = dict(Tariff.Variant.choices)
        variant = cast("forms.ChoiceField", self.fields["variant"])
        variant.choices = [(v, (variant_labels or {}).get(v) or names.get(v, v)) for v in variants]
        variant.initial = "regular" if "regular" in variants else (variants or ["regular"])[0]
        if len(variants) < 2:
            variant.widget = forms.HiddenInput()
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex
        for field in spec.get("fields", []):
            name, kind = field["name"], field["type"]
            options: dict[str, Any] = {
                "label": label(field.get("label"), language),
                "help_text": label(field.get("help"), language),
                # Required-ness depends on conditions: the action decides, and names the field.
                "required": False,
            }
            if kind == "choice":
                choices = [(c["value"], label(c.get("label"), language)) for c in field["choices"]]
                self.fields[name] = forms.ChoiceField(choices=[("", "—"), *choices], **options)
            elif kind == "checkbox":
                self.fields[name] = forms.BooleanField(**options)
            elif kind == "file":
                types = field.get("file_types", ["pdf", "image"])
                accept = ",".join(
                    {"pdf": "application/pdf", "image": "image/jpeg,image/png,image/webp"}[t] for t in types
                )
                limit = _("up to %(mb)d MB") % {"mb": int(field.get("max_mb", 5))}
                options["help_text"] = " ".join(p for p in (str(options["help_text"]), str(limit)) if p)
                self.fields[name] = forms.FileField(
                    widget=forms.ClearableFileInput(attrs={"accept": accept}), **options
                )
            else:
                widget = HTML_TYPES.get(kind, forms.TextInput())
                self.fields[name] = forms.CharField(widget=widget, max_length=5000, strip=True, **options)
            if field.get("required"):
                self.fields[name].widget.attrs["data-required"] = "true"
                self.fields[name].label = f"{self.fields[name].label} *"
            extras = (
                self._district_fields(name, districts, hromada, language)
                if districts and hromada and kind == "address" and field.get("district") is True
                else []
            )
            for shown in [name, *extras]:
                if field.get("show_if"):
                    self.fields[shown].widget.attrs["data-show-if"] = field["show_if"]["field"]
                    self.fields[shown].widget.attrs["data-show-value"] = str(field["show_if"]["equals"])

    def _district_fields(self, name: str, districts: list[Any], hromada: Hromada, language: str) -> list[str]:
        """Put a map under the address and add its map point (latitude, longitude) and the district list
        after it."""
        prefix = self.prefix + "-" if self.prefix else ""
        map_attrs = {
            "data-lat-input": f"id_{prefix}{name}{LAT}",
            "data-lon-input": f"id_{prefix}{name}{LON}",
            "data-clear-input": f"id_{prefix}{name}{DISTRICT}",
            "data-center": f"{hromada.center_lat:f},{hromada.center_lon:f}",
            "data-zoom": str(hromada.map_zoom),
            "data-tiles": settings.HROMADA_MAP_TILES_URL,
            "data-attribution": settings.HROMADA_MAP_ATTRIBUTION,
        }
        address = self.fields[name]
        address.widget = PointMapInput(map_attrs=map_attrs, attrs=address.widget.attrs)
        decimal = {"inputmode": "decimal", "autocomplete": "off"}
        self.fields[name + LAT] = forms.CharField(
            label=_("Latitude of the place"),
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs=decimal),
        )
        self.fields[name + LON] = forms.CharField(
            label=_("Longitude of the place"),
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs=decimal),
        )
        self.fields[name + DISTRICT] = forms.ChoiceField(
            label=_("District"),
            help_text=(
                _(
                    "Without a point on the map the district is found from the street by the hromada's "
                    "street lists; choose it here when the street is not listed or runs through several "
                    "districts."
                )
                if has_street_lists(hromada=hromada)
                else _("Without a point on the map, choose the district of the address.")
            ),
            required=False,
            choices=[("", "—"), *[(d.name, d.display_name(language)) for d in districts]],
        )
        return [name + LAT, name + LON, name + DISTRICT]

    def answers(self) -> dict[str, Any]:
        """What was typed, by field name (files aside), whether or not the form is valid."""
        names = [f["name"] for f in self.spec.get("fields", []) if f["type"] != "file"]
        names += district_names(self.spec)
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {n: source.get(n, self.data.get(n, "")) for n in names}

    def uploads(self) -> dict[str, Any]:
        names = [f["name"] for f in self.spec.get("fields", []) if f["type"] == "file"]
        return {n: self.files[n] for n in names if n in self.files}


class StatusLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2026-000123"}),
    )
    code = forms.CharField(label=_("Access code"), max_length=12)


class DocumentCheckForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2026-000123"}),
    )
    code = forms.CharField(label=_("Verification code"), max_length=12)


class QueueFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False, widget=MarkedSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("applications", "Open")),
            *[c for c in ApplicationStatus.choices if c[0] != "draft"],
        ],
    )
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody yet"))],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("due", _("Deadline first")), ("new", _("Newest first")), ("old", _("Oldest first"))],
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", _("All services")), *services]


class StatisticsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    service = forms.ChoiceField(label=_("Service"), required=False, widget=MarkedSelect)
    by = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("service", _("per service")), ("office", _("per TsNAP office"))],
    )

    def __init__(self, *args: Any, years: list[int], services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", _("All services")), *services]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), widget=MarkedSelect)

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = stages


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Grant")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    refusal_code = forms.ChoiceField(label=_("Ground for refusal"), required=False)
    text = forms.CharField(
        label=_("Explanation to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["refusal_code"]).choices = [("", "—"), *reasons]


class IssueForm(forms.Form):
    result_text = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        help_text=_("What was decided, the document's number and how to receive it."),
    )  # fmt: skip
    document = forms.FileField(label=_("Result document (PDF or image)"), required=False)


class DeskForm(forms.Form):
    login = forms.CharField(
        label=_("Resident's e-mail or phone"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a resident without an account; check the identity document in person."),
    )
    office = forms.TypedChoiceField(label=_("TsNAP office"), coerce=int, required=False, widget=MarkedSelect)

    def __init__(self, *args: Any, offices: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        """``offices``: the ЦНАП offices whose desks file the service; one must be chosen when there are any
        (the only one is chosen already)."""
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["office"])
        offices = offices or []
        if not offices:
            del self.fields["office"]
            return
        field.required = True
        field.choices = offices if len(offices) == 1 else [("", "—"), *offices]
        field.help_text = _("Where the application is registered: its statistics count it for this office.")


class DefinitionForm(forms.Form):
    spec = forms.CharField(
        label=_("Definition (JSON)"), widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"})
    )

"""The open city's forms: they parse input only; the actions decide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import IdModelChoiceField
from hromada.core.indicators import month_span
from hromada.core.models import in_language
from hromada.territory.models import Department

from .models import Category, CloseReason, Status

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most 3 photos."))
        for item in files:
            if item.size > MAX_PHOTO_BYTES:
                raise ValidationError(_("A photo may be at most 10 MB."))
        return list(files)


class ReportForm(forms.Form):
    category = IdModelChoiceField(queryset=Category.objects.none(), label=_("What is the problem?"))
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    address = forms.CharField(label=_("Address or landmark"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Describe the problem"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = PhotosField(label=_("Photos (up to 3)"))
    show_name = forms.BooleanField(
        label=_("Show my name on the public page"),
        required=False,
        help_text=_(
            "The responsible department always sees your name and contacts, whatever you choose here."
        ),
    )

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.ChoiceField(
        label=_("Reason (when closing without a fix)"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
    )
    responsible_elsewhere = forms.CharField(
        label=_("Who is responsible instead"), max_length=250, required=False
    )
    forwarded_to_email = forms.EmailField(label=_("Forward the report to (e-mail)"), required=False)
    duplicate_of = forms.IntegerField(label=_("Duplicate of report number"), min_value=1, required=False)
    text = forms.CharField(
        label=_("Public comment"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(
        label=_("Public update (unchecked: an internal note only staff see)"), required=False, initial=True
    )
    photos = PhotosField(label=_("Photos (up to 3)"))


class BlurForm(forms.Form):
    """A rectangle of a photo to blur, in percent of its width and height (the picker on the report page
    fills it in; it can be typed as well). Use ``BlurForm.for_photo`` so each photo's fields have ids of
    their own."""

    left = forms.FloatField(label=_("From the left edge, %"), min_value=0, max_value=100)
    top = forms.FloatField(label=_("From the top edge, %"), min_value=0, max_value=100)
    width = forms.FloatField(label=_("Width, %"), min_value=0.1, max_value=100)
    height = forms.FloatField(label=_("Height, %"), min_value=0.1, max_value=100)

    @classmethod
    def for_photo(cls, photo_pk: int, data: Any = None) -> BlurForm:
        return cls(data, prefix=f"blur-{photo_pk}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"left", "top", "width", "height"} <= data.keys() and (
            data["left"] + data["width"] > 100.01 or data["top"] + data["height"] > 100.01
        ):
            raise ValidationError(_("The rectangle must lie inside the photo."), code="box_outside")
        return data


class ReassignForm(forms.Form):
    department = IdModelChoiceField(queryset=Department.objects.none(), label=_("Hand over to"))
    text = forms.CharField(label=_("Internal note"), max_length=4000, required=False)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class RecategoriseForm(forms.Form):
    prefix = "recategorise"  # its fields' ids stay apart from the other forms' on the report page
    category = IdModelChoiceField(queryset=Category.objects.none(), label=_("The right category"))
    text = forms.CharField(label=_("Internal note"), max_length=4000, required=False)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


class RelocateForm(forms.Form):
    prefix = "relocate"  # its fields' ids stay apart from the other forms' on the report page
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    text = forms.CharField(label=_("Internal note"), max_length=4000, required=False)


class VerdictForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Is it really fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Comment"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FixCheckForm(forms.Form):
    """The four-week fix check's answer (the reporter and supporters)."""

    fixed = forms.TypedChoiceField(
        label=_("Four weeks on, is it still fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Comment"),
        help_text=_("Optional. Shown publicly without phone numbers and e-mail addresses."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MONTH_INPUT = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> dt.date:
    """``"2026-03"`` → the month's first day."""
    match = MONTH_INPUT.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise ValidationError(_("Enter a month as YYYY-MM, for example 2026-03."), code="month")
    return dt.date(int(match[1]), int(match[2]), 1)


class AnalyticsFilterForm(forms.Form):
    """The analytics' period (from/to month, inclusive), category and district; parses input only."""

    start = forms.CharField(
        label=_("From month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2026-01", "inputmode": "numeric"}),
    )
    end = forms.CharField(
        label=_("To month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2026-12", "inputmode": "numeric"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, categories: Any, districts: Any, language: str = "uk", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)

        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("All")),
            *((c.code, in_language(c, "name", language)) for c in categories),
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("All")),
            *((d.pk, in_language(d, "name", language)) for d in districts),
        ]

    def clean_start(self) -> dt.date | None:
        value = self.cleaned_data["start"]
        return _month(value) if value else None

    def clean_end(self) -> dt.date | None:
        value = self.cleaned_data["end"]
        return _month(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The last month is before the first."))
        return data

    def filters(self) -> Any:
        """The selectors' filters (Kyiv months: from the first day of ``start`` to the day after ``end``)."""
        from .selectors import AnalyticsFilters

        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return AnalyticsFilters(
            start=month_span(start)[0] if start else None,
            end=month_span(end)[1] if end else None,
            category=self.cleaned_data.get("category") or "",
            district=self.cleaned_data.get("district"),
        )

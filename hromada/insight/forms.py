from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import indicators


class _ValueFields(forms.Form):
    """The value, its date and a note: what entering and correcting a self-reported value both ask."""

    value = forms.FloatField(
        label=_("Value"), min_value=0, help_text=_("A percentage 0–100, or 1 for yes and 0 for no.")
    )
    valid_from = forms.DateField(
        label=_("As of"),
        # ISO, the only format a date input accepts: a correction's form shows the current date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The document's date."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SelfReportForm(_ValueFields):
    indicator = forms.ChoiceField(label=_("Indicator"))
    file = forms.FileField(label=_("Document (PDF or image)"))

    field_order = ("indicator", "value", "valid_from", "file", "note")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].choices = [(i.key, i.title) for i in indicators() if i.self_reported]  # type: ignore[attr-defined]


class SelfReportCorrectionForm(_ValueFields):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the value's history; the ledger keeps a fingerprint of it."),
    )
    file = forms.FileField(
        label=_("New document (PDF or image)"),
        required=False,
        help_text=_("Leave empty to keep the document of the version you correct."),
    )

    field_order = ("value", "valid_from", "reason", "file", "note")


class SettingsForm(forms.Form):
    comparison_opt_in = forms.BooleanField(
        label=_("Show our hromada in the comparison between the installation's hromadas"), required=False
    )

    def __init__(self, *args: object, weights: dict[str, float] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for item in indicators():
            self.fields[f"w_{item.key}"] = forms.FloatField(
                label=str(item.title), min_value=0, max_value=100, initial=(weights or {}).get(item.key, 1)
            )

    def weights(self) -> dict[str, float]:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("w_") and value is not None
        }

"""Forms of the petition pages: they parse and validate input; the actions decide (and check again)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import IdModelChoiceField
from hromada.core.models import Hromada
from hromada.territory.models import District
from hromada.territory.selectors import districts_of

from . import selectors
from .actions import TEXT_MAX, TEXT_MIN, TITLE_MAX, TITLE_MIN
from .models import Addressee, PetitionAnswer, PetitionStatus, RejectionReason, Topic

LIST_STATUSES = [
    PetitionStatus.COLLECTING,
    PetitionStatus.THRESHOLD_REACHED,
    PetitionStatus.UNDER_CONSIDERATION,
    PetitionStatus.ANSWERED,
    PetitionStatus.EXPIRED,
    PetitionStatus.REJECTED,
]
SORT_CHOICES = [
    ("new", _("Newest first")),
    ("popular", _("Most signatures")),
    ("ending", _("Collection ends soonest")),
    ("answer_due", _("Answer due soonest")),
]


class AddresseeChoiceField(IdModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from django.utils.translation import get_language

        return str(obj.display_name(get_language() or "uk"))


class PetitionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words from the title or text")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *[(s.value, s.label) for s in LIST_STATUSES]],
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    district = IdModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("All districts")
    )
    addressee = AddresseeChoiceField(
        label=_("Addressee"),
        required=False,
        queryset=Addressee.objects.none(),
        empty_label=_("All addressees"),
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, hromada: Hromada, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts_of(hromada=hromada)
        cast(forms.ModelChoiceField, self.fields["addressee"]).queryset = selectors.addressees_of(
            hromada=hromada, active_only=False
        )


class PetitionForm(forms.Form):
    """The wizard's first step: the content of a draft."""

    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        help_text=_("What you ask for, in one sentence."),
    )
    text = forms.CharField(
        label=_("Text of the petition"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Say what you ask for and why. Petitions are public: do not include personal data."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    addressee = AddresseeChoiceField(
        label=_("Addressee"), queryset=Addressee.objects.none(), empty_label=_("Choose the addressee")
    )
    district = IdModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("The whole hromada"),
        help_text=_("If the petition concerns one district."),
    )

    def __init__(self, *args: Any, hromada: Hromada, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["addressee"]).queryset = selectors.addressees_of(
            hromada=hromada
        )
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts_of(hromada=hromada)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if "\x00" in text:
            raise ValidationError(_("The text contains characters that cannot be stored."))
        return text


class SignForm(forms.Form):
    show_name = forms.BooleanField(
        label=_("Show my name in the public list of signatories"),
        required=False,
        initial=False,  # private unless the person ticks it
        help_text=_(
            "The law asks the list of signatories to be public; without consent you are counted only."
        ),
    )
    against = forms.TypedChoiceField(
        label=_("My vote"),
        required=False,
        choices=[("0", _("For")), ("1", _("Against"))],
        coerce=lambda v: v == "1",
        empty_value=False,  # type: ignore[arg-type]
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, against_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not against_allowed:
            del self.fields["against"]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for the refusal (the law's category)"),
        choices=[("", _("Choose the reason")), *RejectionReason.choices],
    )
    text = forms.CharField(
        label=_("Reasons"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published with the refusal: explain which part of the text falls under the category."),
    )
    duplicate_of = forms.IntegerField(
        label=_("Number of the open petition it duplicates"),
        required=False,
        min_value=1,
        help_text=_("Only for a duplicate."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == RejectionReason.DUPLICATE and not data.get("duplicate_of"):
            self.add_error("duplicate_of", _("Name the open petition this one duplicates."))
        return data


class InvalidateForm(forms.Form):
    network = forms.CharField(label=_("Network"), required=False, max_length=50)
    email_domain = forms.CharField(label=_("E-mail domain"), required=False, max_length=100)
    signature_ids = forms.CharField(
        label=_("Signature numbers"),
        required=False,
        max_length=5000,
        help_text=_("Separated by commas or spaces."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the transparency log (as a digest) and shown to moderators."),
    )

    def clean_signature_ids(self) -> list[int]:
        raw = self.cleaned_data.get("signature_ids", "")
        parts = [p for p in raw.replace(",", " ").split() if p]
        try:
            ids = [int(p) for p in parts]
        except ValueError:
            raise ValidationError(_("Give signature numbers as whole numbers.")) from None
        if any(i < 1 for i in ids):
            raise ValidationError(_("Give signature numbers as whole numbers."))
        return ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nothing_chosen = not (data.get("signature_ids") or data.get("network") or data.get("email_domain"))
        if nothing_chosen and "signature_ids" not in self.errors:
            self.add_error(None, _("Choose which signatures to invalidate: a network, a domain or numbers."))
        return data


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=())
    text = forms.CharField(
        label=_("Reasons"),
        min_length=20,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    document = forms.FileField(
        label=_("Signed decision (PDF or image)"),
        required=False,
        help_text=_("Attach the document with the decision, if there is one."),
    )

    def __init__(self, *args: Any, expired: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        D = PetitionAnswer.Decision
        choices = [D.APPEAL_ANSWERED] if expired else [D.SUPPORTED, D.NOT_SUPPORTED]
        cast(forms.ChoiceField, self.fields["decision"]).choices = [(c.value, c.label) for c in choices]
        if expired:
            self.fields["decision"].initial = D.APPEAL_ANSWERED.value


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Implementation update"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

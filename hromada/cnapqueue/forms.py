"""Forms of the queue's pages: they parse and validate input; the actions decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core import clock
from hromada.core.forms import MarkedSelect
from hromada.core.models import in_language
from hromada.core.sms import sms_available

from .models import Category, Consultation, MobileStop, Office, Purpose, Service, VisitGround


class ServiceChoice(forms.ModelChoiceField):
    """A service of the office, shown with its ticket prefix."""

    widget = MarkedSelect

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.prefix} · {in_language(obj, 'name', get_language())}"


class OfficeForm(forms.Form):
    """A form whose service choices are the office's own."""

    def _choose(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class TicketForm(OfficeForm):
    service = ServiceChoice(label=_("Service"), queryset=Service.objects.none(), empty_label=None)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.SUBMIT)
    category = forms.ChoiceField(
        label=_("Priority"),
        choices=Category.choices,
        initial=Category.REGULAR,
        help_text=_("Priority categories show their document at the window."),
    )
    phone = forms.CharField(
        label=_("Mobile phone for an SMS"),
        max_length=40,
        required=False,
        help_text=_(
            "Optional. One text message when your turn is near; the number is not kept after your visit."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args: Any,
        office: Office,
        shared_device: bool = False,
        reception: bool = False,
        **kwargs: Any,
    ) -> None:
        """``shared_device`` (a kiosk): the browser keeps no typed phone for the next visitor;
        ``reception`` (the reception desk): staff fill it in for a visitor, after seeing their document."""
        super().__init__(*args, **kwargs)
        self._choose(
            "service", Service.objects.filter(office=office, is_active=True).order_by("prefix", "name")
        )
        if reception:
            self.fields["category"].help_text = _(
                "Grant a priority category only after seeing the document that proves it (a passport for the "
                "age, a disability certificate, a veteran's card, a child's birth certificate)."
            )
        if not sms_available():
            del self.fields["phone"]  # no page offers an SMS this installation cannot send
        elif shared_device or reception:
            self.fields["phone"].widget.attrs["autocomplete"] = "off"
            if reception:
                self.fields["phone"].label = _("Visitor's mobile phone for an SMS")
                self.fields["phone"].help_text = _(
                    "Optional. One text message when the visitor's turn is near; the number is not kept "
                    "after the visit."
                )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=8, min_length=4)


class SlotSearchForm(OfficeForm):
    service = ServiceChoice(label=_("Service"), queryset=Service.objects.none(), empty_label=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("service", Service.objects.filter(office=office, is_active=True, bookable=True))
        self.office = office

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        today = clock.today()
        if day < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if day > today + dt.timedelta(weeks=self.office.booking_weeks):
            raise forms.ValidationError(
                _("Bookings are open %(weeks)s weeks ahead.") % {"weeks": self.office.booking_weeks}
            )
        return day


class RescheduleDayForm(forms.Form):
    date = forms.DateField(
        label=_("Another day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class HoldForm(forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    starts_at = forms.DateTimeField(widget=forms.HiddenInput)


class TransferForm(OfficeForm):
    service = ServiceChoice(label=_("Transfer to"), queryset=Service.objects.none(), empty_label=None)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("service", Service.objects.filter(office=office, is_active=True))


class CompleteForm(OfficeForm):
    rendered = ServiceChoice(label=_("Service rendered"), queryset=Service.objects.none(), required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("rendered", Service.objects.filter(office=office, is_active=True))


class FindCallerForm(forms.Form):
    login = forms.CharField(label=_("Caller's phone or e-mail"), max_length=200)


class ConsultationForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    minutes = forms.IntegerField(label=_("Duration, minutes"), min_value=1, max_value=240)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Consultation.Outcome.choices)


class HomeVisitForm(OfficeForm):
    service = ServiceChoice(label=_("Service"), queryset=Service.objects.none(), empty_label=None)
    ground = forms.ChoiceField(label=_("Why you cannot come"), choices=())
    address = forms.CharField(label=_("Address"), max_length=300)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("The coordinator calls to confirm the ground and the day."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    file = forms.FileField(
        label=_("Document proving the ground"),
        required=False,
        help_text=_(
            "Optional: a scan or photo (PDF, JPEG, PNG, WebP), at most %(limit)s. Only you and the "
            "coordinator see it. Without it, the coordinator confirms the ground by phone."
        ),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.gif"}),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "limit": filesizeformat(settings.HROMADA_UPLOAD_MAX_BYTES)
        }
        self._choose(
            "service", Service.objects.filter(office=office, is_active=True).order_by("prefix", "name")
        )
        field = self.fields["ground"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(g, VisitGround(g).label) for g in office.grounds()]


class DocumentForm(forms.Form):
    """A proof document added to a request after it was sent."""

    file = forms.FileField(label=_("Document proving the ground"))


class DecideForm(forms.Form):
    proof = forms.CharField(
        label=_("How the ground was confirmed"),
        max_length=300,
        required=False,
        help_text=_("For example: certificate of disability group I seen; confirmed by phone."),
    )
    reason = forms.CharField(label=_("Reason for a refusal"), max_length=300, required=False)


class PersonChoice(forms.ModelChoiceField):
    """A person, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj)


class ScheduleForm(forms.Form):
    day = forms.DateField(
        label=_("Day of the visit"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    operator = PersonChoice(label=_("Operator"), queryset=get_user_model().objects.none(), empty_label=None)

    def __init__(self, *args: Any, operators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["operator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = operators


class FinishForm(forms.Form):
    reason = forms.CharField(label=_("Why it failed"), max_length=300, required=False)


class MobileStopForm(forms.ModelForm):
    class Meta:
        model = MobileStop
        fields = ["place", "district", "date", "starts", "ends", "lat", "lon"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from hromada.territory.models import District

        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = District.objects.filter(hromada=office.hromada).order_by("name")
        language = get_language()
        field.label_from_instance = lambda district: district.display_name(language)  # type: ignore[method-assign,assignment]
        self.instance.office = office

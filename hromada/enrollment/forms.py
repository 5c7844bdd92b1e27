from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import MarkedSelect
from hromada.core.models import in_language
from hromada.core.templatetags.hromada_tags import marked

from .categories import category_title
from .models import Group, Round
from .selectors import round_rules


def group_options(groups: list[Group]) -> list[tuple[str, str | Promise]]:
    """The groups to choose from: the institution's English name on English pages when it has one; the
    options still in Ukrainian are marked by `MarkedSelect`."""
    language = get_language()
    return [("", _("—"))] + [
        (str(g.pk), f"{in_language(g.institution, 'name', language)} — {g.name}") for g in groups
    ]


class ChoicesForm(forms.Form):
    """The ranked choices among the round's groups (first choice first, the first one required)."""

    def __init__(self, *args: Any, round: Round, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.round = round
        options = group_options(groups)
        for rank in range(1, round.max_choices + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                choices=options,
                required=rank == 1,
                widget=MarkedSelect,
            )

    def group_ids(self) -> list[int]:
        return [
            int(self.cleaned_data[f"choice_{r}"])
            for r in range(1, self.round.max_choices + 1)
            if self.cleaned_data.get(f"choice_{r}")
        ]


class ApplyForm(ChoicesForm):
    """A child's application: the choices are the round's groups, in order (first choice first)."""

    child_name = forms.CharField(label=_("Child's full name"), max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.CharField(
        label=_("Birth certificate, series and number"),
        max_length=20,
        help_text=_("Kept only as a salted hash (one application per child) and its last three characters."),
    )
    address = forms.CharField(
        label=_("Address where the child lives"),
        max_length=300,
    )
    consent = forms.BooleanField(
        label=_("I have read the rules of the round and agree to them"), required=True
    )

    def __init__(self, *args: Any, round: Round, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, round=round, groups=groups, **kwargs)
        self.fields["address"].help_text = format_html(
            gettext("Street first, then the house: {example}."), example=marked("«вул. Шевченка, 12, кв. 3»")
        )
        rules, local = round_rules(round)
        codes = list(rules.category_codes()) + [c.code for c in local]
        titles = {c.code: c.title_in(get_language()) for c in local}
        self.fields["categories"] = forms.MultipleChoiceField(
            label=_("Priority categories you claim"),
            choices=[(c, titles.get(c) or category_title(c)) for c in codes],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "A claim counts only after staff have checked its proof document: upload a scan or photo of "
                "it on the application's page after registering."
            ),
        )
        self.fields["proof"] = forms.CharField(
            label=_("Proof documents (kind and number)"), max_length=200, required=False
        )
        self.fields["proof_expires_on"] = forms.DateField(
            label=_("Proof valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.order_fields(
            ["child_name", "birth_date", "certificate", "address"]
            + [f"choice_{r}" for r in range(1, round.max_choices + 1)]
            + ["categories", "proof", "proof_expires_on", "consent"]
        )

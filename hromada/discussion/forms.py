from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.moderation import ProhibitedContent

from .models import MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment.")},
    )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong"), choices=ProhibitedContent.choices)

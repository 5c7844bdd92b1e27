"""What published content must not contain: the grounds moderators cite when they refuse or hide it.

The first five are art. 23-1 part 2 of the Law of Ukraine "On Citizens' Appeals" (the same grounds
petitions are refused on); debates add grounds of their own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProhibitedContent(models.TextChoices):
    CONSTITUTIONAL_ORDER = (
        "constitutional_order",
        _("Calls to overthrow the constitutional order or violate territorial integrity"),
    )
    WAR_PROPAGANDA = "war_propaganda", _("War propaganda, violence or cruelty")
    HATRED = "hatred", _("Incitement of ethnic, racial or religious hatred")
    CRIMES = "crimes", _("Calls to terrorism or other crimes")
    OBSCENE = "obscene", _("Obscene language")
    PERSONAL_DATA = "personal_data", _("Someone else's personal data")
    INSULT = "insult", _("Insults or harassment of a person")
    SPAM = "spam", _("Advertising, spam or repeated messages")

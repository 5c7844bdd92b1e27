"""The Resolution 835 obligations a dataset can fulfil (Cabinet of Ministers Resolution No. 835 of
21 October 2015, "Положення про набори даних, які підлягають оприлюдненню у формі відкритих даних", the list
for local self-government bodies). The titles follow the list's wording; the table in docs/opendata.md maps
each registered dataset to one of them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CATEGORIES: dict[str, str | Promise] = {
    "datasets-register": _("Information about datasets (the register of the body's datasets)"),
    "institutions": _("Directory of enterprises, institutions and organisations of the hromada"),
    "structure": _("Organisational structure of the body"),
    "petitions": _("Electronic petitions and the results of their consideration"),
    "public-budget": _("Public (participatory) budget: projects, voting and results"),
    "services": _("Administrative services and services rendered"),
    "queue": _("Electronic queue statistics"),
    "enrollment": _("Queues to kindergartens and schools, and their service territories"),
}


FREQUENCIES: dict[str, str | Promise] = {
    "continuous": _("continuously, from the live records"),
    "daily": _("daily"),
    "weekly": _("weekly"),
    "monthly": _("monthly"),
    "quarterly": _("quarterly"),
    "annual": _("once a year"),
    "irregular": _("when the data change"),
}


def category_title(code: str) -> str:
    return str(CATEGORIES.get(code, code))

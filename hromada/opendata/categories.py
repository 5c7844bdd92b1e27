"""The Resolution 835 obligations a dataset can fulfil (Cabinet of Ministers Resolution No. 835 of
21 October 2015, "Положення про набори даних, які підлягають оприлюдненню у формі відкритих даних", the list
for local self-government bodies). The titles are short forms of the list's; the table in docs/opendata.md
quotes the list's own wording where a stored source gives it, and maps each registered dataset to a category.
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

# The item of the Resolution's list each category fulfils, where a stored source names it; empty where none
# does (docs/opendata.md "The Resolution 835 mapping", checked 2026-12-06, says what was searched).
# "Відомості про набори даних" is cited as item 18 by the passports of data.gov.ua datasets of that name
# (d4b9e6ec-0a03-4706-a0cf-68526d18f150, 0fb845d1-436c-4c38-8872-21470b23cc9a: "Пункт 18 постанови … № 835
# … зі змінами"); the stored copies of the consolidated text lack the annex, so no other item could be
# read. The draft schemas' appendix numbers (Додаток N of the 835 recommendations) are not list items.
ITEMS_835: dict[str, str] = {
    "datasets-register": "18",
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


def item_835(code: str) -> str:
    """The number of the Resolution 835 list's item a category fulfils, "" when not known."""
    return ITEMS_835.get(code, "")

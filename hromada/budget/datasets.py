"""The public budget's open datasets, registered with the platform's dataset registry (``core.datasets``)
and published by the open-data portal. No author, supporter or voter is named in any of them. Each
cycle's old ``results.csv``/``results.json`` addresses redirect to the registry's files of that cycle
(``?cycle=<slug>``); the Pabulib files stay the budget's own (a format of their own, per category)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field

from . import selectors

TAGS = ("бюджет участі",)

DATASETS = [
    Dataset(
        key="public-budget-projects",
        title=_("Public budget projects"),
        description=_(
            "Every public project of every public-budget cycle: category, place, cost, status and the "
            "progress of its implementation. Authors are not named."
        ),
        category="public-budget",
        purpose=_("To follow what residents proposed and how the chosen projects are carried out."),
        tags=TAGS,
        primary_key="id",
        modified=selectors.opendata_modified,
        rows=selectors.opendata_projects,
        rows_after=selectors.opendata_projects,
        order=40,
        fields=(
            Field("id", "integer", _("Identifier")),
            Field("cycle", "string", _("Cycle")),
            Field("year", "year", _("Year")),
            Field("number", "integer", _("Number in the cycle")),
            Field("category", "string", _("Category")),
            Field("title", "string", _("Title")),
            Field("summary", "string", _("Summary")),
            Field("district", "string", _("District")),
            Field("address", "string", _("Where (the project's site)")),
            Field("lat", "number", _("Latitude")),
            Field("lon", "number", _("Longitude")),
            Field("cost_uah", "number", _("Cost, UAH")),
            Field("status", "string", _("Status")),
            Field("submitted_at", "datetime", _("Submitted")),
            Field("decided_at", "datetime", _("Admitted or rejected")),
            Field("progress", "integer", _("Implementation, %")),
            Field("spent_uah", "number", _("Spent, UAH")),
        ),
    ),
    Dataset(
        key="public-budget-results",
        title=_("Public budget voting results"),
        description=_(
            "The published results of every cycle: votes (or points) per project, the winners and why each "
            "project won or did not."
        ),
        category="public-budget",
        tags=TAGS,
        modified=selectors.opendata_modified,
        rows=selectors.opendata_results,
        order=41,
        fields=(
            Field("cycle", "string", _("Cycle")),
            Field("year", "year", _("Year")),
            Field("category", "string", _("Category")),
            Field("project", "integer", _("Project number")),
            Field("title", "string", _("Title")),
            Field("cost_uah", "number", _("Cost, UAH")),
            Field("votes", "integer", _("Votes")),
            Field("points", "number", _("Points")),
            Field("won", "boolean", _("Won")),
            Field("place", "integer", _("Place")),
            Field("explanation", "string", _("Why it won or did not")),
        ),
    ),
    Dataset(
        key="public-budget-outcomes",
        title=_("Public budget outcomes by category"),
        description=_(
            "For each category of every cycle with published results: the amount, the cost of the winners, "
            "the number of voters, the winning projects and the rules the votes were counted by."
        ),
        category="public-budget",
        tags=TAGS,
        modified=selectors.opendata_modified,
        rows=selectors.opendata_outcomes,
        order=42,
        fields=(
            Field("cycle", "string", _("Cycle")),
            Field("year", "year", _("Year")),
            Field("category", "string", _("Category")),
            Field("name", "string", _("Name of the category")),
            Field("budget_uah", "number", _("Amount, UAH")),
            Field("winners_cost_uah", "number", _("Cost of the winners, UAH")),
            Field("voters", "integer", _("Voters")),
            Field("winners", "string", _("Winning projects (numbers, space-separated)")),
            Field("ties", "boolean", _("A tie had to be broken")),
            Field("rules_version", "integer", _("Version of the rules")),
            Field("ballot_type", "string", _("Ballot type")),
            Field("counting_rule", "string", _("Counting rule")),
            Field("utility", "string", _("Utility (what a project is worth to a voter)")),
            Field("tie_breaking", "string", _("Tie breaking")),
        ),
    ),
]

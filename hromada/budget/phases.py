"""The phase types of a public-budget cycle and what each switches on (registered by BudgetConfig.ready()).

Actions ask the running phase (``BudgetCycle.allows(Feature.VOTE, now)``), never the phase's name:
docs/adr/0002-phases-and-features.md.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.phases import Feature, PhaseType


class Submission(PhaseType):
    key = "budget:submission"
    name = _("Submission of projects")
    description = _("Residents submit projects with cost estimates.")
    features = frozenset({Feature.CREATE})


class Review(PhaseType):
    key = "budget:review"
    name = _("Eligibility review")
    description = _("Departments review each project; authors may revise or appeal.")
    features = frozenset()


class SupportPhase(PhaseType):
    key = "budget:support"
    name = _("Support (shortlist)")
    description = _("Residents sign in support; projects with enough signatures go to the vote.")
    features = frozenset({Feature.SUPPORT})


class Voting(PhaseType):
    key = "budget:voting"
    name = _("Voting")
    description = _("Residents vote online, on paper or at TsNAP; one ballot per person.")
    features = frozenset({Feature.VOTE})


class Results(PhaseType):
    key = "budget:results"
    name = _("Results")
    description = _("The votes are counted by the published rule and the winners announced.")
    features = frozenset()


class Implementation(PhaseType):
    key = "budget:implementation"
    name = _("Implementation")
    description = _("The winning projects are built; progress, spending and photos are published.")
    features = frozenset()


TYPES = (Submission, Review, SupportPhase, Voting, Results, Implementation)

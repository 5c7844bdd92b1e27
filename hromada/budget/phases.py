"""The phase types of a public-budget cycle, registered in the platform's phases registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.phases import Feature, PhaseType, register


@register
class Submission(PhaseType):
    key = "budget:submission"
    name = _("Submission of projects")
    description = _("Residents submit projects with cost estimates.")
    features = frozenset({Feature.CREATE, Feature.COMMENT})


@register
class Review(PhaseType):
    key = "budget:review"
    name = _("Eligibility review")
    description = _("Departments review each project; authors may revise or appeal.")
    features = frozenset({Feature.COMMENT})


@register
class SupportPhase(PhaseType):
    key = "budget:support"
    name = _("Support (shortlist)")
    description = _("Residents sign in support; projects with enough signatures go to the vote.")
    features = frozenset({Feature.SUPPORT, Feature.COMMENT})


@register
class Voting(PhaseType):
    key = "budget:voting"
    name = _("Voting")
    description = _("Residents vote online, on paper or at TsNAP; one ballot per person.")
    features = frozenset({Feature.VOTE})


@register
class Results(PhaseType):
    key = "budget:results"
    name = _("Results")
    description = _("The votes are counted by the published rule and the winners announced.")
    features = frozenset()


@register
class Implementation(PhaseType):
    key = "budget:implementation"
    name = _("Implementation")
    description = _("The winning projects are built; progress, spending and photos are published.")
    features = frozenset({Feature.COMMENT})

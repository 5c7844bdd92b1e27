"""A consultation's phases as phase types (registered by ConsultationsConfig.ready()). The phase comes from
the frozen dates (``lifecycle.phase_at``); actions ask ``consultation.allows(Feature.X, at)``, never the
phase's name (docs/adr/0002-phases-and-features.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.phases import Feature, PhaseType


class Announcement(PhaseType):
    key = "consultations:announcement"
    name = _("announced")
    description = _("The subject and the dates are public; taking part starts when it opens.")
    features = frozenset()


class Open(PhaseType):
    """Answer the survey and vote on statements (VOTE); comment, propose and write statements (CREATE);
    support proposals (SUPPORT)."""

    key = "consultations:open"
    name = _("open")
    description = _("Residents answer, comment, propose and vote.")
    features = frozenset({Feature.VOTE, Feature.CREATE, Feature.SUPPORT})


class Analysis(PhaseType):
    key = "consultations:analysis"
    name = _("analysis")
    description = _("Closed; the department answers every proposal and prepares the report.")
    features = frozenset()


class Report(PhaseType):
    key = "consultations:report"
    name = _("report published")
    description = _("The report lists every proposal and what was done with it.")
    features = frozenset()


TYPES = (Announcement, Open, Analysis, Report)

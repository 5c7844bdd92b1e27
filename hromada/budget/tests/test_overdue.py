"""A milestone past its due date and not done is flagged "overdue" on the tracker and the project page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hromada.budget.actions import MilestoneIn, milestone_add
from hromada.budget.models import Phase, Project
from hromada.budget.selectors import implementation_tracker

from .factories import make_cycle, make_official, make_project

pytestmark = pytest.mark.django_db


def _tracked(hromada, *milestones: MilestoneIn) -> Project:
    cycle = make_cycle(hromada, phase=Phase.IMPLEMENTATION)
    project = make_project(cycle, status=Project.Status.WON, title="Сквер")
    official = make_official(hromada)
    for data in milestones:
        milestone_add(actor=official, project=project, data=data)
    return project


def test_the_tracker_flags_only_milestones_past_due_and_not_done(hromada):
    today = timezone.localdate()
    days = dt.timedelta(days=1)
    _tracked(
        hromada,
        MilestoneIn(title="Договір", status="done", progress=10, due_date=today - 90 * days,
                    completed_on=today - 95 * days),
        MilestoneIn(title="Монтаж", status="in_progress", progress=40, due_date=today - 150 * days),
        MilestoneIn(title="Відкриття", status="planned", progress=40, due_date=today + 30 * days),
        MilestoneIn(title="Сьогодні", status="in_progress", progress=40, due_date=today),
    )  # fmt: skip

    projects, _summary = implementation_tracker(hromada=hromada)

    flags = {m.title: m.overdue for m in projects[0].milestones.all()}
    assert flags == {"Договір": False, "Монтаж": True, "Відкриття": False, "Сьогодні": False}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_tracker_and_project_pages_show_the_overdue_badge(client, hromada, prefix):
    late = timezone.localdate() - dt.timedelta(days=150)
    project = _tracked(hromada, MilestoneIn(title="Монтаж", status="in_progress", progress=40, due_date=late))
    word = "overdue" if prefix else "прострочено"

    tracker = client.get(f"{prefix}/budget/implementation/").content.decode()
    page = client.get(f"{prefix}/budget/projects/{project.pk}/").content.decode()

    assert f'<span class="badge warn">{word}</span>' in tracker
    assert f'<span class="badge warn">{word}</span>' in page

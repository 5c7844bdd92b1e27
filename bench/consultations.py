"""Consultations at scale (issue 17's targets): the opinion groups of 10,000 participants × 500 statements
with 20 sparse votes each (``opinion.groups``, in-process, best and median of a few runs), and the
consultation's page with 5,000 comments and proposals on its draft (Django's test client: p50/p95 of warm
requests and the query count, which must not grow with the comments).

    .venv/bin/python bench/consultations.py [--participants 10000] [--statements 500] [--comments 5000]
    scripts/with-postgres .venv/bin/python bench/consultations.py

Runs in a fresh temporary HROMADA_VAR_DIR (SQLite there unless DATABASE_URL names a throwaway database).
"""
# bench: Consultations — opinion groups of 10,000 × 500, the page with 5,000 comments

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS_TARGET_S = 5.0
PAGE_TARGET_MS = 100


def _opinion(participants: int, statements: int, per_person: int, runs: int) -> None:
    from hromada.consultations import opinion

    rng = random.Random(17)
    camps = [{s: rng.choice((-1, 1)) for s in range(statements)} for _ in range(3)]
    votes = []
    for person in range(participants):
        camp = camps[person % 3]
        for statement in rng.sample(range(statements), per_person):
            vote = camp[statement] if rng.random() < 0.8 else rng.choice((-1, 0, 1))
            votes.append((person, statement, vote))
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = opinion.groups(votes)
        times.append(time.perf_counter() - start)
    assert result is not None
    sizes = [len(g.members) for g in result.groups]
    print(
        f"opinion groups {participants:,} × {statements} ({len(votes):,} votes): best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s (target ≤ {GROUPS_TARGET_S:.0f} s); groups {sizes}",
        flush=True,
    )


def _page(comments: int, repeat: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from hromada.accounts.models import DepartmentMembership, User
    from hromada.consultations import actions, opinion
    from hromada.consultations.models import Contribution, OpinionMap, Paragraph, Statement
    from hromada.core import clock
    from hromada.core.models import Hromada
    from hromada.territory.models import Department

    call_command("migrate", verbosity=0)
    hromada = Hromada.objects.create(
        name="Бенчмарк",
        slug="bench",
        katottg="UA00000000000000001",
        is_default=True,
        center_lat=50.0,
        center_lon=30.0,
    )
    official = User.objects.create(email="official@bench.example", full_name="Посадовець", hromada=hromada)
    DepartmentMembership.objects.create(
        user=official, department=Department.objects.create(hromada=hromada, name="Управління")
    )
    now = clock.now()
    consultation = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Бенчмарк",
        summary="Текст",
        opens_at=now,
        closes_at=now + dt.timedelta(days=30),
        with_opinion_map=True,
    )
    actions.question_add(
        consultation=consultation, by=official, kind="single", text="Так?", options=["Так", "Ні"]
    )
    text = "\n\n".join(f"{n}. Абзац проєкту рішення номер {n}." for n in range(1, 41))
    actions.draft_version_add(consultation=consultation, by=official, text=text)
    consultation = actions.consultation_announce(consultation=consultation, by=official)
    people = User.objects.bulk_create(
        User(email=f"r{n}@bench.example", full_name=f"Мешканець {n}", hromada=hromada, verification_level=1)
        for n in range(500)
    )
    paragraphs = list(Paragraph.objects.filter(version__consultation=consultation))
    client = Client(HTTP_HOST="testserver")
    path = f"/consultations/{consultation.pk}/"
    empty = _timed(client, path, repeat)
    rng = random.Random(5)
    Contribution.objects.bulk_create(
        Contribution(
            consultation=consultation,
            paragraph=rng.choice(paragraphs),
            author=rng.choice(people),
            kind="proposal" if n % 3 == 0 else "comment",
            text=f"Коментар {n}",
            replacement=f"Нова редакція {n}" if n % 3 == 0 else "",
            supports=rng.randint(0, 40),
            created_at=now,
        )
        for n in range(comments)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    full = _timed(client, path, repeat)
    # The opinion map as the periodic job leaves it: 500 statements, groups of 10,000 participants; read by
    # a logged-in resident (the statements to vote on, their group).
    statements = Statement.objects.bulk_create(
        Statement(
            consultation=consultation, text=f"Твердження {n}", folded=f"tverdzhennia {n}", created_at=now
        )
        for n in range(500)
    )
    ids = [s.pk for s in statements]
    camps = [{s: rng.choice((-1, 1)) for s in ids} for _ in range(3)]
    votes = [(p, s, camps[p % 3][s]) for p in range(10_000) for s in rng.sample(ids, 20)]
    OpinionMap.objects.create(
        consultation=consultation,
        computed_at=now,
        votes_seen="bench",
        result=opinion.as_json(opinion.groups(votes)),
    )
    client.force_login(people[0])
    mapped = _timed(client, path, repeat)
    rows = (
        ("no comments", empty),
        (f"{comments:,} comments", full),
        (f"{comments:,} comments, a map of 10,000, as a resident", mapped),
    )
    for label, (p50, p95, queries) in rows:
        print(
            f"consultation page, {label} on 40 paragraphs ({connection.vendor}): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms (target ≤ {PAGE_TARGET_MS} ms), {queries} queries",
            flush=True,
        )


def _timed(client: Any, path: str, repeat: int) -> tuple[float, float, int]:
    """p50 and p95 of ``repeat`` warm requests of ``path`` (ms) and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path).status_code == 200
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--votes", type=int, default=20, help="votes per participant")
    parser.add_argument("--comments", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("HROMADA_VAR_DIR", tempfile.mkdtemp(prefix="bench-consultations-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()
    from django.db import connection

    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}, "
        f"{connection.vendor}",
        flush=True,
    )
    _opinion(args.participants, args.statements, args.votes, args.runs)
    _page(args.comments, args.repeat)


if __name__ == "__main__":
    main()

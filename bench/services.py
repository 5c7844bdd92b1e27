# bench: services: catalogue, search and work queue at size; submitting with a 1 MB upload
"""Administrative services at the sizes of issue 13's benchmark section.

    .venv/bin/python bench/services.py [--requests 60] [--services 1000] [--applications 100000]

Targets: the catalogue page and its search with 1,000 services, and the officials' work queue with 100,000
applications: p95 ≤ 100 ms, and the number of SQL queries the same at a small size and at full size;
submitting an application with 5 fields and one 1 MB upload: p95 ≤ 300 ms.

How: a throw-away SQLite database in a temporary var dir (migrated here), seeded first small (20 services,
200 applications: the query counts), then to full size. Requests go through Django's test client in this
process — the whole middleware stack, sessions, the second factor, CSRF exempted as the test client does —
without a network server, so the times are the application's own. Each page is requested once to warm up,
then `--requests` times one after another; p50 and p95 in milliseconds. Exits 1 when a target is missed.
"""

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
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import load_average  # noqa: E402

HOST = "127.0.0.1"
PAGE_TARGET_MS = 100.0
SUBMIT_TARGET_MS = 300.0
WORDS = [
    *("реєстрація", "місця", "проживання", "довідка", "витяг", "дозвіл", "паспорт", "будівельний"),
    *("адреса", "земельна", "ділянка", "соціальна", "допомога", "житло", "реклама", "зелені"),
    *("насадження", "садочок", "посвідчення", "декларація", "ліцензія"),
]
FORM = {
    "identity_level": 1,
    "fields": [
        {"name": "full_name", "type": "person", "label": {"uk": "ПІБ", "en": "Full name"}, "required": True},
        {"name": "rnokpp", "type": "rnokpp", "label": {"uk": "РНОКПП"}, "required": True},
        {"name": "phone", "type": "phone", "label": {"uk": "Телефон"}, "required": True},
        {"name": "email", "type": "email", "label": {"uk": "Пошта"}, "required": True},
        {"name": "born", "type": "date", "label": {"uk": "Дата народження"}, "required": True},
        {"name": "scan", "type": "file", "label": {"uk": "Скан"}, "required": True, "file_types": ["pdf"],
         "max_mb": 2},
    ],
    "workflow": {
        "stages": [{"key": "decide", "title": {"uk": "Розгляд"}, "role": "specialist", "days": 5}],
        "two_step": False,
        "refusal_reasons": [{"code": "incomplete", "label": {"uk": "Неповний пакет"}}],
    },
}  # fmt: skip


def setup_django(var_dir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hromada.settings",
        HROMADA_VAR_DIR=str(var_dir),
        HROMADA_ENV="dev",
        HROMADA_LOG_LEVEL="WARNING",
        HROMADA_RATE_LIMITS="0",
        DATABASE_URL=f"sqlite:///{var_dir / 'bench.sqlite3'}",
    )
    for name in ("HROMADA_DEBUG", "PYTEST_VERSION"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def seed_people() -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hromada.accounts.models import DepartmentMembership, User, VerificationLevel
    from hromada.core.models import Hromada
    from hromada.territory.models import Department

    hromada = Hromada.objects.create(name="Бенчмаркова громада", slug="bench", is_default=True)
    department = Department.objects.create(hromada=hromada, name="Відділ адміністративних послуг")
    specialist = User.objects.create(
        email="specialist@bench.example", full_name="Фахівчиня", hromada=hromada, is_staff=True
    )
    DepartmentMembership.objects.create(user=specialist, department=department, role="specialist")
    device = TOTPDevice.objects.create(user=specialist, name="phone", confirmed=True)
    resident = User.objects.create(
        email="resident@bench.example",
        full_name="Петренко Олена",
        hromada=hromada,
        verification_level=VerificationLevel.STRONG,
    )
    return {"hromada": hromada, "department": department, "specialist": specialist, "device": device,
            "resident": resident}  # fmt: skip


def seed_services(world: dict[str, Any], *, start: int, count: int, online: int) -> None:
    """Services ``start`` … ``start + count - 1`` (the first ``online`` of all with the benchmark's form)."""
    from hromada.core.text import search_key
    from hromada.services.models import Definition, Service, Tariff

    rng = random.Random(start)
    services = []
    for n in range(start, start + count):
        words = " ".join(rng.sample(WORDS, 4))
        title = f"Реєстрація місця проживання {n}" if n % 50 == 0 else f"{words.capitalize()} {n}"
        services.append(
            Service(
                hromada=world["hromada"], code=f"bench-{n:04d}", title=title, provider="Виконавчий комітет",
                department=world["department"], categories=["residence" if n % 3 else "land"],
                life_situations=["moving"], documents=["Заява", "Паспорт"],
                search_text=search_key(title, "Виконавчий комітет", f"bench-{n:04d}", "Заява Паспорт"),
            )
        )  # fmt: skip
    Service.objects.bulk_create(services, batch_size=500)
    created = Service.objects.filter(hromada=world["hromada"], code__in=[s.code for s in services])
    Tariff.objects.bulk_create(
        [
            Tariff(
                hromada=world["hromada"], service=s, term_value=5, term_unit="working_days", fee_formula="0"
            )
            for s in created
        ],
        batch_size=500,
    )
    online_services = [s for s in created.order_by("code") if int(s.code[-4:]) < online]
    Definition.objects.bulk_create(
        [Definition(hromada=world["hromada"], service=s, version=1, spec=FORM) for s in online_services]
    )


def seed_applications(world: dict[str, Any], *, start: int, count: int, open_percent: int = 2) -> None:
    """Filed applications ``start`` … over the online services: ``open_percent`` % open (submitted or in
    progress, some overdue), the rest decided (a tenth of them refused)."""
    from django.utils import timezone

    from hromada.services.models import Application, Definition

    definitions = list(Definition.objects.filter(hromada=world["hromada"]).select_related("service"))
    rng = random.Random(count)
    now = timezone.now()
    # As in a hromada's archive: nearly all applications decided, a few days' intake open.
    closed = 100 - open_percent
    statuses = ["issued"] * (closed - closed // 10) + ["refused"] * (closed // 10) + ["open"] * open_percent
    channels = ["online", "online", "desk", "api"]
    batch: list[Application] = []
    for n in range(start, start + count):
        definition = definitions[n % len(definitions)]
        submitted = now - dt.timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        status = rng.choice(statuses)
        if status == "open":
            status = rng.choice(["submitted", "in_progress"])
        closed = status in ("issued", "refused")
        decided = submitted + dt.timedelta(days=rng.randint(0, 12)) if closed else None
        batch.append(
            Application(
                hromada=world["hromada"], service=definition.service, definition=definition,
                applicant=world["resident"], number=f"2025-{n + 1:06d}", access_code="BENCH234",
                status=status, channel=rng.choice(channels), data={"full_name": "Петренко Олена"},
                submitted_at=submitted, due_at=submitted + dt.timedelta(days=7), decided_at=decided,
                refusal_code="incomplete" if status == "refused" else "",
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    if batch:
        Application.objects.bulk_create(batch)


def clients(world: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    public = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="uk")
    official = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="uk")
    official.force_login(world["specialist"])
    session = official.session
    session[DEVICE_ID_SESSION_KEY] = world["device"].persistent_id
    session.save()
    resident = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="uk")
    resident.force_login(world["resident"])
    return {"public": public, "official": official, "resident": resident}


PAGES = (
    ("catalogue, page 1", "public", "/services/"),
    ("catalogue, page 20", "public", "/services/?page=20"),
    ("search “прописка” (synonyms)", "public", "/services/?" + urlencode({"q": "прописка"})),
    ("search with a typo “ліцензыя”", "public", "/services/?" + urlencode({"q": "ліцензыя"})),
    ("work queue, by deadline", "official", "/services/queue/"),
    ("work queue, overdue", "official", "/services/queue/?overdue=on"),
    ("work queue, one service", "official", "/services/queue/?service=bench-0003&sort=new"),
)


def query_count(client: Any, path: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def timed(client: Any, path: str, requests: int, **kwargs: Any) -> list[float]:
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path, **kwargs)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def pdf_of(size: int) -> bytes:
    head, tail = b"%PDF-1.4\n1 0 obj<<>>endobj\n", b"\ntrailer<<>>\n%%EOF\n"
    return head + b"%" + b"0" * (size - len(head) - len(tail) - 1) + tail


def submit_times(client: Any, requests: int) -> tuple[list[float], int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.accounts.identity import rnokpp_control_digit
    from hromada.services.models import Application

    rnokpp = "312345678" + rnokpp_control_digit("312345678")
    content = pdf_of(1024 * 1024)
    before = Application.objects.count()
    samples = []
    for n in range(requests + 1):
        data = {
            "full_name": "Петренко Олена", "rnokpp": rnokpp, "phone": "+380671234567",
            "email": "olena@example.com", "born": "1990-05-17", "variant": "regular",
            "idempotency_key": f"bench-{n}",
            "scan": SimpleUploadedFile("scan.pdf", content, "application/pdf"),
        }  # fmt: skip
        start = time.perf_counter()
        response = client.post("/services/bench-0001/apply/", data)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"submitting answered {response.status_code}: {response.content[:500]!r}")
        if n:  # the first one warms up
            samples.append(elapsed)
    return samples, Application.objects.count() - before


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--open-percent", type=int, default=2, help="share of open applications (default 2)")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="hromada-bench-services-") as tmp:
        setup_django(Path(tmp))
        from bench.harness import table

        world = seed_people()
        small_services, small_applications = 20, 200
        seed_services(world, start=0, count=small_services, online=12)
        seed_applications(world, start=0, count=small_applications, open_percent=args.open_percent)
        browsers = clients(world)
        small = {label: query_count(browsers[who], path) for label, who, path in PAGES}
        started = time.perf_counter()
        seed_services(world, start=small_services, count=args.services - small_services, online=12)
        seed_applications(
            world,
            start=small_applications,
            count=args.applications - small_applications,
            open_percent=args.open_percent,
        )
        print(
            f"seeded {args.services:,} services and {args.applications:,} applications "
            f"({args.open_percent} % open) "
            f"in {time.perf_counter() - started:.1f} s (SQLite)",
            flush=True,
        )
        rows, missed = [], []
        for label, who, path in PAGES:
            status, queries = query_count(browsers[who], path)
            samples = timed(browsers[who], path, args.requests)
            same = queries == small[label][1]
            row_p95 = p95(samples)
            rows.append(
                [label, status, f"{small[label][1]} → {queries}", f"{statistics.median(samples):.1f}",
                 f"{row_p95:.1f}", "yes" if row_p95 <= PAGE_TARGET_MS and same else "NO"]
            )  # fmt: skip
            if row_p95 > PAGE_TARGET_MS or not same:
                missed.append(label)
        samples, filed = submit_times(browsers["resident"], max(10, args.requests // 2))
        submit_p95 = p95(samples)
        on_target = submit_p95 <= SUBMIT_TARGET_MS and filed == len(samples) + 1
        median = statistics.median(samples)
        rows.append(
            ["submit: 5 fields + 1 MB PDF", 302, "—", f"{median:.1f}", f"{submit_p95:.1f}",
             "yes" if on_target else "NO"]
        )  # fmt: skip
        if not on_target:
            missed.append("submit")
        print(table(["request", "status", "queries small → full", "p50 ms", "p95 ms", "on target"], rows))
        print(
            f"targets: pages p95 ≤ {PAGE_TARGET_MS:.0f} ms with the same query count at both sizes; "
            f"submit p95 ≤ {SUBMIT_TARGET_MS:.0f} ms. {args.requests} requests per page, "
            f"{len(samples)} submissions; load average after: {load_average()}"
        )
        if missed:
            print("missed: " + ", ".join(missed))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

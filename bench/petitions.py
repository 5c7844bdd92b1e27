"""Petitions under load: verified signatures through the HTTP API, and list/detail pages over big data.

    .venv/bin/python bench/petitions.py [--seconds 60] [--clients 48] [--json out.json]
    scripts/with-postgres .venv/bin/python bench/petitions.py --seconds 60      # the target: PostgreSQL

In a fresh temporary HROMADA_VAR_DIR (and the database DATABASE_URL names, which must be a throwaway
one; SQLite in the var dir without it) it:

1. migrates and seeds, with bulk SQL: one hromada with rules (threshold out of reach), `--petitions`
   petitions (mostly collecting, some answered and expired), `--signatures` signatures spread over them
   (by `--background-people` residents), per-day/per-district aggregates, and `--signers` further verified
   residents with personal API tokens, who sign `--hot` collecting petitions during the run;
2. counts the SQL queries of the list and detail (API and, when the web pages are installed, HTML) at two
   data sizes — before and after the big seed — and for a cold and a hot petition;
3. starts `hromada serve` (granian, `--workers` × `--threads`, no task worker unless `--with-worker`) and
   runs `--clients` client threads for `--seconds`: each POSTs `/api/v1/petitions/{id}/signatures` with a
   Bearer token over a keep-alive connection (http.client), for (person, petition) pairs never used
   before, plus 1 % deliberate repeats (expected 409). Clients send `X-Forwarded-For` addresses from
   10.0.0.0/8 as a reverse proxy would (the server runs with HROMADA_NUM_PROXIES=1), so the per-address
   limits see many addresses, as in a real surge;
4. checks afterwards: every 201 is exactly one row, no (petition, signer) twice, the aggregation job's
   counts equal the rows, then `hromada ledger integrate` and `hromada ledger check` (exit 0);
5. measures p50/p95 of GET list (first page, a deep page, sorted by popularity, a search) and detail pages
   (cold petition, hot petition) over the big data.

The load generator and the server share the machine's cores: the report gives both one's CPU time.
Exits 1 when a target is missed (≥ 1,000 signatures/s sustained, zero duplicates, ledger consistent,
p95 ≤ 100 ms, query counts equal at both sizes).
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: petitions on PostgreSQL
# bench-database: postgres
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    bench_environment,
    hromada_command,
    load_average,
    load_summary,
    measure,
    run_client_threads,
    run_hromada,
    serving,
    table,
    tree_cpu_seconds,
)

SIGN_TARGET = 1000.0
P95_TARGET_MS = 100.0
HOST = "127.0.0.1"


def postgres_server_pid(database_url: str) -> int | None:
    """The postmaster serving DATABASE_URL on this machine (its port on its command line), if found."""
    port = urlsplit(database_url).port if database_url.startswith("postgres") else None
    if port is None:
        return None
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if command.split(" ", 1)[0].endswith("postgres") and (f"port={port} " in command + " "):
            return int(entry.name)
    return None


# ------------------------------------------------------------------------------------------ seeding
# Runs inside a child process with Django set up (`--worker seed|grow|queries|verify`).


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()


def seed_base(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Hromada, rules, addressees, the signers with tokens and the hot petitions."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from hromada.accounts.models import ApiToken, HromadaRole, User, VerificationLevel
    from hromada.core.models import Hromada
    from hromada.petitions.models import (
        Addressee,
        AddresseeKind,
        Petition,
        PetitionRules,
        PetitionStatus,
        PetitionTally,
        Signature,
        Topic,
    )
    from hromada.territory.models import District

    now = timezone.now()
    with transaction.atomic():
        hromada = Hromada.objects.create(
            name="Бенчмаркова громада", slug="bench", katottg="UA99000000000000001", is_default=True
        )
        district = District.objects.create(
            hromada=hromada,
            name="Центральний",
            boundary={"type": "Polygon", "coordinates": [[[30, 50], [30.1, 50], [30.1, 50.1], [30, 50]]]},
        )
        admin = User.objects.create(email="admin@bench.example", full_name="Адміністратор", hromada=hromada)
        HromadaRole.objects.create(user=admin, hromada=hromada, role="administrator")
        rules = PetitionRules.objects.create(
            hromada=hromada,
            version=1,
            signature_threshold=1_000_000_000,
            collection_days=90,
            create_level=VerificationLevel.STRONG,
            sign_level=VerificationLevel.STRONG,
            min_signer_age=18,
            residency_required=True,
            addressee_kinds=[k.value for k in AddresseeKind],
        )
        mayor = Addressee.objects.create(hromada=hromada, kind=AddresseeKind.MAYOR, name="Міський голова")
        Addressee.objects.create(hromada=hromada, kind=AddresseeKind.COUNCIL, name="Міська рада")
        hot = []
        for i in range(args.hot):
            hot.append(
                Petition(
                    hromada=hromada,
                    title=f"Гаряча петиція № {i + 1}: відремонтувати дорогу на вулиці Шевченка",
                    text="Просимо відремонтувати дорогу. " * 5,
                    search_text=f"гаряча петиція № {i + 1}: відремонтувати дорогу на вулиці шевченка",
                    topic=Topic.ROADS,
                    addressee=mayor,
                    author=admin,
                    status=PetitionStatus.COLLECTING,
                    rules=rules,
                    submitted_at=now - dt.timedelta(days=3),
                    moderation_due_at=now - dt.timedelta(days=1),
                    published_at=now - dt.timedelta(days=2),
                    collection_ends_at=now + dt.timedelta(days=60),
                )
            )
        Petition.objects.bulk_create(hot)
        PetitionTally.objects.bulk_create(
            [PetitionTally(petition=p, hromada=hromada, counted_at=now) for p in hot]
        )
        # One signature each from the start (by the author), so the query counts before and after the
        # run compare pages that both have signatories.
        Signature.objects.bulk_create(
            [
                Signature(
                    hromada=hromada, petition=p, signer=admin, public_name=admin.full_name, signed_at=now,
                    signed_on=now.date(), changed_at=now,
                )
                for p in hot
            ]
        )  # fmt: skip
        people = [
            User(
                email=f"signer{i:06d}@bench{i % 50}.example",
                full_name=f"Підписант {i:06d}",
                hromada=hromada,
                district=district,
                verification_level=VerificationLevel.STRONG,
                birth_date=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                password="!",
            )
            for i in range(args.signers)
        ]
        User.objects.bulk_create(people, batch_size=2000)
        people = list(User.objects.filter(email__startswith="signer").order_by("pk"))
        tokens, rows = [], []
        import hashlib

        for person in people:
            secret = "hrm_" + secrets.token_urlsafe(32)
            tokens.append(secret)
            rows.append(
                ApiToken(
                    user=person,
                    name="bench",
                    prefix=secret[:12],
                    token_hash=hashlib.sha256(secret.encode()).hexdigest(),
                )
            )
        ApiToken.objects.bulk_create(rows, batch_size=2000)
    info = {
        "hromada": hromada.pk,
        "district": district.pk,
        "hot": [p.pk for p in hot],
        "tokens": tokens,
        "rules": rules.pk,
        "mayor": mayor.pk,
        "admin": admin.pk,
    }
    out.write_text(json.dumps(info))
    return info


def seed_big(args: argparse.Namespace, info: dict[str, Any]) -> dict[str, Any]:
    """`--petitions` petitions and `--signatures` signatures by bulk SQL, then their aggregates."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from hromada.accounts.models import User, VerificationLevel
    from hromada.petitions.actions.aggregation import _recount
    from hromada.petitions.models import Petition, PetitionStatus, Signature, Topic

    started = time.perf_counter()
    now = timezone.now()
    per = max(1, args.signatures // args.petitions)
    people_count = max(per * 10, args.background_people)
    topics = list(Topic.values)
    words = [
        "дорогу",
        "сквер",
        "школу",
        "лікарню",
        "зупинку",
        "парк",
        "освітлення",
        "тротуар",
        "міст",
        "ринок",
    ]
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(
                    email=f"resident{i:07d}@bench.example",
                    full_name=f"Мешканець {i:07d}",
                    hromada_id=info["hromada"],
                    district_id=info["district"] if i % 3 else None,
                    verification_level=VerificationLevel.STRONG,
                    birth_date=dt.date(1970, 1, 1),
                    password="!",
                )
                for i in range(people_count)
            ],
            batch_size=5000,
        )
        ids = list(
            User.objects.filter(email__startswith="resident").order_by("pk").values_list("pk", flat=True)
        )
        assert ids[-1] - ids[0] + 1 == len(ids), "background people must have contiguous ids"
        petitions = []
        for i in range(args.petitions):
            state = i % 10
            status = (
                PetitionStatus.ANSWERED
                if state == 8
                else PetitionStatus.EXPIRED
                if state == 9
                else PetitionStatus.COLLECTING
            )
            published = now - dt.timedelta(days=1 + i % 80, minutes=i)
            word = words[i % len(words)]
            title = f"Петиція № {i + 1}: відремонтувати {word} у мікрорайоні {i % 37}"
            petitions.append(
                Petition(
                    hromada_id=info["hromada"],
                    title=title,
                    text=f"Просимо відремонтувати {word}. " * 10,
                    search_text=title.casefold(),
                    topic=topics[i % len(topics)],
                    district_id=info["district"] if i % 2 else None,
                    addressee_id=info["mayor"],
                    author_id=info["admin"],
                    status=status,
                    rules_id=info["rules"],
                    submitted_at=published - dt.timedelta(days=2),
                    moderation_due_at=published,
                    published_at=published,
                    collection_ends_at=published + dt.timedelta(days=90),
                    expired_at=now - dt.timedelta(days=1) if status == PetitionStatus.EXPIRED else None,
                    closed_at=now - dt.timedelta(days=1) if status != PetitionStatus.COLLECTING else None,
                    forwarded_at=published if status == PetitionStatus.ANSWERED else None,
                    answer_due_at=published + dt.timedelta(days=14) if state >= 8 else None,
                    answered_at=published + dt.timedelta(days=10)
                    if status == PetitionStatus.ANSWERED
                    else None,
                )
            )
        Petition.objects.bulk_create(petitions, batch_size=2000)
        pids = list(
            Petition.objects.filter(hromada_id=info["hromada"])
            .exclude(pk__in=info["hot"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert pids[-1] - pids[0] + 1 == len(pids), "petitions must have contiguous ids"
        table_name = Signature._meta.db_table
        days = 10
        batch = args.signatures // days
        with connection.cursor() as cursor:
            for day in range(days):
                signed = now - dt.timedelta(days=days - day)
                cursor.execute(
                    f"""
                    WITH RECURSIVE s(k) AS (SELECT %s UNION ALL SELECT k + 1 FROM s WHERE k < %s)
                    INSERT INTO {table_name} (hromada_id, petition_id, signer_id, against, show_name,
                        public_name, status, invalidation_reason, district_id, signed_at, signed_on,
                        changed_at, network, email_domain, receipt_id, personal_receipt_id, channel)
                    SELECT %s, %s + (k / %s) %% %s, %s + (k %% %s) + ((k / %s) %% 10) * %s, FALSE, TRUE,
                        'Мешканець', 'valid', '', CASE WHEN k %% 3 = 0 THEN NULL ELSE %s END, %s, %s, %s,
                        '10.0.0.0/24', 'bench.example', NULL, NULL, 'web'
                    FROM s
                    """,
                    [
                        day * batch,
                        (day + 1) * batch - 1,
                        info["hromada"],
                        pids[0],
                        per,
                        len(pids),
                        ids[0],
                        per,
                        per,
                        per,
                        info["district"],
                        signed,
                        signed.date(),
                        signed,
                    ],
                )
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    all_ids = [*info["hot"], *pids]
    for i in range(0, len(all_ids), 500):
        with transaction.atomic():
            _recount(all_ids[i : i + 500])
    aggregated = time.perf_counter() - started
    # As the periodic job would record it: everything up to now is counted.
    from hromada.petitions.actions.jobs import AGGREGATE_MARK, _mark

    _mark(AGGREGATE_MARK, timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return {
        "seed_seconds": round(seeded, 1),
        "aggregate_all_seconds": round(aggregated, 1),
        "petitions": len(pids) + len(info["hot"]),
        "signatures": Signature.objects.count(),
        "cold": pids[len(pids) // 2],
    }


def count_queries(info: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="uk", raise_request_exception=False)
    result = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        result[path] = {"status": response.status_code, "queries": len(queries)}
    return result


def page_paths(info: dict[str, Any], cold: int | None) -> dict[str, str]:
    hot = info["hot"][0]
    paths = {
        "api list": "/api/v1/petitions",
        "api list deep page": "/api/v1/petitions?page=200&page_size=20",
        "api list popular": "/api/v1/petitions?sort=popular",
        "api list search": "/api/v1/petitions?q=%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D1%83",
        "api detail hot": f"/api/v1/petitions/{hot}",
        "web list": "/petitions/",
        "web detail hot": f"/petitions/{hot}/",
    }
    if cold is not None:
        paths["api detail cold"] = f"/api/v1/petitions/{cold}"
        paths["web detail cold"] = f"/petitions/{cold}/"
    return paths


def verify(info: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from hromada.petitions.actions import petitions_aggregate
    from hromada.petitions.models import PetitionTally, Signature

    hot = info["hot"]
    rows = Signature.objects.filter(petition_id__in=hot).exclude(signer_id=info["admin"]).count()
    duplicates = (
        Signature.objects.values("petition_id", "signer_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    started = time.perf_counter()
    petitions_aggregate()
    aggregate_seconds = time.perf_counter() - started
    tallies = sum(PetitionTally.objects.filter(petition_id__in=hot).values_list("count_for", flat=True))
    tallies -= len(hot)  # the author's seeded signatures
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ledger_pendingentry WHERE kind = 'petition.signed'")
        (pending,) = cursor.fetchone()
    after = count_queries(info, list(page_paths(info, info.get("cold")).values()))
    return {
        "queries_after": after,
        "rows": rows,
        "duplicates": duplicates,
        "tallies": tallies,
        "aggregate_seconds": round(aggregate_seconds, 3),
        "pending_ledger_entries": pending,
    }


def worker_main(args: argparse.Namespace) -> None:
    _django()
    state = Path(args.state)
    if args.worker == "seed":
        info = seed_base(args, state)
        paths = page_paths(info, None)
        print(json.dumps({"queries": count_queries(info, list(paths.values()))}))
    elif args.worker == "grow":
        info = json.loads(state.read_text())
        grown = seed_big(args, info)
        info["cold"] = grown["cold"]
        state.write_text(json.dumps(info))
        paths = page_paths(info, grown["cold"])
        print(json.dumps({"grown": grown, "queries": count_queries(info, list(paths.values()))}))
    elif args.worker == "verify":
        print(json.dumps(verify(json.loads(state.read_text()))))


def run_worker(env: dict[str, str], args: argparse.Namespace, kind: str, state: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--state",
        str(state),
        *forwarded(args),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"worker {kind} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def forwarded(args: argparse.Namespace) -> list[str]:
    names = ("petitions", "signatures", "signers", "hot", "background_people")
    return [part for name in names for part in (f"--{name.replace('_', '-')}", str(getattr(args, name)))]


# ------------------------------------------------------------------------------------------- signing


def address(rng: random.Random) -> str:
    """A client address in 10.0.0.0/8, as a reverse proxy would report it."""
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def sign_load(port: int, info: dict[str, Any], *, seconds: float, clients: int, seed: int) -> dict[str, Any]:
    """`clients` threads POSTing signatures for `seconds`; every pair is new except 1 % repeats."""
    rng = random.Random(seed)
    tokens: list[str] = info["tokens"]
    hot: list[int] = info["hot"]
    pairs = [(t, p) for p in range(len(hot)) for t in range(len(tokens))]
    rng.shuffle(pairs)
    cursor = iter(pairs)
    lock = threading.Lock()
    done: list[tuple[int, int]] = []
    statuses: Counter[int] = Counter()
    samples: list[float] = []
    per_second: Counter[int] = Counter()
    stop_at = time.perf_counter() + seconds
    started_at = time.perf_counter()

    def client(number: int) -> None:
        local = random.Random(seed + number)
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine: list[float] = []
        seen: Counter[int] = Counter()
        ticks: Counter[int] = Counter()
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    if done and local.random() < 0.01:
                        pair = done[local.randrange(len(done))]
                    else:
                        pair = next(cursor, None)
                if pair is None:
                    break
                token, petition = tokens[pair[0]], hot[pair[1]]
                headers = {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "X-Forwarded-For": address(local),
                    "Host": HOST,
                }
                begun = time.perf_counter()
                try:
                    connection.request(
                        "POST",
                        f"/api/v1/petitions/{petition}/signatures",
                        body=b'{"show_name": true}',
                        headers=headers,
                    )
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=60)
                    seen[0] += 1
                    continue
                now = time.perf_counter()
                mine.append((now - begun) * 1000)
                seen[response.status] += 1
                if response.status == 201:
                    ticks[int(now - started_at)] += 1
                    with lock:
                        done.append(pair)
        finally:
            connection.close()
            with lock:
                samples.extend(mine)
                statuses.update(seen)
                per_second.update(ticks)

    client_cpu = run_client_threads(client, clients=clients)
    wall = time.perf_counter() - started_at
    summary = load_summary(
        samples=samples, statuses=statuses, per_second=per_second, wall=wall, seconds=seconds,
        clients=clients, client_cpu=client_cpu,
    )  # fmt: skip
    return {**summary, "signatures_per_second": round(statuses.get(201, 0) / wall, 1)}


# ---------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the signing run (default 60)")
    parser.add_argument("--clients", type=int, default=48, help="client threads (default 48)")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes (default 2)")
    # 16 threads a worker: more requests wait while a batch is in the database, so batches are larger.
    parser.add_argument("--threads", type=int, default=16, help="threads per granian worker (default 16)")
    parser.add_argument("--with-worker", action="store_true", help="run the task worker during the load")
    parser.add_argument("--petitions", type=int, default=10_000)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--background-people", type=int, default=1000)
    parser.add_argument("--signers", type=int, default=4000, help="people with tokens who sign in the run")
    parser.add_argument("--hot", type=int, default=40, help="petitions signed during the run")
    parser.add_argument("--requests", type=int, default=200, help="measured GETs per page")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return 0

    results: dict[str, Any] = {
        "load_before": load_average(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hromada-bench-petitions-") as tmp:
        var_dir = Path(tmp)
        env = bench_environment(var_dir)
        env["HROMADA_NUM_PROXIES"] = "1"
        log = var_dir / "bench.log"
        state = var_dir / "state.json"
        results["database"] = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        print(f"database: {results['database']}; load average {results['load_before']}", flush=True)
        run_hromada(env, "migrate", "--no-input", log=log)
        small = run_worker(env, args, "seed", state)
        info = json.loads(state.read_text())
        print("seeded the signers; growing the data …", flush=True)
        grown = run_worker(env, args, "grow", state)
        results["seed"] = grown["grown"]
        print(f"seeded: {grown['grown']}", flush=True)
        queries = {}
        for path, small_count in small["queries"].items():
            big = grown["queries"].get(path, {})
            queries[path] = {"small": small_count, "big": big}
        for label, path in page_paths(info, grown["grown"]["cold"]).items():
            if "cold" in label:
                hot_label = label.replace("cold", "hot")
                hot_path = page_paths(info, None)[hot_label]
                queries[path] = {"small": grown["queries"][hot_path], "big": grown["queries"][path]}
        results["queries"] = queries
        serve_args = ["--workers", str(args.workers), "--threads", str(args.threads)]
        if args.with_worker:
            serve_args.append("--with-worker")
        with serving(env, *serve_args, log=log) as server:
            print(
                f"server ready in {server.ready_after:.2f} s; signing for {args.seconds:.0f} s …", flush=True
            )
            database = postgres_server_pid(env["DATABASE_URL"])
            cpu_before = tree_cpu_seconds(server.process.pid)
            database_before = tree_cpu_seconds(database) if database else 0.0
            signing = sign_load(server.port, info, seconds=args.seconds, clients=args.clients, seed=7)
            signing["server_cpu_seconds"] = round(tree_cpu_seconds(server.process.pid) - cpu_before, 1)
            if database:  # the PostgreSQL server's processes (backends that exited meanwhile not counted)
                signing["database_cpu_seconds"] = round(tree_cpu_seconds(database) - database_before, 1)
            results["signing"] = signing
            print(f"signing: {signing}", flush=True)
            pages = {}
            for label, path in page_paths(info, grown["grown"]["cold"]).items():
                timing = measure(
                    server.port, path, requests=args.requests, label=label, server_pid=server.process.pid
                )
                pages[label] = {
                    "path": path,
                    "statuses": dict(timing.statuses),
                    "p50_ms": round(timing.p50, 1),
                    "p95_ms": round(timing.p95, 1),
                    "cpu_ms_per_request": round(timing.cpu_ms_per_request, 1),
                }
                print(f"{label}: {pages[label]}", flush=True)
            results["pages"] = pages
        checked = run_worker(env, args, "verify", state)
        results["verify"] = checked
        for path, after in checked.pop("queries_after").items():
            queries.setdefault(path, {"small": {}, "big": {}})["after_signing"] = after
        started = time.perf_counter()
        run_hromada(env, "ledger", "integrate", log=log)
        results["ledger_integrate_seconds"] = round(time.perf_counter() - started, 1)
        check = subprocess.run(hromada_command("ledger", "check"), env=env, capture_output=True, text=True)
        results["ledger_check"] = {
            "status": check.returncode,
            "output": (check.stdout + check.stderr)[-2000:],
        }
    results["load_after"] = load_average()

    signing = results["signing"]
    if signing["signatures_per_second"] < SIGN_TARGET:
        failures.append(f"signatures/s {signing['signatures_per_second']} < {SIGN_TARGET:.0f}")
    if checked["duplicates"] or checked["rows"] != signing["created"]:
        failures.append(
            f"rows {checked['rows']} vs 201s {signing['created']}, duplicates {checked['duplicates']}"
        )
    if checked["tallies"] != checked["rows"]:
        failures.append(f"aggregated {checked['tallies']} ≠ rows {checked['rows']}")
    if results["ledger_check"]["status"] != 0:
        failures.append("ledger check failed")
    for label, page in results["pages"].items():
        if page["statuses"] != {200: args.requests} and not (
            label.startswith("web") and 404 in page["statuses"]
        ):
            failures.append(f"{label}: statuses {page['statuses']}")
        if page["statuses"].get(200) and page["p95_ms"] > P95_TARGET_MS:
            failures.append(f"{label}: p95 {page['p95_ms']} ms > {P95_TARGET_MS:.0f}")
    for path, counts in results["queries"].items():
        # A deep page is empty with the small data (no rows to read): compare it big vs after signing.
        compared = {k: c for k, c in counts.items() if c and not ("page=200" in path and k == "small")}
        seen = {c.get("queries") for c in compared.values()}
        if len(seen) != 1:
            failures.append(f"queries of {path}: {counts}")
    results["failures"] = failures

    rows = [
        [label, p["statuses"], p["p50_ms"], p["p95_ms"], p["cpu_ms_per_request"]]
        for label, p in results["pages"].items()
    ]
    print()
    print(table(["page", "statuses", "p50 ms", "p95 ms", "server cpu ms/req"], rows))
    print()
    print(
        table(
            ["path", "small data", "big data", "after signing"],
            [
                [p, *(c.get(k, {}).get("queries", "-") for k in ("small", "big", "after_signing"))]
                for p, c in queries.items()
            ],
        )
    )
    print()
    print(json.dumps({k: results[k] for k in ("signing", "verify", "ledger_integrate_seconds")}, indent=1))
    print(
        "ledger check:", "ok" if results["ledger_check"]["status"] == 0 else results["ledger_check"]["output"]
    )
    print("FAILED: " + "; ".join(failures) if failures else "all targets met")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

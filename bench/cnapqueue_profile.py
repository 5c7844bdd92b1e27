"""Where the ЦНАП queue's server CPU goes: its HTTP requests through the WSGI application in one process,
each kind under its own cProfile profiler (issues 14, 21).

    .venv/bin/python bench/cnapqueue_profile.py [--requests 300] [--desks 5] [--profile DIR]
    scripts/with-postgres .venv/bin/python bench/cnapqueue_profile.py        # on PostgreSQL

In a fresh temporary HROMADA_VAR_DIR (and the database DATABASE_URL names, a throwaway one) it migrates and
seeds what ``bench/cnapqueue_http.py`` seeds (one office, `--desks` desks with operators and API tokens,
kiosks with device tokens), in the environment ``hromada serve`` gives the application under that benchmark
(HROMADA_NUM_PROXIES=1, PROMETHEUS_MULTIPROC_DIR, WARNING logs). Then, one thread, `--requests` of each:

- take: ``POST /api/v1/queue/offices/{id}/tickets`` (a kiosk's token, an idempotency key);
- call: ``POST /api/v1/queue/desks/{id}/call-next`` (the operator's API token; a ticket is waiting);
- complete: ``POST /api/v1/queue/tickets/{id}/complete``;
- board: ``GET /queue/{id}/board/live/`` (the board page's htmx fragment, Accept-Language: uk), after the
  round's changes; "board again": the same fragment once more before the next change (another board);

and the same actions called directly (``ticket_take``, ``ticket_call_next``, ``ticket_complete``,
``board_state`` + the fragment's template) for comparison. It reports, per kind, the process's CPU per
request without a profiler (the number to compare with the HTTP benchmark's), the SQL statements per
request, and with ``--profile DIR`` writes DIR/<kind>.prof (cProfile over ``time.process_time``: CPU, not
waits on the database; ``python -m pstats``). What the database's own processes spend is not counted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]  # bench/queue… vs `queue`
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_environment, load_average, run_hromada  # noqa: E402

WARM = 20


def environ(
    method: str, path: str, *, token: str | None = None, body: dict[str, Any] | None = None, number: int = 0
) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else b""
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "uk",
        "HTTP_USER_AGENT": "hromada-bench",
        "HTTP_X_FORWARDED_FOR": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if token:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if body is not None:
        env["CONTENT_TYPE"] = "application/json"
        env["CONTENT_LENGTH"] = str(len(data))
    return env


class Kind:
    """One kind of request: its CPU without a profiler, its statements, and its profile."""

    def __init__(self, name: str) -> None:
        import cProfile

        self.name = name
        self.cpu = 0.0
        self.count = 0
        self.queries = 0
        self.counted_queries = 0
        self.statuses: dict[int, int] = {}
        self.profiler = cProfile.Profile(time.process_time)

    def run(self, call: Callable[[], int], *, profiled: bool, counted: bool = True) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if profiled:
            self.profiler.enable()
            status = call()
            self.profiler.disable()
        elif counted:
            started = time.process_time()
            status = call()
            self.cpu += time.process_time() - started
            self.count += 1
        else:  # the warm-up: count the statements (the debug cursor costs CPU of its own)
            with CaptureQueriesContext(connection) as captured:
                status = call()
            self.queries += len(captured.captured_queries)
            self.counted_queries += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="of each kind, measured and profiled each")
    parser.add_argument("--desks", type=int, default=5)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--profile", type=Path, help="write DIR/<kind>.prof")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-cnapqueue-profile-"))
    env = bench_environment(var_dir)
    env["HROMADA_NUM_PROXIES"] = "1"
    (var_dir / "metrics").mkdir()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(var_dir / "metrics")
    os.environ.update(env)
    load_before = load_average()
    run_hromada(env, "migrate", "--noinput", log=var_dir / "bench.log")

    import functools
    import importlib
    import logging

    application = importlib.import_module("hromada.wsgi").application  # django.setup() as the server does
    from django.db import connection
    from django.template.loader import render_to_string
    from django.utils import translation

    from bench.cnapqueue_http import seed
    from hromada.cnapqueue import actions, selectors
    from hromada.cnapqueue.models import Channel, Desk, Kiosk, Office, Service, Ticket

    logging.getLogger("django.request").setLevel(logging.ERROR)
    info = seed(argparse.Namespace(desks=args.desks, kiosks=args.kiosks))
    office_id, desks, services = info["office"], info["desks"], info["services"]
    kiosk_tokens: list[str] = info["kiosk_tokens"]
    desk_tokens: dict[int, str] = info["desk_tokens"]

    def send(env_: dict[str, Any]) -> tuple[int, bytes]:
        status: list[int] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
            status.append(int(line[:3]))

        response = application(env_, start_response)
        content = b"".join(response)
        close = getattr(response, "close", None)
        if close is not None:
            close()
        return status[0], content

    number = 0
    kinds = {name: Kind(name) for name in ("take", "call", "complete", "board", "board again")}
    called: dict[int, int] = {}  # desk → the ticket it called

    def take() -> int:
        nonlocal number
        number += 1
        body = {"service": services[number % len(services)], "idempotency_key": secrets.token_urlsafe(12)}
        path = f"/api/v1/queue/offices/{office_id}/tickets"
        return send(environ("POST", path, token=kiosk_tokens[number % len(kiosk_tokens)], body=body,
                            number=number))[0]  # fmt: skip

    def call(desk: int) -> int:
        status, content = send(
            environ("POST", f"/api/v1/queue/desks/{desk}/call-next", token=desk_tokens[desk], number=desk)
        )
        if status == 200 and json.loads(content)["ticket"] is not None:
            called[desk] = json.loads(content)["ticket"]["id"]
        return status

    def complete(desk: int) -> int:
        ticket = called.pop(desk)
        path = f"/api/v1/queue/tickets/{ticket}/complete"
        return send(environ("POST", path, token=desk_tokens[desk], number=desk))[0]

    def board() -> int:
        return send(environ("GET", f"/queue/{office_id}/board/live/", number=7))[0]

    def one_round(profiled: bool, counted: bool = True) -> None:
        # A take, then a desk calls (a ticket is waiting: the takes run ahead) and completes, and a board.
        # The warm-up takes two a round: ~20 tickets wait all along (the queue stays short, as in the
        # HTTP benchmark, where the desks keep up with the kiosks).
        for n in range(args.requests):
            kinds["take"].run(take, profiled=profiled, counted=counted)
            if not counted:
                kinds["take"].run(take, profiled=profiled, counted=counted)
            desk = desks[n % len(desks)]
            kinds["call"].run(functools.partial(call, desk), profiled=profiled, counted=counted)
            if desk in called:
                kinds["complete"].run(functools.partial(complete, desk), profiled=profiled, counted=counted)
            kinds["board"].run(board, profiled=profiled, counted=counted)
            # another board of the office polls before the next change (as 50 boards do between two events)
            kinds["board again"].run(board, profiled=profiled, counted=counted)

    saved, args.requests = args.requests, WARM
    one_round(profiled=False, counted=False)
    args.requests = saved
    started = time.process_time()
    one_round(profiled=False)
    http_cpu = time.process_time() - started
    if args.profile:
        one_round(profiled=True)

    # The same actions called directly: what the web layer adds is the difference.
    office = Office.objects.get(pk=office_id)
    kiosk = Kiosk.objects.filter(office=office).first()
    service_objects = list(Service.objects.filter(pk__in=services).order_by("pk"))
    direct = {name: Kind(f"direct {name}") for name in ("take", "call", "complete", "board")}
    desk_objects = {d.pk: d for d in Desk.objects.filter(pk__in=desks).select_related("operator")}
    tickets: dict[int, Ticket] = {}

    def direct_take() -> int:
        nonlocal number
        number += 1
        actions.ticket_take(
            office=office,
            service=service_objects[number % len(service_objects)],
            channel=Channel.KIOSK,
            kiosk=kiosk,
            idempotency_key=secrets.token_urlsafe(12),
        )
        return 201

    def direct_call(desk: Desk) -> int:
        ticket = actions.ticket_call_next(desk=desk, actor=desk.operator)
        if ticket is not None:
            tickets[desk.pk] = ticket
        return 200

    def direct_complete(desk: Desk) -> int:
        actions.ticket_complete(desk=desk, ticket=tickets.pop(desk.pk), actor=desk.operator)
        return 200

    def direct_board() -> int:
        with translation.override("uk"):
            state = selectors.board_state(office=office, language="uk")
            render_to_string("cnapqueue/_board.html", {"office": office, "board": state})
        return 200

    for n in range(WARM + args.requests):
        counted = n >= WARM
        direct["take"].run(direct_take, profiled=False, counted=counted)
        if not counted:
            direct["take"].run(direct_take, profiled=False, counted=counted)
        desk_object = desk_objects[desks[n % len(desks)]]
        direct["call"].run(functools.partial(direct_call, desk_object), profiled=False, counted=counted)
        if desk_object.pk in tickets:
            finish = functools.partial(direct_complete, desk_object)
            direct["complete"].run(finish, profiled=False, counted=counted)
        direct["board"].run(direct_board, profiled=False, counted=counted)
    connection.close()

    results: dict[str, Any] = {
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "load_before": load_before,
        "load_after": load_average(),
        "http_cpu_ms_per_request": round(http_cpu * 1000 / sum(k.count for k in kinds.values()), 2),
        "kinds": {},
    }
    print(f"{results['database']}, load {load_before} → {results['load_after']}, {args.requests} rounds")
    print(f"{'kind':<18}{'n':>6}{'CPU ms':>9}{'SQL':>7}  statuses")
    for kind in [*kinds.values(), *direct.values()]:
        if not kind.count:
            continue
        cpu_ms, sql = kind.cpu * 1000 / kind.count, kind.queries / max(kind.counted_queries, 1)
        results["kinds"][kind.name] = {"n": kind.count, "cpu_ms": round(cpu_ms, 2), "sql": round(sql, 1),
                                       "statuses": kind.statuses}  # fmt: skip
        print(f"{kind.name:<18}{kind.count:>6}{cpu_ms:>9.2f}{sql:>7.1f}  {kind.statuses}")
        if args.profile and kind.name in kinds and kind.profiler.getstats():
            args.profile.mkdir(parents=True, exist_ok=True)
            kind.profiler.dump_stats(str(args.profile / f"{kind.name}.prof"))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

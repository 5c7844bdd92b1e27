"""The city chat bot under a burst (issue 18's target): 10,000 Updates in the Bot API's documented shapes
from 1,000 chats (mixed dialogues: problem reports filed end to end, queue tickets, information,
petitions browsed (an anonymous chat's "Sign" is sent to link its account), subscriptions, stickers,
voice, junk, unknown commands), posted to the real webhook
(`POST /bot/telegram/webhook` with the secret token, through the production WSGI application
`hromada.wsgi`'s `Application` called in-process — its middleware chains and request signals, without an
HTTP server) while `--workers` other processes (1 by default; production runs two) work as `hromada
worker` does (processing the recorded updates in batches, the chats shared between them by `SKIP
LOCKED`); 10% of the updates are posted twice, as Telegram retries. Then the outgoing queue is sent for
a while against the stand-in Bot API (a real HTTP server) and the calls it recorded are checked against
Telegram's limits.

Reports updates/s (received and processed, wall time), that each update was recorded and processed
exactly once, that every processed update was answered, and the busiest second overall and per chat.

    .venv/bin/python bench/bot.py [--chats 1000] [--per-chat 10] [--send-seconds 12] [--workers 1]
    scripts/with-postgres .venv/bin/python bench/bot.py --workers 2
    scripts/with-postgres .venv/bin/python bench/bot.py --chats 200 --profile /tmp/worker.prof

`--profile FILE` writes a cProfile (CPU time) of the first worker process to FILE (pstats format),
`--profile-webhook FILE` one of the webhook's posts. Besides the workers' CPU per update it prints the
webhook process's (the posting loop, after the URL configuration's import) and the PostgreSQL server's
(from /proc: the postmaster and its children, live and exited), so a run on a shared machine still says
what each process costs.

Runs in a fresh temporary HROMADA_VAR_DIR (SQLite there unless DATABASE_URL names a throwaway database).
"""
# bench: City chat bot — 10,000 updates from 1,000 chats through the webhook, exactly once, within limits

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_PER_SECOND = 500
TOKEN = "424242:BENCH-token"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()


def _worker(total: int, deadline: float, chunk: int, profile: str, done: object) -> None:
    """A worker process: process the recorded updates as they arrive, until all are done; puts how many
    it processed in ``done`` (a shared counter), its CPU seconds, and those after its start (Django's
    set-up and the URL configuration, which a long-running ``hromada worker`` pays once)."""
    _setup_django()
    from django.urls import get_resolver

    from hromada.bot.actions import updates_process_pending
    from hromada.bot.models import BotConfig, InboundUpdate

    get_resolver().url_patterns  # noqa: B018 - the first reverse() imports it (~1 s): the worker's start
    started = time.process_time()

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine may be busy
        profiler.enable()
    bot = BotConfig.objects.select_related("hromada").get()
    mine = 0
    while time.monotonic() < deadline:
        processed = updates_process_pending(bot=bot, limit=500, chunk=chunk)
        mine += processed
        if not processed:
            if InboundUpdate.objects.filter(bot=bot).exclude(outcome="pending").count() >= total:
                break
            time.sleep(0.01)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    done.put((mine, time.process_time(), time.process_time() - started))  # type: ignore[attr-defined]


def _pg_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server (the postmaster, its live children — backends,
    checkpointer, autovacuum … — and the children that have exited, which the postmaster has waited for),
    read from /proc; None on SQLite or when /proc is not readable."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        tick = os.sysconf("SC_CLK_TCK")

        def fields(pid: int | str) -> list[str]:
            text = Path(f"/proc/{pid}/stat").read_text()
            return text[text.rindex(")") + 2 :].split()  # after "pid (comm) "; fields from state (3rd)

        postmaster = int(fields(backend)[1])
        own = fields(postmaster)
        total = sum(int(v) for v in own[11:15])  # utime, stime, cutime, cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    f = fields(entry.name)
                except OSError:
                    continue
                if int(f[1]) == postmaster:
                    total += int(f[11]) + int(f[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def _wsgi_post(app: object, body: bytes, secret: str) -> int:
    """POST one update to the webhook through the WSGI application, as granian would; the status code."""
    import io

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/bot/telegram/webhook",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "149.154.167.197",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status: list[str] = []
    result = app(environ, lambda code, headers, exc_info=None: status.append(code))  # type: ignore[operator]
    try:
        b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return int(status[0].split()[0])


def _scripts(
    chats: int, per_chat: int, service_id: int, petition_id: int, rng: random.Random
) -> list[list[dict]]:
    from hromada.bot.tests import shapes

    scripts = []
    for n in range(chats):
        chat = 100_000 + n
        # A distinct place per chat, 150 m apart, so no report is a nearby duplicate of another.
        lat = 50.002 + (n // 40) * 0.00135
        lon = 30.002 + (n % 40) * 0.0021
        kind = n % 10
        if kind < 5:  # report a problem end to end
            steps = [
                shapes.text(chat, "/start"),
                shapes.callback(chat, "m:report"),
                shapes.location(chat, lat, lon),
                shapes.callback(chat, "r:pothole"),
                shapes.callback(chat, "p:skip"),
                shapes.text(chat, f"Яма біля будинку {n}"),
                shapes.callback(chat, "f:yes"),
                shapes.text(chat, "/menu"),
                shapes.sticker(chat),
                shapes.callback(chat, "m:hours"),
            ]
        elif kind < 8:  # a queue ticket, then information
            steps = [
                shapes.text(chat, "/start"),
                shapes.callback(chat, "m:queue"),
                shapes.callback(chat, f"s:{service_id}"),
                shapes.text(chat, "/menu"),
                shapes.callback(chat, "m:near"),
                shapes.location(chat, lat, lon),
                shapes.voice(chat),
                shapes.text(chat, "/help"),
                shapes.callback(chat, "m:hours"),
                shapes.text(chat, "дякую"),
            ]
        else:  # petitions, subscriptions and bad input
            steps = [
                shapes.text(chat, "/start", language="en"),
                shapes.callback(chat, "m:petitions"),
                shapes.callback(chat, f"g:o:{petition_id}"),
                shapes.callback(chat, f"g:s:{petition_id}"),  # anonymous: sent to link the account
                shapes.callback(chat, "m:subscribe"),
                shapes.callback(chat, "t:all"),
                shapes.text(chat, "asdfghjkl"),
                shapes.text(chat, "/nonsense"),
                shapes.callback(chat, "f:yes"),  # an expired button
                shapes.text(chat, "/stop"),
            ]
        scripts.append(steps[:per_chat])
    return scripts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--send-seconds", type=float, default=12.0)
    parser.add_argument("--chunk", type=int, default=50, help="chats per batch (transaction) of a worker")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (production runs two)")
    parser.add_argument("--profile", default="", help="write a cProfile of the first worker to this file")
    parser.add_argument(
        "--profile-webhook", default="", help="write a cProfile of the webhook's posts to this file"
    )
    args = parser.parse_args()
    os.environ.setdefault("HROMADA_VAR_DIR", tempfile.mkdtemp(prefix="bench-bot-"))
    os.environ["HROMADA_LEDGER_KEY_DIR"] = os.path.join(os.environ["HROMADA_VAR_DIR"], "keys")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count

    from hromada.bot import throttle
    from hromada.bot.actions import bot_config_save, outbox_drain
    from hromada.bot.models import Chat, InboundUpdate, Outgoing
    from hromada.bot.tests import standin as standin_module
    from hromada.cnapqueue.actions import office_save, service_save
    from hromada.cnapqueue.models import Office, Service, Ticket
    from hromada.core.models import Hromada, HromadaHost
    from hromada.opencity.models import Category, Report
    from hromada.territory.models import Department, District, Institution

    call_command("migrate", verbosity=0)
    total = args.chats * args.per_chat
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}, "
        f"{connection.vendor}, {os.cpu_count()} cores, "
        f"{args.chats:,} chats × {args.per_chat} = {total:,} updates",
        flush=True,
    )
    hromada = Hromada.objects.create(
        name="Бенчмарк",
        slug="bench",
        katottg="UA00000000000000001",
        is_default=True,
        center_lat=50.05,
        center_lon=30.05,
    )
    HromadaHost.objects.create(hromada=hromada, host="testserver")
    ring = [[30.0, 50.0], [30.1, 50.0], [30.1, 50.1], [30.0, 50.1], [30.0, 50.0]]
    District.objects.create(
        hromada=hromada, name="Центральний", boundary={"type": "Polygon", "coordinates": [ring]}
    )
    roads = Department.objects.create(hromada=hromada, name="Дороги")
    Category.objects.create(
        hromada=hromada, code="pothole", name="Яма на дорозі", department=roads, sla_days=5
    )
    always = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    institution = Institution.objects.create(
        hromada=hromada,
        kind="cnap",
        name="ЦНАП",
        address="вул. Центральна, 1",
        lat=50.05,
        lon=30.05,
        opening_hours=always,
    )
    for k in range(20):
        Institution.objects.create(
            hromada=hromada,
            kind="school",
            name=f"Школа №{k + 1}",
            address=f"вул. Шкільна, {k + 1}",
            lat=50.0 + k * 0.004,
            lon=30.0 + k * 0.004,
            opening_hours=always,
        )
    office = office_save(office=Office(hromada=hromada, institution=institution))
    service = service_save(service=Service(office=office, name="Паспорт", prefix="А", average_minutes=10))
    from hromada.petitions.tests.factories import make_world

    petitions = make_world(hromada, signature_threshold=100)
    collecting = [petitions.collecting() for _ in range(7)]  # more than a page of the list
    petition = collecting[0]
    state, server = standin_module.start()
    settings.HROMADA_TELEGRAM_API_URL = state.url
    bot = bot_config_save(hromada=hromada, by=None, username="bench_bot", token=TOKEN)
    rng = random.Random(18)
    scripts = _scripts(args.chats, args.per_chat, service.pk, petition.pk, rng)
    order = []  # round-robin over chats keeps each chat's own order, as Telegram delivers it
    for step in range(args.per_chat):
        chats = list(range(args.chats))
        rng.shuffle(chats)
        order.extend(scripts[c][step] for c in chats)
    connections.close_all()

    import json

    from hromada.core.handlers import Application

    app = Application()
    from django.urls import get_resolver

    # The URL configuration is imported by the first request (~1 s of CPU, once per web process): before
    # the clock, so the webhook's CPU per update is the steady cost. (The workers fork with it imported.)
    get_resolver().url_patterns  # noqa: B018
    bodies = [json.dumps(update).encode() for update in order]
    context = multiprocessing.get_context("fork")
    pg_before = _pg_cpu()
    connections.close_all()
    started = time.perf_counter()
    webhook_cpu = time.process_time()
    results = context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(total, time.monotonic() + 3600, args.chunk, args.profile if n == 0 else "", results),
        )
        for n in range(args.workers)
    ]
    for worker in workers:
        worker.start()
    refused = 0
    webhook_profiler = None
    if args.profile_webhook:
        import cProfile

        webhook_profiler = cProfile.Profile(time.process_time)
        webhook_profiler.enable()
    for body in bodies:
        if _wsgi_post(app, body, bot.webhook_secret) != 200:
            refused += 1
        if rng.random() < 0.1:  # Telegram retries an update whose answer it did not see in time
            _wsgi_post(app, body, bot.webhook_secret)
    received = time.perf_counter() - started
    if webhook_profiler is not None:
        webhook_profiler.disable()
        webhook_profiler.dump_stats(args.profile_webhook)
    webhook_cpu = time.process_time() - webhook_cpu
    per_worker = [results.get() for _worker in workers]
    for worker in workers:
        worker.join()
    # Whatever the worker left (it stops at its deadline) is processed here, inside the measured time.
    from hromada.bot.actions import updates_process_pending

    while updates_process_pending(bot=bot, limit=1000):
        pass
    elapsed = time.perf_counter() - started
    rate = total / elapsed
    pg_after = _pg_cpu()
    load_end = os.getloadavg()[0]

    rows = InboundUpdate.objects.filter(bot=bot).count()
    outcomes = dict(InboundUpdate.objects.filter(bot=bot).values_list("outcome").annotate(n=Count("pk")))
    answered_chats = Outgoing.objects.filter(bot=bot).values("chat_id").distinct().count()
    queued = Outgoing.objects.filter(bot=bot).count()
    print(
        f"received {total:,} updates in {received:.1f} s ({total / received:,.0f}/s through the webhook), "
        f"refused {refused}"
    )
    print(f"received and processed in {elapsed:.1f} s: {rate:,.0f} updates/s (target ≥ {TARGET_PER_SECOND})")
    cpu = sum(seconds for _n, seconds, _steady in per_worker)
    steady = sum(seconds for _n, _s, seconds in per_worker)
    handled = max(1, sum(n for n, _s, _steady in per_worker))
    print(
        f"{args.workers} worker(s) processed {' + '.join(f'{n:,}' for n, _s, _t in per_worker)} updates "
        f"with {cpu:.1f} CPU s in all: {1000 * cpu / handled:.2f} ms "
        "of worker CPU per update (its own process, not the database's); "
        f"after the workers' start (set-up, URL configuration): {1000 * steady / handled:.2f} ms"
    )
    print(
        f"webhook process: {webhook_cpu:.1f} CPU s for the posts, "
        f"{1000 * webhook_cpu / total:.2f} ms an update (the bench's in-process WSGI calls, retries included)"
    )
    if pg_before is not None and pg_after is not None:
        pg = pg_after - pg_before
        print(f"PostgreSQL server: {pg:.1f} CPU s, {1000 * pg / total:.2f} ms an update")
    print(f"load average at the end: {load_end:.1f}")
    print(f"recorded once: {rows:,} rows for {total:,} updates (+~10% retries posted); outcomes {outcomes}")
    print(
        f"chats answered: {answered_chats:,} of {args.chats:,}; {queued:,} calls queued; "
        f"reports filed: {Report.objects.filter(channel='telegram').count():,}; "
        f"tickets taken: {Ticket.objects.filter(channel='telegram').count():,}; "
        f"chats: {Chat.objects.count():,}"
    )

    sent = outbox_drain(bot=bot, seconds=args.send_seconds)
    messages = [c for c in state.calls if c.method in ("sendMessage", "sendPhoto")]
    times = [c.at for c in messages]
    busiest = throttle.max_in_window(times)
    per_chat: dict[int, list[float]] = {}
    for call in messages:
        per_chat.setdefault(call.payload["chat_id"], []).append(call.at)
    closest = min(
        (b - a for ts in per_chat.values() for a, b in zip(sorted(ts), sorted(ts)[1:], strict=False)),
        default=None,
    )
    print(
        f"sent {sent:,} calls in {args.send_seconds:.0f} s against the stand-in: "
        f"busiest second {busiest} messages "
        f"(limit {throttle.GLOBAL_PER_SECOND}), closest two messages in one chat "
        f"{'—' if closest is None else f'{closest:.2f} s'} (limit {throttle.PER_CHAT_INTERVAL:.0f} s)"
    )
    server.shutdown()
    ok = (
        rows == total
        and outcomes.get("done", 0) == total
        and answered_chats == args.chats
        and busiest <= throttle.GLOBAL_PER_SECOND
        and (closest is None or closest >= throttle.PER_CHAT_INTERVAL - 0.05)
    )
    print("exactly once and within limits: " + ("yes" if ok else "NO"))
    print(f"target ≥ {TARGET_PER_SECOND}/s: " + ("met" if rate >= TARGET_PER_SECOND else "NOT met"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

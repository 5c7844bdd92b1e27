"""Reads of the services module, always scoped by hromada."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from hromada.accounts.models import DepartmentMembership
from hromada.accounts.permissions import is_cnap_officer_of
from hromada.core import clock
from hromada.core.calendar import calendar_for
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.core.permissions import manages_hromada
from hromada.core.textsearch import query_stems
from hromada.core.workdays import KYIV
from hromada.territory.models import Institution
from hromada.territory.selectors import districts_of

from . import fees, lifecycle, payments, stats
from .definitions import district_fields, label
from .models import Application, ApplicationFile, Definition, Event, FeeBaseValue, Service, Tariff
from .search import best_matches, expand_query

if TYPE_CHECKING:
    from hromada.accounts.models import User

QUEUE_COLUMNS = (
    "id", "hromada_id", "number", "status", "due_at", "submitted_at", "stage",
    "service__id", "service__code", "service__title", "service__title_en", "service__department_id",
    "assignee__id", "assignee__full_name",
)  # fmt: skip
QUEUE_SORTS = {"due": ("due_at", "id"), "new": ("-submitted_at", "-id"), "old": ("submitted_at", "id")}
# Open applications, by the stored column. Written as ``IN (true)``, not ``is_open=True``: Django renders the
# latter as a bare ``WHERE "is_open"``, which SQLite cannot match to an index column (an equality it can).
OPEN = Q(is_open__in=[True])


# ------------------------------------------------------------------------------------------ catalogue


def fee_table() -> dict[str, tuple[tuple[dt.date, Decimal], ...]]:
    """The base values (ПМ, НМДГ, МЗП) by date: the built-in table with the stored rows over it."""
    rows = [(r.base, r.valid_from, r.amount) for r in FeeBaseValue.objects.all()]
    return fees.merged_table(rows)


def fee_for(*, tariff: Tariff | None, on: dt.date, table: dict[str, Any] | None = None) -> int | None:
    """The fee in kopiyky of ``tariff`` for a filing on ``on``; None when the formula is unknown."""
    if tariff is None or not tariff.fee_formula:
        return None
    try:
        return fees.fee_kop(tariff.fee_formula, on=on, rounding=tariff.rounding, table=table or fee_table())
    except fees.FormulaError:
        return None


def _published(hromada: Hromada) -> QuerySet[Service]:
    online = Definition.objects.filter(service=OuterRef("pk"))
    return Service.objects.filter(hromada=hromada, is_published=True).annotate(is_online=Exists(online))


def service_list(
    *, hromada: Hromada, query: str = "", category: str = "", life_situation: str = "", online: bool = False
) -> QuerySet[Service]:
    """Published services, filtered; a query matches every stem of its words (synonyms expanded), and when
    nothing matches, the services whose words are closest to the query's (typos)."""
    services = _published(hromada)
    if category:
        # A text match on the JSON list: the same on SQLite and PostgreSQL.
        services = services.filter(categories__icontains=f'"{category}"')
    if life_situation:
        services = services.filter(life_situations__icontains=f'"{life_situation}"')
    if online:
        services = services.filter(Exists(Definition.objects.filter(service=OuterRef("pk"))))
    stems = query_stems(expand_query(query)) if query.strip() else []
    if not stems:
        return services.order_by("code")
    strict = services
    for stem in stems:
        strict = strict.filter(search_text__contains=stem)
    if strict.exists():
        return strict.order_by("code")
    ids = best_matches(query, services.values_list("pk", "search_text"))
    return services.filter(pk__in=ids).order_by("code")


def service_get(*, hromada: Hromada, code: str, published_only: bool = True) -> Service | None:
    services = _published(hromada) if published_only else Service.objects.filter(hromada=hromada)
    return (
        services.select_related("department").prefetch_related("tariffs", "offices").filter(code=code).first()
    )


def service_by_pk(*, hromada: Hromada, pk: int) -> Service | None:
    return Service.objects.filter(hromada=hromada, pk=pk).first()


def definition_current(*, service: Service) -> Definition | None:
    return Definition.objects.filter(service=service).order_by("-version").first()


def definition_versions(*, service: Service) -> QuerySet[Definition]:
    return Definition.objects.filter(service=service).order_by("-version")


def tariff_of(*, service: Service, variant: str) -> Tariff | None:
    return next((t for t in service.tariffs.all() if t.variant == variant), None)


def variants_of(*, service: Service) -> list[str]:
    """The variants a resident can choose (regular, urgent): those with a tariff, else just regular."""
    return [t.variant for t in service.tariffs.all()] or [Tariff.Variant.REGULAR]


def desk_offices(*, service: Service) -> list[Institution]:
    """The ЦНАП offices whose desks file this service: those on its card, or every ЦНАП of the hromada
    when the card names none."""
    offices = [o for o in service.offices.all() if o.kind == Institution.Kind.CNAP]
    if offices:
        return sorted(offices, key=lambda o: o.name)
    return list(
        Institution.objects.filter(hromada_id=service.hromada_id, kind=Institution.Kind.CNAP).order_by("name")
    )


def online_count(*, hromada: Hromada) -> int:
    return _published(hromada).filter(Exists(Definition.objects.filter(service=OuterRef("pk")))).count()


# --------------------------------------------------------------------------------------- applications


def _applications(hromada: Hromada) -> QuerySet[Application]:
    return Application.objects.filter(hromada=hromada).select_related("service", "definition")


def applications_of(*, hromada: Hromada, person: User) -> QuerySet[Application]:
    """The person's applications in this hromada, drafts first, then the newest."""
    return _applications(hromada).filter(applicant=person).order_by("-updated_at", "-id")


def application_of_applicant(*, hromada: Hromada, pk: int, person: User) -> Application | None:
    return _applications(hromada).filter(pk=pk, applicant=person).first()


def application_by_number(*, hromada: Hromada, number: str, access_code: str) -> Application | None:
    """The application with this number, when the access code matches (status lookup without an account)."""
    if not number or not access_code:
        return None
    found = _applications(hromada).filter(number=number.strip()).exclude(status=lifecycle.DRAFT).first()
    if found is None or not _same(found.access_code, access_code.strip().upper()):
        return None
    return found


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def document_verified(*, hromada: Hromada, number: str, code: str) -> Application | None:
    """The issued application whose result document has this number and verification code."""
    if not number or not code:
        return None
    found = (
        Application.objects.filter(hromada=hromada, number=number.strip(), status=lifecycle.ISSUED)
        .exclude(document_code="")
        .select_related("service")
        .first()
    )
    if found is None or not _same(found.document_code, code.strip().upper()):
        return None
    return found


def application_by_key(*, applicant: User, key: str) -> Application | None:
    return Application.objects.filter(applicant=applicant, idempotency_key=key).first() if key else None


def application_for_staff(*, hromada: Hromada, pk: int) -> Application | None:
    return (
        _applications(hromada)
        .select_related("applicant", "assignee", "filed_by", "decided_by", "service__department")
        .filter(pk=pk)
        .exclude(status=lifecycle.DRAFT)
        .first()
    )


def work_queue(
    *,
    hromada: Hromada,
    viewer: User,
    service: str = "",
    status: str = "",
    stage: str = "",
    assignee: str = "",
    overdue: bool = False,
    sort: str = "due",
) -> QuerySet[Application]:
    """Applications officials work on: those of the viewer's departments' services (all of them for
    administrators and ЦНАП administrators), open ones unless ``status`` says otherwise, by deadline."""
    # Only what a row shows: the services' JSON cards, the definitions and the answers stay in the database.
    # Open ones through the stored ``is_open`` column: ``services_open_due_idx`` (hromada, is_open, due_at,
    # status, service) gives them in deadline order, so a page reads its rows without sorting every open
    # one, and the paginator's count reads the index alone (docs/performance.md, "Where the work queue's
    # time goes").
    queue = (
        Application.objects.filter(hromada=hromada).select_related("service", "assignee").only(*QUEUE_COLUMNS)
    )
    if not (manages_hromada(viewer, hromada) or is_cnap_officer_of(viewer, hromada)):
        departments = DepartmentMembership.objects.filter(user=viewer, department__hromada=hromada).values(
            "department_id"
        )
        queue = queue.filter(
            service_id__in=Service.objects.filter(hromada=hromada, department_id__in=departments).values("pk")
        )
    queue = queue.filter(status=status).exclude(status=lifecycle.DRAFT) if status else queue.filter(OPEN)
    if service:
        queue = queue.filter(service__code=service)
    if stage:
        queue = queue.filter(stage=stage)
    if assignee == "me":
        queue = queue.filter(assignee=viewer)
    elif assignee == "none":
        queue = queue.filter(assignee__isnull=True)
    if overdue:
        queue = queue.filter(OPEN, due_at__lt=clock.now(), status__in=lifecycle.CLOCK_RUNNING)
    return queue.order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["due"]))


def events_of(*, application: Application, internal: bool) -> QuerySet[Event]:
    events = Event.objects.filter(application=application).select_related("actor")
    return events if internal else events.filter(internal=False)


def files_of(*, application: Application) -> QuerySet[ApplicationFile]:
    return ApplicationFile.objects.filter(application=application)


def file_for(*, hromada: Hromada, file_id: int) -> ApplicationFile | None:
    return (
        ApplicationFile.objects.filter(hromada=hromada, pk=file_id)
        .select_related("application__service")
        .first()
    )


def overdue_open(*, now: dt.datetime) -> QuerySet[Application]:
    """Applications past their deadline with the clock running that nobody has escalated yet, oldest due
    first (so a batch limit never leaves the same escalated ones in front of the rest)."""
    escalated = Event.objects.filter(application=OuterRef("pk"), kind="escalated")
    return (
        Application.objects.filter(status__in=lifecycle.CLOCK_RUNNING, due_at__lt=now)
        .exclude(Exists(escalated))
        .select_related("service", "hromada")
        .order_by("due_at", "id")
    )


def application_counts(*, hromada: Hromada) -> dict[str, int]:
    open_ = Application.objects.filter(OPEN, hromada=hromada)
    return {
        "open": open_.count(),
        "overdue": open_.filter(due_at__lt=clock.now(), status__in=lifecycle.CLOCK_RUNNING).count(),
    }


def staff_of_department(*, department_id: int | None, roles: tuple[str, ...]) -> QuerySet[Any]:
    from hromada.accounts.models import User

    if department_id is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__department_id=department_id, memberships__role__in=roles, is_active=True
    ).distinct()


STATUS_835 = {
    lifecycle.SUBMITTED: "На виконанні",
    lifecycle.IN_PROGRESS: "На виконанні",
    lifecycle.AWAITING_APPROVAL: "На виконанні",
    lifecycle.CORRECTION: "Повернуто на доопрацювання",
    lifecycle.APPROVED: "Виконано",
    lifecycle.ISSUED: "Виконано",
    lifecycle.REFUSED: "Відмовлено",
    lifecycle.WITHDRAWN: "Відкликано",
}


def rendered_services(*, hromada: Hromada, after: str | None = None) -> Iterator[dict[str, Any]]:
    """Applications filed, in the shape of the Resolution 835 draft schema "services", ordered by their
    number (``2026-000123``: unique per hromada, zero-padded); ``after``: only those numbered after it
    (keyset paging of the open-data API). The applicant's name and identifier are never included (all our
    applicants are individuals). Streamed: a million applications are never held at once."""
    rows = _applications(hromada).exclude(status=lifecycle.DRAFT).select_related("service__department")
    if after is not None:
        rows = rows.filter(number__gt=str(after))
    for a in rows.order_by("number").iterator(chunk_size=2000):
        yield {
            "uid": a.number,
            "registrationDateTime": a.submitted_at.isoformat() if a.submitted_at else None,
            "code": a.service.rap_id or a.service.code,
            "title": a.service.title,
            "authorityId": "",
            "authorityName": a.service.department.name if a.service.department else hromada.name,
            "applicantType": "individual",
            "status": STATUS_835.get(a.status, a.status),
            "providDate": a.decided_at.date().isoformat() if a.decided_at else None,
            "amount": f"{a.fee_kop / 100:.2f}" if a.fee_kop else "0.00",
            "currency": "UAH",
            "issuedDate": a.issued_at.date().isoformat() if a.issued_at else None,
        }


def rendered_services_count(*, hromada: Hromada) -> int:
    return _applications(hromada).exclude(status=lifecycle.DRAFT).count()


# ----------------------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class ServiceMonth:
    """A statistics row with what a page shows: the service, the month, the counts and the refusals with
    their labels in the page's language."""

    code: str
    title: str
    title_en: str
    row: stats.MonthRow
    refusals: list[tuple[str, int]]


def statistics_years(*, hromada: Hromada) -> list[int]:
    """The years with filed applications, newest first (the current year always)."""
    years = {
        d.astimezone(KYIV).year
        for d in Application.objects.filter(hromada=hromada, submitted_at__isnull=False).datetimes(
            "submitted_at", "year", tzinfo=KYIV
        )
    }
    years.add(clock.now().astimezone(KYIV).year)
    return sorted(years, reverse=True)


def service_statistics(
    *,
    hromada: Hromada,
    year: int,
    language: str,
    service: str = "",
    published_only: bool = True,
    by: str = "service",
) -> list[ServiceMonth]:
    """Per service (or, ``by="office"``, per ЦНАП office whose desk registered the applications, online
    and API ones together as one row) and month of ``year`` (Kyiv time): applications received by channel,
    decisions on time and late, refusals by ground, the median and the 90th percentile of the working days
    to a decision (see ``stats.py``). Newest month first. ``published_only`` leaves out services taken off
    the catalogue (the public page)."""
    start = dt.datetime(year, 1, 1, tzinfo=KYIV)
    end = dt.datetime(year + 1, 1, 1, tzinfo=KYIV)
    services = Service.objects.filter(hromada=hromada)
    if published_only:
        services = services.filter(is_published=True)
    if service:
        services = services.filter(code=service)
    applications = Application.objects.filter(hromada=hromada, service__in=services.values("pk")).exclude(
        status=lifecycle.DRAFT
    )
    group = "office_id" if by == "office" else "service_id"  # the rows' key (0: no office)
    filed = [
        stats.Filed(service_id=g or 0, channel=c, submitted_at=cast(dt.datetime, t))
        for g, c, t in applications.filter(submitted_at__gte=start, submitted_at__lt=end).values_list(
            group, "channel", "submitted_at"
        )
    ]
    decided_rows = list(
        applications.filter(decided_at__gte=start, decided_at__lt=end)
        .exclude(submitted_at__isnull=True)
        .values_list(group, "submitted_at", "decided_at", "due_at", "status", "refusal_code", "definition_id")
    )
    decided = [
        stats.Decided(
            service_id=g or 0, submitted_at=cast(dt.datetime, t), decided_at=cast(dt.datetime, d), due_at=due,
            refused=status == lifecycle.REFUSED,
            refusal_code=code,
        )
        for g, t, d, due, status, code, _definition in decided_rows
    ]  # fmt: skip
    rows = stats.summarise(calendar_for(hromada=hromada), filed=filed, decided=decided)
    if not rows:
        return []
    reasons = _refusal_labels(
        {definition for *_rest, status, _code, definition in decided_rows if status == lifecycle.REFUSED},
        language,
    )
    if by == "office":
        return _office_months(hromada, rows, reasons, language)
    known = {s.pk: s for s in services.filter(pk__in={r.service_id for r in rows})}
    return [
        ServiceMonth(
            code=known[r.service_id].code,
            title=known[r.service_id].title,
            title_en=known[r.service_id].title_en,
            row=r,
            refusals=[(reasons.get((r.service_id, code), code), n) for code, n in r.refusals.most_common()],
        )
        for r in rows
        if r.service_id in known
    ]


def _office_months(
    hromada: Hromada, rows: list[stats.MonthRow], reasons: dict[tuple[int, str], str], language: str
) -> list[ServiceMonth]:
    """The rows per office: the office's name, or "online and through the API" for the applications no
    desk registered; a refusal ground by its code's label in any of the services' definitions."""
    from django.utils import translation

    offices = {
        o.pk: o for o in Institution.objects.filter(hromada=hromada, pk__in={r.service_id for r in rows})
    }
    by_code = {code: text for (_service, code), text in reasons.items()}
    with translation.override(language):
        remote = str(_("Online and through the API"))
    months = []
    for r in rows:
        office = offices.get(r.service_id)
        months.append(
            ServiceMonth(
                code="",
                title=office.name if office else remote,
                title_en=office.name_en if office else remote,
                row=r,
                refusals=[(by_code.get(code, code), n) for code, n in r.refusals.most_common()],
            )
        )
    return months


def service_choices(*, hromada: Hromada, published_only: bool) -> list[tuple[str, str]]:
    services = Service.objects.filter(hromada=hromada)
    if published_only:
        services = services.filter(is_published=True)
    return list(services.order_by("code").values_list("code", "title"))


def backlog_by_service(*, hromada: Hromada) -> dict[str, dict[str, int]]:
    """Today's open and overdue applications per service code (one grouped query each)."""
    open_rows = (
        Application.objects.filter(OPEN, hromada=hromada).values_list("service__code").annotate(n=Count("id"))
    )
    overdue_rows = (
        Application.objects.filter(
            OPEN, hromada=hromada, status__in=lifecycle.CLOCK_RUNNING, due_at__lt=clock.now()
        )
        .values_list("service__code")
        .annotate(n=Count("id"))
    )
    backlog: dict[str, dict[str, int]] = {}
    for code, n in open_rows:
        backlog.setdefault(code, {"open": 0, "overdue": 0})["open"] = n
    for code, n in overdue_rows:
        backlog.setdefault(code, {"open": 0, "overdue": 0})["overdue"] = n
    return backlog


def _refusal_labels(definition_ids: set[int], language: str) -> dict[tuple[int, str], str]:
    """(service id, refusal code) → the ground's label, from the definitions the refused applications
    were filed under (a newer version's label wins)."""
    labels: dict[tuple[int, str], str] = {}
    for service_id, spec in (
        Definition.objects.filter(pk__in=definition_ids).order_by("version").values_list("service_id", "spec")
    ):
        for reason in (spec or {}).get("workflow", {}).get("refusal_reasons", []):
            if isinstance(reason, dict) and reason.get("code"):
                labels[(service_id, reason["code"])] = label(reason.get("label"), language)
    return labels


# ------------------------------------------------------------------------------------------- payments


@dataclass(frozen=True)
class Payment:
    """What a resident needs to pay an application's fee: the details, and the NBU QR address (empty when
    the service has no payment details: then only the amount and the purpose are known)."""

    amount_kop: int
    recipient: str
    iban: str
    code: str
    purpose: str
    qr_url: str


PURPOSE_DEFAULT = "Плата за надання адміністративної послуги"


def payment_for(*, application: Application) -> Payment | None:
    """The fee still due on a filed application, with the service's payment details; None when nothing
    is due (free, unknown or paid). The purpose is Ukrainian, as banks take it, and names the application."""
    if not application.fee_kop or application.fee_paid_at or not application.number:
        return None
    service = application.service
    purpose = f"{service.payment_purpose or PURPOSE_DEFAULT}; заява {application.number}"
    if not service.payee_iban:
        return Payment(application.fee_kop, application.hromada.name, "", "", purpose, "")
    qr_url = payments.nbu_qr_url(
        recipient=service.payee_name,
        iban=service.payee_iban,
        amount_kop=application.fee_kop,
        recipient_code=service.payee_code,
        purpose=purpose,
    )
    return Payment(
        application.fee_kop, service.payee_name, service.payee_iban, service.payee_code, purpose, qr_url
    )


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_online_share(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Published services with an online form, as a percentage of the published catalogue (now)."""
    return percent(online_count(hromada=hromada), _published(hromada).count())


def _filed_in(hromada: Hromada, start: dt.datetime, end: dt.datetime) -> QuerySet[Application]:
    return Application.objects.filter(hromada=hromada, submitted_at__gte=start, submitted_at__lt=end).exclude(
        status=lifecycle.DRAFT
    )


def indicator_online_applications(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Applications filed online or through the API in the quarter, as a percentage of all filed."""
    filed = _filed_in(hromada, *quarter.span())
    return percent(filed.exclude(channel="desk").count(), filed.count())


def _decided_in(hromada: Hromada, quarter: Quarter) -> list[stats.Decided]:
    start, end = quarter.span()
    rows = (
        Application.objects.filter(hromada=hromada, decided_at__gte=start, decided_at__lt=end)
        .exclude(submitted_at__isnull=True)
        .values_list("service_id", "submitted_at", "decided_at", "due_at", "status", "refusal_code")
    )
    return [
        stats.Decided(
            service_id=s, submitted_at=cast(dt.datetime, t), decided_at=cast(dt.datetime, d), due_at=due,
            refused=status == lifecycle.REFUSED, refusal_code=code,
        )
        for s, t, d, due, status, code in rows
    ]  # fmt: skip


def indicator_median_days(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """The median working days from filing to decision of the quarter's decisions (``stats.py``)."""
    decided = _decided_in(hromada, quarter)
    return stats.median_working_days(calendar_for(hromada=hromada), decided) if decided else None


def indicator_on_time(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Decisions of the quarter made by their deadline (or without one), as a percentage."""
    decided = _decided_in(hromada, quarter)
    return percent(sum(stats.is_on_time(d) for d in decided), len(decided))


def headline_applications(*, hromada: Hromada, start: dt.datetime, end: dt.datetime) -> float | None:
    """Applications filed in [start, end), every channel."""
    return float(_filed_in(hromada, start, end).count())


def opendata_service_statistics(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    """The public statistics (``service_statistics``: published services) as open data, every year with
    filed applications: per month (Kyiv time) and service, the applications received by channel, the
    decisions on time and late, the refusals, the share on time and the working days to a decision.
    Counts only; no application or applicant is in a row. Oldest month first, then by service code."""
    for year in sorted(statistics_years(hromada=hromada)):
        months = service_statistics(hromada=hromada, year=year, language="uk")
        for m in sorted(months, key=lambda m: (m.row.month, m.code)):
            r = m.row
            share = r.on_time_share
            yield {
                "month": r.month.strftime("%Y-%m"),
                "service_code": m.code,
                "service": m.title,
                "received": r.received_total,
                "received_online": r.received.get("online", 0),
                "received_desk": r.received.get("desk", 0),
                "received_api": r.received.get("api", 0),
                "decided": r.decided,
                "on_time": r.on_time,
                "late": r.late,
                "refused": r.refused,
                "on_time_share": round(share, 4) if share is not None else None,
                "median_working_days": r.median_days,
                "p90_working_days": r.p90_days,
            }


def opendata_service_statistics_modified(*, hromada: Hromada) -> dt.datetime | None:
    """When an application of the hromada last changed (what the statistics count)."""
    return Application.objects.filter(hromada=hromada).aggregate(m=Max("updated_at"))["m"]


def district_labels(*, hromada: Hromada, spec: Mapping[str, Any], language: str) -> dict[str, str]:
    """The hromada's districts' names as stored in answers (Ukrainian) → as shown in ``language``; empty
    when the form asks no district or the page is Ukrainian (no query then)."""
    if language == "uk" or not district_fields(spec):
        return {}
    return {d.name: d.display_name(language) for d in districts_of(hromada=hromada)}


# ------------------------------------------------------------------------------ the result document


def document_text(*, application: Application, language: str) -> str | None:
    """The result document's text from the definition's ``result_template`` in ``language`` (or the
    default template), filled with the application's values: choices by their labels in that language, the
    service and the hromada by their names in it; the answers and the official's result as written. None
    when the definition's template has no text in ``language``. The issued Ukrainian text is stored on the
    application (``document_text``); this renders it again, for the English translation."""
    from hromada.core.models import in_language

    from . import documents

    spec = application.definition.spec
    template = (spec.get("result_template") or documents.DEFAULT_TEMPLATE).get(language)
    if not isinstance(template, str) or not template.strip() or application.issued_at is None:
        return None
    values: dict[str, Any] = {}
    yes, no = ("так", "ні") if language == "uk" else ("yes", "no")
    for field in spec.get("fields", []):
        value = application.data.get(field["name"])
        if field.get("type") == "choice":
            labels = {c["value"]: label(c.get("label"), language) for c in field.get("choices", [])}
            value = labels.get(value, value)
        elif isinstance(value, bool):
            value = yes if value else no
        values[field["name"]] = value
    built_in = {
        "number": application.number,
        "date": application.issued_at.astimezone(KYIV).strftime("%d.%m.%Y"),
        "service": in_language(application.service, "title", language),
        "hromada": in_language(application.hromada, "name", language),
        "result": application.result_text,
    }
    return documents.render(template, {**values, **built_in})

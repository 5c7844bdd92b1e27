"""Every page of the public site fits a 360 × 740 phone without sideways scrolling, under the strict CSP.

The pages are discovered, not listed: the demo (`hromada demo`, every module's demo step) is loaded, and a
crawler follows the links of the pages themselves, starting from the home page, every portal module and
every cabinet section of `core.registry` — in Ukrainian and in English, as a visitor, a resident and a
administrator (after two-factor authentication). Each route of the URL resolver (outside the back office) must
then have been visited, or be named in `NOT_CRAWLED` with the reason, so a new module's pages are covered
as soon as it links them, and the test says so when it cannot reach one.

On each page: the document is no wider than the viewport at 360 px and at 1280 px, and the page fixture
fails on any console error, which includes the browser's report of a Content-Security-Policy refusal.
Screenshots of the first page of every route (360 px full page, 1280 px) go to the directory printed at the
start, for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from hromada.budget.models import BudgetCycle, Phase, Project
from hromada.budget.tests.factories import make_cycle
from hromada.cnapqueue.models import Office
from hromada.consultations.models import Hearing, Paragraph
from hromada.core.indicators import Quarter
from hromada.core.models import Hromada
from hromada.core.registry import cabinet_sections, modules
from hromada.insight import selectors as insight_selectors
from hromada.insight.models import SelfReport
from hromada.portal.demo.credentials import DEMO_PASSWORD
from tests.factories import totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Pages per route in Ukrainian: enough to meet different states (an open and an answered petition, a page
# of a list with filters) without visiting every row of the demo. English, with the same templates, gets one.
PER_ROUTE = 2

RESIDENT = "resident@svitlohirsk.example"
ADMINISTRATOR = "admin@svitlohirsk.example"

# Routes the crawler does not visit, and why. Everything else must be reached by following links.
NOT_CRAWLED: dict[str, str] = {
    # Files, not pages.
    "budget:results_csv": "a CSV download",
    "budget:results_json": "a JSON download",
    "budget:category_pb": "a Pabulib file download",
    "enrollment:export": "a JSON download",
    "consultations:hearing_document": "a download of a hearing's signed minutes (PDF or image)",
    "consultations:hearing_attendance_csv": "a CSV download of a hearing's attendance list "
    "(consultations/tests/test_hearings.py)",
    "enrollment:opendata_line": "a data-set download",
    "enrollment:opendata_territories": "a data-set download",
    "enrollment:withdraw": "POST only",
    "enrollment:proof_upload": "POST only (the upload form's action on the application page)",
    "enrollment:proof": "a file download (a parent's uploaded proof)",
    "services:document": "linked only from a resident's issued application, which the walk meets after it "
    "spent its pages per route (hromada/services/tests/test_documents.py renders it)",
    "services:staff_document": "the staff copy of services:document (same template), linked only from an "
    "issued application's staff page",
    "enrollment:offer_answer": "POST only",
    "petitions:opendata": "a data-set download",
    "petitions:opendata_index": "a JSON catalogue of the data sets",
    "opendata:download": "a data-set download",
    "opendata:datapackage": "a JSON descriptor of a data set",
    "ledger:receipt_download": "a JSON download",
    "portal:privacy_export": "a JSON download",
    "budget:projects_geojson": "GeoJSON for the map",
    "budget:project_photo": "an image",
    "budget:ballot_total": "an htmx fragment of the ballot page",
    "petitions:similar": "an htmx fragment of the new-petition form",
    "opencity:geojson": "GeoJSON for the map",
    "opencity:map_layer": "GeoJSON of one city-map layer (opencity/tests/test_citymap.py)",
    "opencity:feed": "an Atom feed (opencity/tests/test_pages.py)",
    "opencity:analytics_csv": "a CSV download (opencity/tests/test_analytics.py)",
    "opencity:relocate": "POST only (the form is on the report's page for its staff)",
    "opencity:nearby": "an HTML fragment of the report form",
    "opencity:photo": "an image",
    "opencity:photo_publish": "POST only",
    "opencity:photo_blur": "POST only (the form is under each photo on the report's page, for its staff)",
    "opencity:fix_check": "POST only (the form is on the report's page, for its reporter and supporters)",
    "opencity:reassign": "POST only",
    "opencity:recategorise": "POST only (the form is on the report's page for its staff)",
    "opencity:support": "POST only",
    "opencity:transition": "POST only",
    "opencity:update": "POST only",
    "opencity:verdict": "POST only",
    "help:feedback": 'POST only (the "was this helpful?" form on every help article)',
    "bot:unlink": "POST only (the cabinet's Telegram page)",
    # Answers to forms (POST only) or one-off links: they redirect, they have no page of their own.
    "accounts:logout": "POST only",
    "accounts:verify_email": "a one-off link from an e-mail",
    "accounts:password_reset_confirm": "a one-off link from an e-mail",
    "accounts:password_reset_done": "shown after the reset form is posted",
    "accounts:two_factor_verify": "visited while logging the administrator in",
    "accounts:two_factor_setup": "only for staff without an authenticator; the demo's staff all have one",
    "portal:token_revoke": "POST only",
    "oidc:start": "a redirect to the identity provider",
    "oidc:callback": "the identity provider's redirect back",
    "petitions:sign": "POST only",
    "petitions:unsign": "POST only",
    "petitions:submit": "POST only",
    "petitions:withdraw": "POST only",
    "petitions:take": "POST only",
    "petitions:publish": "POST only",
    "petitions:reject": "POST only",
    "petitions:invalidate": "POST only",
    "petitions:forward": "POST only",
    "petitions:answer": "POST only",
    "petitions:update": "POST only",
    "budget:project_withdraw": "POST only",
    "budget:project_support": "POST only",
    "budget:results_manage": "POST only",
    "budget:ballot_recorded": "shown once, after a ballot is cast",
    "budget:project_edit": "only for the author of a project sent back for revision; project_submit's form",
    "budget:project_appeal": "only for the author of a rejected project; the demo resident has none",
    "petitions:answer_document": "a file download (an answer's signed document)",
    "portal:brand_css": "the hromada's colours as a stylesheet",
    "portal:emblem": "an image",
    "discussion:post": "the comment form's answer (the form is on petition and project pages, crawled)",
    "discussion:report": "POST only",
    "discussion:hide": "POST only",
    "discussion:restore": "POST only",
    "cnapqueue:kiosk": "a kiosk device's page: its address holds the kiosk's secret token",
    "cnapqueue:board_live": "an htmx fragment of the display board",
    "cnapqueue:booking_ics": "a calendar file download",
    "cnapqueue:stats_csv": "a CSV download of the statistics (cnapqueue/tests/test_stats.py)",
    "cnapqueue:waitlist_leave": "a POST-only button (leave a waitlist), no page",
    "cnapqueue:home_visit_cancel": "a POST-only button (withdraw a home-visit request), no page",
    "cnapqueue:home_visit_document": "a file download (a home-visit request's proof document)",
    "cnapqueue:home_visit_document_add": "POST only (the form is on the person's home-visit page, crawled)",
    "services:autosave": "POST only (the apply page's script saves the draft)",
    "services:correct": "POST only (the form is on the application page, crawled)",
    "services:withdraw": "POST only",
    "services:again": "POST only",
    "services:act": "POST only (the forms are on the handling page, crawled)",
    "services:file": "a file download (an application's document)",
    "services:opendata_catalogue": "a data-set download",
    "services:opendata_rendered": "a data-set download",
    "services:definition_json": "a JSON download of a definition",
    "services:card_pdf": "a PDF file of the information card (hromada/services/tests/test_pdf.py)",
    "services:document_pdf": "a PDF file of the result document (hromada/services/tests/test_pdf.py)",
    "services:staff_document_pdf": "the staff copy of services:document_pdf",
    "security:posture": "the administrators' security page, reached from the back office and the operator's "
    "docs; tests/browser/test_security.py checks it at 360 px with axe",
    "consultations:survey": "POST only (the survey form is on the consultation page, crawled)",
    "consultations:survey_change": "POST only (the change form is on the consultation page, crawled)",
    "consultations:support": "POST only",
    "consultations:answer": "POST only (the answer form is on the paragraph page, crawled)",
    "consultations:hide_contribution": "POST only",
    "consultations:statement_new": "POST only",
    "consultations:vote": "POST only",
    "consultations:hide_statement": "POST only",
    "consultations:question_new": "POST only (the form is on the preparation page, crawled)",
    "consultations:draft_new": "POST only (the form is on the preparation page, crawled)",
    "consultations:announce": "POST only (the button is on the preparation page, crawled)",
    "consultations:question_remove": "POST only (the button is on the preparation page, crawled)",
    "consultations:question_move": "POST only (the buttons are on the preparation page, crawled)",
    "consultations:hearing_new": "POST only (the form is on the preparation page, crawled)",
    "consultations:hearing_remove": "POST only (the button is on the preparation page, crawled)",
    "consultations:hearing_register": "POST only (the button is on the consultation page, crawled)",
    "consultations:hearing_cancel": "POST only (the button is on the consultation page, crawled)",
    "insight:index_current": "a redirect to the running quarter's index page (crawled)",
    "insight:close": "POST only (the button is on a past quarter's index page, crawled)",
    "insight:export": "a CSV/XLSX download",
    "insight:trend_csv": "a CSV download",
    "insight:series_csv": "a CSV download",
    "insight:compare_csv": "a CSV download",
    "insight:self_report_document": "a file download (a self-report's document)",
}


@dataclass
class Visitor:
    name: str
    login: str | None = None
    totp: bool = False


VISITORS = [
    Visitor("visitor"),
    Visitor("resident", RESIDENT),
    Visitor("administrator", ADMINISTRATOR, totp=True),
]
LANGUAGES = ["uk", "en"]


def page_routes() -> set[str]:
    """Names of every route served under the language prefix, the back office aside."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            walk(top.url_patterns, "")
    return names


def route_of(path: str, language: str) -> str | None:
    with translation.override(language):
        try:
            return resolve(path).view_name
        except Resolver404:
            return None


# The walk's ~500 pictures are for a person to look at (the pages at 360 and 1280 px); CI, where nobody does,
# sets HROMADA_SCREENSHOTS=off and measures both widths all the same.
SCREENSHOTS = os.environ.get("HROMADA_SCREENSHOTS", "on") != "off"


@dataclass
class Crawl:
    """One visitor's walk through the site in one language."""

    origin: str
    language: str
    visitor: str
    routes: set[str]
    shots: Path
    shot: set[str]  # routes photographed already in this language (by any visitor)
    per_route: int
    visited: dict[str, list[str]] = field(default_factory=dict)
    too_wide: list[str] = field(default_factory=list)

    def wants(self, url: str) -> str | None:
        """The route of a same-site page link still worth visiting, else None."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        route = route_of(parts.path, self.language)
        if route not in self.routes or route in NOT_CRAWLED:
            return None
        seen = self.visited.get(route, [])
        if url in seen or len(seen) >= self.per_route:
            return None
        return route


# One round trip per page: the document's width, the culprits only when it is too wide, and the links.
PROBE = """(limit) => {
  const width = document.documentElement.scrollWidth;
  const culprits = [];
  if (width > limit) {
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > limit + 0.5) {
        let name = el.tagName.toLowerCase();
        if (el.id) name += "#" + el.id;
        if (el.classList.length) name += "." + [...el.classList].join(".");
        culprits.push(name + " (right edge " + Math.round(box.right) + " px)");
      }
    }
  }
  const links = [...document.querySelectorAll("a[href]:not([download])")].map((a) => a.href);
  return {width, culprits: culprits.slice(0, 8), links};
}"""


def settle(page: Any) -> None:
    """Let a map finish drawing before measuring or taking a picture."""
    if page.locator("#map[data-districts-url]").count():
        expect(page.locator("#map[data-loaded]")).to_have_count(1)
        expect(page.locator("#map .leaflet-zoom-anim")).to_have_count(0)


def measure(page: Any, crawl: Crawl, label: str, width: int) -> list[str]:
    """Record the page when it is wider than `width`; return its links."""
    probe = page.evaluate(PROBE, width)
    if probe["width"] > width:
        crawl.too_wide.append(
            f"{label} at {width} px: the page is {probe['width']} px wide: {probe['culprits']}"
        )
    return probe["links"]


def visit(page: Any, crawl: Crawl, url: str, route: str) -> list[str]:
    """Open a page at phone size and measure it; the first of its route also at desktop size, photographed."""
    crawl.visited.setdefault(route, []).append(url)
    response = page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    assert "text/html" in response.headers.get("content-type", ""), (
        f"{url} ({route}) is not a page: add the route to NOT_CRAWLED"
    )
    final_route = route_of(urlsplit(page.url).path, crawl.language)
    if final_route and final_route != route:  # e.g. a login redirect: the page shown counts too
        crawl.visited.setdefault(final_route, []).append(page.url)
    settle(page)
    label = f"{crawl.language} {crawl.visitor} {route} {urlsplit(url).path}"
    links = measure(page, crawl, label, PHONE["width"])
    if route not in crawl.shot and final_route == route:  # not a login page shown instead
        crawl.shot.add(route)
        name = crawl.shots / re.sub(r"[^a-z0-9]+", "-", f"{route}-{crawl.visitor}".lower())
        if SCREENSHOTS:
            page.screenshot(path=f"{name}-360.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        measure(page, crawl, label, DESKTOP["width"])
        if SCREENSHOTS:
            page.screenshot(path=f"{name}-1280.png")
        page.set_viewport_size(PHONE)
    return [urldefrag(link).url for link in links]


def log_in(page: Any, visitor: Visitor, language: str) -> None:
    prefix = "" if language == "uk" else f"/{language}"
    page.goto(f"{prefix}/accounts/login/")
    page.locator("input[name=login]").fill(visitor.login)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if visitor.totp:
        device = TOTPDevice.objects.get(user__email=visitor.login, confirmed=True)
        page.locator("input[name=token]").fill(totp_now(device))
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
    expect(page.locator("form[action$='/accounts/logout/']")).to_have_count(1)


def late_pages() -> list[str]:
    """Pages whose links only show in states a breadth-first walk meets too late to visit.

    The project form is linked from a cycle taking submissions, the counting-rule comparison from the
    results of a counted cycle, the milestone form from a project under implementation; the walk would spend
    its pages per route on other cycles and projects.
    """
    now = timezone.now()
    # The crawl visits the default hromada's site (localhost): the village's cycle is on another host.
    here = BudgetCycle.objects.filter(hromada__is_default=True)
    taking = here.filter(submission_starts__lte=now, review_starts__gt=now).first()
    counted = here.filter(results_published_at__isnull=False).order_by("-year").first()
    tracked = (
        Project.objects.filter(hromada__is_default=True, status=Project.Status.IMPLEMENTING)
        .order_by("pk")
        .first()
    )
    pages = []
    if taking is not None:
        pages.append(reverse("budget:cycle", args=[taking.slug]))
    if counted is not None:
        pages.append(reverse("budget:results", args=[counted.slug]))
    if tracked is not None:
        pages.append(reverse("budget:project", args=[tracked.pk]))
    # The mobile office's timetable is linked from its office page, the third ЦНАП office the walk meets.
    van = Office.objects.filter(hromada__is_default=True, is_mobile=True).order_by("pk").first()
    if van is not None:
        pages.append(reverse("cnapqueue:stops", args=[van.pk]))
    # A draft's paragraph: in English the walk visits one consultation, which may have no draft text.
    paragraph = (
        Paragraph.objects.filter(
            version__consultation__hromada__is_default=True, version__consultation__published_at__isnull=False
        )
        .select_related("version")
        .order_by("pk")
        .first()
    )
    if paragraph is not None:
        consultation_id = paragraph.version.consultation_id
        pages.append(reverse("consultations:paragraph", args=[consultation_id, paragraph.pk]))
    return pages


def officials_pages() -> list[str]:
    """Officials' pages the walk may not reach through its pages per route (a resident gets 403 there, so
    only the administrator starts at them; last among the starts, so the walk's other first visits stay as
    they were):

    - a hearing's attendance list, linked from its announced consultation's preparation page: in English
      the walk visits one preparation page, a consultation still being prepared (its editing pages);
    - a held hearing's minutes form;
    - a self-report's correction form, linked from its history only while its quarter is open (the walk may
      spend its history pages on values of closed quarters)."""
    pages = []
    announced = Hearing.objects.filter(
        consultation__hromada__is_default=True, consultation__published_at__isnull=False
    )
    heard = announced.order_by("pk").first()
    if heard is not None:
        pages.append(reverse("consultations:hearing_attendance", args=[heard.consultation_id, heard.pk]))
    # A held hearing's minutes form (linked from its consultation's page once the hearing is over).
    over = announced.filter(ends_at__lt=timezone.now(), minutes_published_at__isnull=True)
    held = over.order_by("pk").first()
    if held is not None:
        pages.append(reverse("consultations:hearing_minutes", args=[held.consultation_id, held.pk]))
    hromada = Hromada.objects.get(is_default=True)
    closed = insight_selectors.closed_quarters(hromada=hromada)
    current = SelfReport.objects.filter(hromada=hromada, superseded_by__isnull=True).order_by("pk")
    correctable = next((r for r in current if str(Quarter.of(r.valid_from)) not in closed), None)
    if correctable is not None:
        pages.append(reverse("insight:self_report_correct", kwargs={"pk": correctable.pk}))
    return pages


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    """The live server with the demo loaded; the demo's default hromada answers for `localhost`."""
    call_command("demo", verbosity=0)
    # The demo's budget cycles are past their submission phase; one that takes submissions shows the form.
    # It opened long before them, so the demo's cycles stay the current ones on the budget's pages.
    cycle = make_cycle(Hromada.objects.get(is_default=True), phase=Phase.SUBMISSION)
    long_ago = timezone.now() - dt.timedelta(days=900)
    BudgetCycle.objects.filter(pk=cycle.pk).update(year=2024, submission_starts=long_ago)
    return live_server.url


@pytest.mark.runs_long
def test_every_page_fits_a_phone_without_sideways_scrolling(page, context, site, screenshot_dir):
    started = time.monotonic()
    routes = page_routes()
    unknown = set(NOT_CRAWLED) - routes
    assert not unknown, f"NOT_CRAWLED names routes that do not exist: {sorted(unknown)}"
    crawls = []
    page.set_viewport_size(PHONE)
    for language in LANGUAGES:
        shots = screenshot_dir / "layout" / language
        shots.mkdir(parents=True, exist_ok=True)
        print(f"\nscreenshots ({language}): {shots}")  # noqa: T201
        shot: set[str] = set()
        prefix = "" if language == "uk" else f"/{language}"
        for visitor in VISITORS:
            context.clear_cookies()
            if visitor.login:
                log_in(page, visitor, language)
            crawl = Crawl(
                origin=site,
                language=language,
                visitor=visitor.name,
                routes=routes,
                shots=shots,
                shot=shot,
                per_route=PER_ROUTE if language == LANGUAGES[0] else 1,
            )
            with translation.override(language):
                starts = [f"{site}{prefix}/"] + [site + reverse(m.url_name) for m in modules()]
                # The search is a header form, not a link: start from «парк» (demo petitions, projects).
                starts += [site + reverse("portal:search") + "?q=%D0%BF%D0%B0%D1%80%D0%BA"]
                if visitor.login:
                    starts += [site + reverse("portal:cabinet")]
                    starts += [site + reverse(s.url_name) for s in cabinet_sections()]
                starts = [site + path for path in late_pages()] + starts
                if visitor.totp:
                    starts += [site + path for path in officials_pages()]
            queue = deque(starts)
            while queue:
                url = queue.popleft()
                route = crawl.wants(url)
                if route is not None:
                    queue.extend(visit(page, crawl, url, route))
            crawls.append(crawl)

    visits = sum(len(urls) for crawl in crawls for urls in crawl.visited.values())
    print(f"\n{visits} page visits in {time.monotonic() - started:.0f} s")  # noqa: T201
    too_wide = [line for crawl in crawls for line in crawl.too_wide]
    assert not too_wide, "pages wider than the screen:\n" + "\n".join(too_wide)
    for language in LANGUAGES:
        reached = {route for crawl in crawls if crawl.language == language for route in crawl.visited}
        missing = routes - reached - set(NOT_CRAWLED)
        assert not missing, (
            f"routes no link led to ({language}); link them, or name them in NOT_CRAWLED with the reason: "
            f"{sorted(missing)}"
        )

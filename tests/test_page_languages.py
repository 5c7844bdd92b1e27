"""Every page reads in its own language: no raw codes, no untranslated interface strings, Ukrainian marked.

The pages are found as the phone-width crawl finds them (`tests/browser/test_layout.py`: its routes,
`NOT_CRAWLED` and late pages), but with Django's test client: the demo is loaded, and the walk follows the
links of the pages from the home page, every portal module and cabinet section, in Ukrainian and in English,
as a visitor, a resident and an administrator. `tests/page_language.py` reads each page; the unit tests at
the end prove that each of its checks fails on a page that breaks it.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.models import User
from hromada.budget.models import BudgetCycle, Phase
from hromada.budget.tests.factories import make_cycle
from hromada.core.models import Hromada
from hromada.core.registry import cabinet_sections, modules
from tests.browser.test_layout import (
    ADMINISTRATOR,
    NOT_CRAWLED,
    RESIDENT,
    late_pages,
    officials_pages,
    page_routes,
    route_of,
)
from tests.page_language import load_catalogue, problems

PER_ROUTE = {"uk": 2, "en": 2}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"] or "")


def links_of(html: str) -> list[str]:
    reader = _Links()
    reader.feed(html)
    return [urldefrag(link).url for link in reader.links]


def client_for(visitor: str) -> Client:
    client = Client()
    if visitor == "resident":
        client.force_login(User.objects.get(email=RESIDENT))
    elif visitor == "administrator":
        user = User.objects.get(email=ADMINISTRATOR)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
        session.save()
    return client


def crawl(
    client: Client, language: str, routes: set[str], catalogue
) -> tuple[dict[str, list[str]], list[str]]:
    prefix = "" if language == "uk" else f"/{language}"
    with translation.override(language):
        starts = [
            f"{prefix}/",
            *[reverse(m.url_name) for m in modules()],
            reverse("portal:search") + "?q=парк",
        ]
        starts += [reverse("portal:cabinet"), *[reverse(s.url_name) for s in cabinet_sections()]]
        # Officials' pages the pages per route may miss (a hearing's attendance, a correction form).
        starts = [*late_pages(), *starts, *officials_pages()]
    visited: dict[str, list[str]] = {}
    found: list[str] = []
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or parts.scheme:
            continue
        route = route_of(parts.path, language)
        if route is None or route not in routes or route in NOT_CRAWLED:
            continue
        seen = visited.setdefault(route, [])
        if url in seen or len(seen) >= PER_ROUTE[language]:
            continue
        seen.append(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found += [f"{language} {route} {url}: {line}" for line in problems(html, language, catalogue)]
        queue.extend(links_of(html))
    return visited, found


def test_every_page_reads_in_its_own_language(demo_loaded, db):
    cycle = make_cycle(Hromada.objects.get(is_default=True), phase=Phase.SUBMISSION)
    BudgetCycle.objects.filter(pk=cycle.pk).update(
        year=2024, submission_starts=timezone.now() - dt.timedelta(days=900)
    )
    routes = page_routes()
    catalogue = load_catalogue()
    found: list[str] = []
    reached: dict[str, set[str]] = {"uk": set(), "en": set()}
    for language in ("uk", "en"):
        for visitor in ("visitor", "resident", "administrator"):
            visited, problems_here = crawl(client_for(visitor), language, routes, catalogue)
            reached[language] |= set(visited)
            found += [f"{visitor} {line}" for line in problems_here]

    unique = sorted(set(found), key=found.index)
    assert not unique, f"{len(unique)} language problems:\n" + "\n".join(unique)
    for language, routes_reached in reached.items():
        missing = routes - routes_reached - set(NOT_CRAWLED)
        assert not missing, f"{language}: routes the walk did not reach: {sorted(missing)}"


# ------------------------------------------------------------------------------------- the checker


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def page(language: str, body: str) -> str:
    return f'<!doctype html><html lang="{language}"><head><title>T</title></head><body>{body}</body></html>'


def test_the_checker_finds_a_raw_code_but_not_urls_mail_files_or_auditors_code(catalogue):
    broken = page("en", "<p>Kind: petition.signed</p><td>status_code</td>")
    fine = page(
        "en",
        "<p>See https://example.org/a.b and mail x.y@svitlohirsk.example, file receipt.json, host "
        "svitlohirsk.localhost</p><p>Petition signed<br><code>petition.signed</code></p>",
    )

    assert [line.split(" in ")[0] for line in problems(broken, "en", catalogue)] == [
        "code 'petition.signed'",
        "code 'status_code'",
    ]
    assert problems(fine, "en", catalogue) == []


def test_the_checker_finds_an_untranslated_interface_string_on_a_ukrainian_page(catalogue):
    broken = page("uk", "<h1>My receipts</h1><p>Petition signed</p>")
    fine = page("uk", "<h1>Мої квитанції</h1><p>Петицію підписано</p><p>API</p>")

    assert len(problems(broken, "uk", catalogue)) == 2
    assert problems(fine, "uk", catalogue) == []


def test_the_checker_finds_an_untranslated_message_with_a_placeholder(catalogue):
    broken = page("uk", "<p>Your ballot in “Бюджет 2026” was recorded on 1 May.</p>")

    assert [line.split(" ")[0] for line in problems(broken, "uk", catalogue)] == ["untranslated"]


def test_the_checker_finds_ukrainian_without_its_language_mark_on_an_english_page(catalogue):
    broken = page("en", '<p>Addressee: Виконавчий комітет</p><img alt="Герб" src="x.png">')
    fine = page(
        "en", '<p>Addressee: <span lang="uk">Виконавчий комітет</span></p><div lang="uk"><p>Текст</p></div>'
    )

    assert len(problems(broken, "en", catalogue)) == 2
    assert problems(fine, "en", catalogue) == []


def test_the_checker_finds_an_english_message_marked_ukrainian_on_an_english_page(catalogue):
    broken = page("en", '<p lang="uk">My receipts</p>')

    assert [line.split(" ")[0] for line in problems(broken, "en", catalogue)] == ["untranslated"]


def test_the_checker_reads_attributes_but_not_the_document_title_typed_text_or_auditors_text(catalogue):
    broken = page("en", '<input placeholder="Пошук"><button aria-label="Закрити">x</button>')
    fine = (
        '<!doctype html><html lang="en"><head><title>Петиція · Світлогірськ</title></head><body>'
        "<textarea>Мій текст</textarea><pre>petition.signed — підпис</pre></body></html>"
    )

    assert [line.split(" ")[0] for line in problems(broken, "en", catalogue)] == ["unmarked", "unmarked"]
    assert problems(fine, "en", catalogue) == []

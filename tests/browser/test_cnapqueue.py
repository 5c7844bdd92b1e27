"""The ЦНАП queue end to end: a kiosk takes a ticket, the operator calls it from the desk console, and the
display board (another tab, polling) shows the call within seconds; axe-core on the resident pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hromada.cnapqueue import actions
from hromada.cnapqueue.tests.factories import make_desk, make_office, make_service
from tests.factories import PASSWORD, browser_login_with_totp, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(hromada):
    office = make_office(hromada)
    service = make_service(office, name="Реєстрація місця проживання")
    desk = make_desk(office, [service])
    _kiosk, token = actions.kiosk_create(office=office, name="Кіоск")
    return office, service, desk, token


def test_kiosk_ticket_is_called_at_the_desk_and_shown_on_the_board(
    page, context, site, log_in, queue, assert_accessible
):
    office, _service, desk, token = queue
    page.goto(f"/queue/kiosk/{token}/")
    assert_accessible(page, "kiosk")
    page.locator("select[name=category]").select_option("elderly")
    with page.expect_navigation():
        page.locator("form").first.locator("button[type=submit]").click()
    expect(page.locator(".ticket-number")).to_have_text("А-001")
    assert_accessible(page, "ticket")

    board = context.new_page()
    board.goto(f"/queue/{office.pk}/board/")
    expect(board.locator(".board-calls")).not_to_contain_text("А-001")
    assert_accessible(board, "board")

    operator = context.browser.new_context(base_url=site).new_page()
    device = totp_device(desk.operator)
    operator.goto("/accounts/login/")
    operator.locator("input[name=login]").fill(desk.operator.email)
    operator.locator("input[name=password]").fill(PASSWORD)
    with operator.expect_navigation():
        operator.locator("main button[type=submit]").click()
    operator.locator("input[name=token]").fill(totp_now(device))  # queue staff pass the second factor
    with operator.expect_navigation():
        operator.locator("main button[type=submit]").click()
    operator.goto(f"/queue/desks/{desk.pk}/")
    with operator.expect_navigation():
        operator.get_by_role("button", name="Викликати наступного").click()
    expect(operator.locator(".ticket-number")).to_have_text("А-001")

    expect(board.locator(".board-calls li.latest")).to_contain_text("А-001", timeout=5000)
    expect(board.locator(".board-calls li.latest")).to_contain_text("Вікно 1")


def test_the_kiosk_asks_for_a_phone_and_the_sms_goes_when_the_turn_is_near(
    page, site, queue, assert_accessible, screenshot_dir
):
    """At 360 px in Ukrainian and English: the kiosk's phone field (a touch keyboard for numbers, nothing
    remembered for the next visitor), a landline refused on the field with the choices kept, a mobile number
    taken and shown hidden on the ticket; the call of the first ticket texts the second (0 ahead)."""
    from hromada.cnapqueue.models import Ticket
    from hromada.core import sms

    office, _service, desk, token = queue
    sms.outbox.clear()
    page.set_viewport_size({"width": 360, "height": 740})
    for language, prefix in (("uk", ""), ("en", "/en")):
        page.goto(f"{prefix}/queue/kiosk/{token}/")
        phone = page.locator("input[name=phone]")
        expect(phone).to_be_visible()
        assert phone.get_attribute("type") == "tel" and phone.get_attribute("autocomplete") == "off"
        if language == "uk":
            assert_accessible(page, "kiosk with the phone field")
        page.locator("select[name=category]").select_option("elderly")
        phone.fill("044 123 45 67")  # a landline: no SMS reaches it
        with page.expect_navigation():
            page.locator("form").first.locator("button[type=submit]").click()
        expect(page.locator("#id_phone_error")).to_be_visible()
        expect(page.locator("input[name=phone]")).to_have_value("044 123 45 67")
        expect(page.locator("select[name=category]")).to_have_value("elderly")
        page.screenshot(
            path=str(screenshot_dir / f"cnapqueue-kiosk-phone-{language}-360.png"), full_page=True
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, language
        page.locator("input[name=phone]").fill("067 123 45 67")
        with page.expect_navigation():
            page.locator("form").first.locator("button[type=submit]").click()
        expect(page.locator(".sms-hint")).to_contain_text("+38067•••••67")
        page.screenshot(path=str(screenshot_dir / f"cnapqueue-ticket-sms-{language}-360.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, language
    first, second = Ticket.objects.filter(office=office).order_by("pk")
    assert (first.language, second.language) == ("uk", "en") and second.phone == "+380671234567"

    actions.ticket_call_next(desk=desk, actor=desk.operator)

    assert [(p, f"/en/queue/t/{second.code}/" in text) for p, text in sms.outbox] == [("+380671234567", True)]
    assert Ticket.objects.get(pk=second.pk).phone == ""
    sms.outbox.clear()


def test_office_and_offices_pages_pass_axe(page, site, queue, assert_accessible):
    office, _service, _desk, _token = queue
    page.goto("/queue/")
    assert_accessible(page, "offices")
    page.goto(f"/queue/{office.pk}/")
    assert_accessible(page, "office")


def test_the_queue_pages_fit_a_360_px_phone(page, site, queue, hromada, screenshot_dir):
    """The layout crawl (test_layout.py) reaches these from the demo; this checks them on their own, with a
    manager who is also the caller's agent, so every staff page has content."""
    import datetime as dt

    from django.utils import timezone

    from hromada.cnapqueue import selectors
    from hromada.cnapqueue.models import MobileStop, StaffMember
    from tests.factories import UserFactory

    office, service, desk, token = queue
    manager = UserFactory(hromada=hromada, email="manager@example.org")
    actions.staff_member_add(office=office, user=manager, role=StaffMember.Role.MANAGER)
    ticket = actions.ticket_take(office=office, service=service, channel="web", person=manager)
    actions.ticket_call_next(desk=desk, actor=desk.operator)
    day = timezone.localdate() + dt.timedelta(days=1)
    free = next(
        s for n in range(14) if (s := selectors.slots_for(service=service, day=day + dt.timedelta(days=n)))
    )
    booking = actions.booking_hold(service=service, starts_at=free[0][0], person=manager)
    visit = actions.home_visit_request(
        office=office,
        service=service,
        person=manager,
        ground="age_80",
        address="с. Ясне, вул. Довга-Предовга, 125, кв. 7",
        phone="+380501112233",
        lat=50.02,
        lon=30.02,
    )
    actions.home_visit_decide(visit=visit, actor=manager, eligible=True, proof="дзвінок")
    operator_role = StaffMember.Role.OPERATOR
    actions.staff_member_add(office=office, user=manager, role=operator_role)
    actions.home_visit_schedule(visit=visit, actor=manager, day=timezone.localdate(), operator=manager)
    other = make_service(office, name="Субсидії", prefix="Б")
    actions.home_visit_request(
        office=office, service=other, person=manager, ground="bedridden", address="с. Ясне", phone="+380"
    )
    mobile = make_office(hromada, hours={}, is_mobile=True)
    actions.mobile_stop_save(
        stop=MobileStop(
            office=mobile, place="с. Зелене, біля сільради", date=day, starts=dt.time(10), ends=dt.time(12)
        )
    )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, manager)
    paths = [
        "/queue/",
        f"/queue/{office.pk}/",
        f"/queue/t/{ticket.code}/",
        f"/queue/kiosk/{token}/",
        f"/queue/{office.pk}/board/",
        f"/queue/{office.pk}/book/?service={service.pk}&date={free[0][0].date().isoformat()}",
        f"/queue/bookings/{booking.pk}/",
        "/queue/my/",
        "/queue/console/",
        f"/queue/desks/{desk.pk}/",
        "/queue/callcentre/?login=manager@example.org",
        f"/queue/{office.pk}/reception/",
        f"/queue/{office.pk}/stats/",
        f"/queue/{office.pk}/stats/?by=desk",
        f"/queue/{office.pk}/home-visit/",
        f"/queue/{office.pk}/home-visits/",
        "/queue/visits/",
        f"/queue/{mobile.pk}/stops/",
    ]
    too_wide = []
    for number, path in enumerate(paths):
        response = page.goto(path)
        page.screenshot(path=str(screenshot_dir / f"cnapqueue-360-{number:02d}.png"), full_page=True)
        assert response is not None and response.ok and "/accounts/" not in page.url, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{path}: {width} px")
    assert not too_wide, too_wide


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_home_visit_mobile_office_and_statistics_pages_pass_axe_in_both_languages(
    page, site, queue, hromada, assert_accessible, screenshot_dir
):
    """A resident asks for a home visit with a proof document through the form; then the coordinator's,
    the operator's day (with its route map), the mobile office's timetable and the statistics pass
    axe-core in Ukrainian and English, and are photographed at 1280 and 360 px."""
    import datetime as dt

    from django.utils import timezone

    from hromada.cnapqueue.models import HomeVisit, MobileStop, StaffMember
    from tests.factories import UserFactory

    office, service, desk, _token = queue
    office.institution.lat, office.institution.lon = 50.0, 30.0
    office.institution.save()
    manager = UserFactory(hromada=hromada, email="coordinator@example.org", full_name="Оксана Коваль")
    actions.staff_member_add(office=office, user=manager, role=StaffMember.Role.MANAGER)
    actions.staff_member_add(office=office, user=manager, role=StaffMember.Role.OPERATOR)
    for _ in range(3):
        ticket = actions.ticket_take(office=office, service=service, channel="web", person=manager)
        called = actions.ticket_call_next(desk=desk, actor=desk.operator)
        assert called is not None and called.pk == ticket.pk
        actions.ticket_complete(desk=desk, ticket=called, actor=desk.operator)
    for n, (lat, lon) in enumerate(((50.02, 30.03), (50.01, 29.98))):
        person = UserFactory(hromada=hromada)
        visit = actions.home_visit_request(
            office=office,
            service=service,
            person=person,
            ground="age_80",
            address=f"с. Ясне, вул. Садова, {n + 3}",
            phone="+380501112233",
            lat=lat,
            lon=lon,
        )
        actions.home_visit_decide(visit=visit, actor=manager, eligible=True, proof="дзвінок")
        actions.home_visit_schedule(visit=visit, actor=manager, day=timezone.localdate(), operator=manager)
    mobile = make_office(hromada, hours={}, is_mobile=True)
    actions.staff_member_add(office=mobile, user=manager, role=StaffMember.Role.MANAGER)
    actions.mobile_stop_save(
        stop=MobileStop(
            office=mobile,
            place="с. Зелене, біля старостату",
            date=timezone.localdate() + dt.timedelta(days=1),
            starts=dt.time(9),
            ends=dt.time(12),
        )
    )

    resident = UserFactory(hromada=hromada)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(resident.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto(f"/queue/{office.pk}/home-visit/")
    assert_accessible(page, "home-visit request")
    page.locator("select[name=ground]").select_option("age_80")
    page.locator("input[name=address]").fill("с. Ясне, вул. Лісова, 1")
    page.locator("input[name=phone]").fill("+380671234567")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "посвідчення.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    sent = HomeVisit.objects.get(person=resident)
    assert sent.document_type == "application/pdf"
    expect(page.locator(f"a[href$='/queue/home-visits/{sent.pk}/document/']")).to_be_visible()
    assert_accessible(page, "my visits with a document")
    page.screenshot(path=str(screenshot_dir / "cnapqueue-my-visits-uk-1280.png"), full_page=True)

    page.context.clear_cookies()
    browser_login_with_totp(page, manager)
    paths = {
        "home-visits": f"/queue/{office.pk}/home-visits/",
        "visit-day": "/queue/visits/",
        "stops": f"/queue/{mobile.pk}/stops/",
        "stats": f"/queue/{office.pk}/stats/",
        "stats-hour": f"/queue/{office.pk}/stats/?by=hour",
        "home-visit-request": f"/queue/{office.pk}/home-visit/",
    }
    for language, prefix in (("uk", ""), ("en", "/en")):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
            for name, path in paths.items():
                response = page.goto(prefix + path)
                assert response is not None and response.ok and "/accounts/" not in page.url, path
                if name == "visit-day":
                    expect(page.locator("#route-map .leaflet-tooltip")).to_have_count(2)
                if name == "home-visits":  # the date input shows its initial day (ISO, as browsers need)
                    expect(page.locator("input[name=day]").first).to_have_value(
                        timezone.localdate().isoformat()
                    )
                if width == 1280:
                    assert_accessible(page, f"{name} ({language})")
                page.screenshot(
                    path=str(screenshot_dir / f"cnapqueue-{name}-{language}-{width}.png"), full_page=True
                )
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{path} ({language}) is {scroll} px wide at {width} px"
    coordinator = page.goto(f"/queue/{office.pk}/home-visits/")
    assert coordinator is not None
    link = page.locator(f"a[href$='/queue/home-visits/{sent.pk}/document/']")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"home-visit-{sent.pk}.pdf"


def test_the_statistics_page_draws_its_charts_at_360_and_1280_px_in_both_languages(
    page, site, queue, hromada, assert_accessible, screenshot_dir
):
    """The manager's statistics: four server-drawn SVG charts (tickets and waits by hour, tickets per day),
    each with its table and CSV link, pass axe-core and fit the width in Ukrainian and English; the CSV
    link downloads the hour table."""
    from hromada.cnapqueue.models import StaffMember
    from tests.factories import UserFactory

    office, service, desk, _token = queue
    manager = UserFactory(hromada=hromada, email="stats@example.org")
    actions.staff_member_add(office=office, user=manager, role=StaffMember.Role.MANAGER)
    for _ in range(4):
        actions.ticket_take(
            office=office, service=service, channel="web", person=UserFactory(hromada=hromada)
        )
        called = actions.ticket_call_next(desk=desk, actor=desk.operator)
        assert called is not None
        actions.ticket_complete(desk=desk, ticket=called, actor=desk.operator)
    actions.ticket_take(office=office, service=service, channel="web", person=UserFactory(hromada=hromada))
    browser_login_with_totp(page, manager)

    for language, prefix in (("uk", ""), ("en", "/en")):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
            response = page.goto(f"{prefix}/queue/{office.pk}/stats/?by=hour")
            assert response is not None and response.ok and "/accounts/" not in page.url
            expect(page.locator("figure.chart svg.chart-svg.bars")).to_have_count(3)
            expect(page.locator("#chart-tickets-by-day svg.chart-svg.spark")).to_be_visible()
            expect(page.locator("#chart-tickets-by-hour table.chart-data tbody tr")).to_have_count(1)
            assert_accessible(page, f"statistics ({language}, {width} px)")
            page.screenshot(
                path=str(screenshot_dir / f"cnapqueue-stats-charts-{language}-{width}.png"), full_page=True
            )
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"the statistics ({language}) are {scroll} px wide at {width} px"
    with page.expect_download() as download:
        page.locator("#chart-tickets-by-hour a[download]").click()
    assert download.value.suggested_filename.startswith(f"queue-{office.pk}-hour-since-")
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.startswith("hour,tickets,served,no_shows,abandoned,bookings,booking_no_shows,")


def test_the_reception_desk_issues_tickets_and_checks_in_bookings_at_360_and_1280_px(
    page, site, queue, hromada, assert_accessible, screenshot_dir
):
    """The reception desk in Ukrainian and English, at 1280 and 360 px: the operator issues a ticket for a
    walk-in visitor with a priority category (the page says the document is seen first), sees its number,
    place and wait with the link to the printable ticket, and the form is fresh for the next visitor; a
    booking is checked in by its code. axe-core on each state; nothing scrolls sideways."""
    from django.utils import timezone

    from hromada.cnapqueue import selectors
    from hromada.cnapqueue.models import Ticket
    from tests.factories import UserFactory

    office, service, desk, _token = queue
    today = timezone.localdate()
    bookings = []
    for slot in selectors.slots_for(service=service, day=today):
        if slot[0] > timezone.now() and len(bookings) < 2:
            held = actions.booking_hold(
                service=service, starts_at=slot[0], person=UserFactory(hromada=hromada)
            )
            bookings.append(actions.booking_confirm(booking=held, actor=held.person))
    browser_login_with_totp(page, desk.operator)
    issued = 0
    for language, prefix in (("uk", ""), ("en", "/en")):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
            response = page.goto(f"{prefix}/queue/{office.pk}/reception/")
            assert response is not None and response.ok and "/accounts/" not in page.url
            assert_accessible(page, f"reception ({language}, {width} px)")
            page.locator("select[name=category]").select_option("disability")
            page.locator("input[name=phone]").fill("067 123 45 67")
            with page.expect_navigation():
                page.locator("button[name=do][value=ticket]").click()
            issued += 1
            ticket = Ticket.objects.order_by("-pk").first()
            assert ticket is not None and Ticket.objects.count() == issued
            assert ticket.channel == "reception" and ticket.issued_by == desk.operator
            assert ticket.category == "disability" and ticket.person is None
            expect(page.locator(".issued .ticket-number")).to_have_text(ticket.number)
            expect(page.locator(f".issued a[href$='/queue/t/{ticket.code}/']")).to_be_visible()
            expect(page.locator("select[name=category]")).to_have_value("regular")  # the next visitor
            expect(page.locator("input[name=phone]")).to_have_value("")
            assert_accessible(page, f"reception, ticket issued ({language}, {width} px)")
            page.screenshot(
                path=str(screenshot_dir / f"cnapqueue-reception-{language}-{width}.png"), full_page=True
            )
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"the reception desk ({language}) is {scroll} px wide at {width} px"
        if bookings:
            booking = bookings.pop()
            page.locator("input[name=code]").fill(booking.code)
            with page.expect_navigation():
                page.locator("button[name=do][value=check_in]").click()
            issued += 1
            checked = Ticket.objects.get(booking=booking)
            expect(page.locator(".issued .ticket-number")).to_have_text(checked.number)
            page.screenshot(
                path=str(screenshot_dir / f"cnapqueue-reception-check-in-{language}.png"), full_page=True
            )
    page.locator(".issued a.button").click()
    expect(page.locator(".ticket .ticket-number")).to_be_visible()  # the printable ticket

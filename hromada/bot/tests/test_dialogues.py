"""The dialogues end to end: Updates in the documented shapes through the real webhook, answers as the
stand-in Bot API recorded them, and the rows the other modules' actions wrote — the same as the web's."""

from __future__ import annotations

import pytest

from hromada.bot.actions import watches_check
from hromada.bot.models import Chat, InboundUpdate, Watch
from hromada.cnapqueue.actions import ticket_call_next, ticket_complete
from hromada.cnapqueue.models import Ticket
from hromada.cnapqueue.selectors import desk_current
from hromada.cnapqueue.tests.factories import make_desk, make_office, make_service, take
from hromada.opencity.actions import report_transition
from hromada.opencity.models import Photo, Report
from hromada.opencity.tests.factories import INSIDE, make_city, make_report, member_of

from . import shapes
from . import standin as standin_module

pytestmark = pytest.mark.django_db

CHAT = 4242


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def test_a_new_resident_goes_from_start_to_a_filed_report_with_a_photo(talk, standin, city, hromada):
    standin.files["AgACph1"] = standin_module.jpeg_bytes()

    assert any("Світлогірська" in t for t in talk(shapes.text(CHAT, "/start")))
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    assert talk.buttons(CHAT)[0]["callback_data"] == "r:pothole"
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.photo(CHAT, "AgACph1"))
    talk(shapes.text(CHAT, "Глибока яма біля школи"))
    answer = talk(shapes.callback(CHAT, "f:yes"))

    report = Report.objects.get()
    assert report.channel == "telegram"
    assert (report.lat, report.lon) == INSIDE
    assert report.category == city["category"]
    assert report.description == "Глибока яма біля школи"
    assert report.reporter is None
    assert report.district == city["west"]
    assert Photo.objects.filter(report=report).count() == 1
    assert any(f"#{report.pk}" in t for t in answer)
    assert [c.method for c in standin.calls if c.method == "getFile"] == ["getFile"]
    assert Chat.objects.get(external_id=str(CHAT)).state == ""
    # A web report of the same place and category is the same kind of row (routing, SLA, ledger).
    web = make_report(hromada, city["category"], description="Яма")
    assert (web.department_id, web.zone_id, web.district_id, web.status) == (
        report.department_id,
        report.zone_id,
        report.district_id,
        report.status,
    )


def test_the_resident_is_told_when_the_reports_status_changes(talk, standin, city, hromada):
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.callback(CHAT, "p:skip"))
    talk(shapes.text(CHAT, "Не світить ліхтар"))
    talk(shapes.callback(CHAT, "f:yes"))
    report = Report.objects.get()
    staff = member_of(city["roads"])

    report_transition(report=report, by=staff, target="accepted")
    watches_check()
    talk.deliver()

    assert any(f"#{report.pk}" in t and "прийнято" in t for t in standin.texts(CHAT))
    assert Watch.objects.get(ref_id=report.pk).last_state == "accepted"


def test_a_nearby_open_report_is_offered_for_a_plus_one_and_anonymous_is_sent_to_link(talk, city, hromada):
    existing = make_report(hromada, city["category"])

    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    assert talk.button(CHAT, "n:") == f"n:{existing.pk}"
    answer = talk(shapes.callback(CHAT, f"n:{existing.pk}"))

    assert any("/bot/link/" in str(b.get("url")) for b in talk.buttons(CHAT))
    assert answer and existing.supports.count() == 0


def test_a_location_outside_the_hromada_is_refused_and_the_step_kept(talk, city):
    talk(shapes.callback(CHAT, "m:report"))

    answer = talk(shapes.location(CHAT, 48.0, 24.0))

    assert any("за межами" in t for t in answer)
    assert Chat.objects.get(external_id=str(CHAT)).state == "report.location"


def test_a_batch_of_locations_reads_the_districts_once_and_judges_each_place(talk, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chats = [CHAT + n for n in range(4)]
    for n, chat_id in enumerate(chats):
        talk.post(shapes.callback(chat_id, "m:report", update_id=70_000 + n))
    talk.run()
    places = [INSIDE, (48.0, 24.0), INSIDE, (48.0, 24.0)]  # two inside the hromada, two outside
    for n, (chat_id, place) in enumerate(zip(chats, places, strict=True)):
        talk.post(shapes.location(chat_id, *place, update_id=70_100 + n))

    with CaptureQueriesContext(connection) as queries:
        talk.run()

    district_reads = [q for q in queries.captured_queries if 'FROM "territory_district"' in q["sql"]]
    assert len(district_reads) == 1
    states = [Chat.objects.get(external_id=str(chat_id)).state for chat_id in chats]
    assert states == ["report.category", "report.location", "report.category", "report.location"]


def test_bad_input_gets_a_short_answer_and_the_dialogue_keeps_its_place(talk, city):
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    chat = Chat.objects.get(external_id=str(CHAT))
    kept = (chat.state, chat.data)

    for update in (
        shapes.sticker(CHAT),
        shapes.voice(CHAT),
        shapes.forwarded(CHAT),
        shapes.text(CHAT, "/nonsense"),
        shapes.text(CHAT, "ываываыва"),
        shapes.callback(CHAT, "o:999"),  # a button of another dialogue: expired
    ):
        assert talk(update), update

    chat.refresh_from_db()
    assert (chat.state, chat.data) == kept
    assert talk.button(CHAT, "r:") == "r:pothole"  # the step's question was asked again


def test_a_photo_too_large_is_refused_before_downloading(talk, standin, city):
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))

    answer = talk(shapes.photo(CHAT, "AgACbig", file_size=50 * 1024 * 1024))

    assert any("завелике" in t for t in answer)
    assert not [c for c in standin.calls if c.method == "getFile"]
    assert Chat.objects.get(external_id=str(CHAT)).state == "report.photo"


def test_an_expired_button_is_answered_as_such(talk, standin):
    talk(shapes.text(CHAT, "/start"))

    talk(shapes.callback(CHAT, "f:yes"))

    answers = standin.sent("answerCallbackQuery")
    assert answers[-1]["text"] == "Ця кнопка вже не діє."


def test_a_flood_from_one_chat_is_limited(talk, standin):
    for n in range(30):
        talk.post(shapes.text(CHAT, f"спам {n}"))
    talk.run()

    assert InboundUpdate.objects.filter(outcome="limited").count() == 10
    assert sum("Забагато" in t for t in standin.texts(CHAT)) == 1


def test_a_queue_ticket_from_the_bot_is_the_same_row_as_the_web(talk, standin, hromada, clock):
    office = make_office(hromada)
    service = make_service(office)
    take(office, service)  # someone is already waiting

    talk(shapes.text(CHAT, "/start"))
    talk(shapes.callback(CHAT, "m:queue"))
    answer = talk(shapes.callback(CHAT, f"s:{service.pk}"))

    ticket = Ticket.objects.get(channel="telegram")
    web = take(office, service)
    assert (ticket.office, ticket.service, ticket.status, ticket.day) == (
        web.office,
        web.service,
        web.status,
        web.day,
    )
    assert ticket.number == "А-002" and web.number == "А-003"
    # the place the action computed for the new ticket: one person ahead
    assert any(t.startswith("Ваш талон: А-002. Людей перед вами: 1.") for t in answer), answer


def test_the_ticket_holder_is_told_when_few_are_ahead_and_when_called(talk, standin, hromada):
    office = make_office(hromada, notify_ahead=1)
    service = make_service(office)
    desk = make_desk(office, [service])
    for _ in range(2):
        take(office, service)
    talk(shapes.callback(CHAT, "m:queue"))
    talk(shapes.callback(CHAT, f"s:{service.pk}"))
    ticket = Ticket.objects.get(channel="telegram")

    watches_check()
    talk.deliver()
    assert not any("Підходьте" in t for t in standin.texts(CHAT))
    ticket_call_next(desk=desk, actor=desk.operator)
    watches_check()
    talk.deliver()
    assert any(ticket.number in t and "Підходьте" in t for t in standin.texts(CHAT))
    for _ in range(2):  # the first two visitors are served, then ours is called
        ticket_complete(desk=desk, ticket=desk_current(desk=desk), actor=desk.operator)
        ticket_call_next(desk=desk, actor=desk.operator)
    watches_check()
    talk.deliver()

    assert any("ваша черга" in t.lower() for t in standin.texts(CHAT))


def test_institutions_near_a_location_are_listed_nearest_first_with_a_map_link(talk, hromada):
    from tests.factories import InstitutionFactory

    InstitutionFactory(hromada=hromada, name="Школа №1", lat=50.011, lon=30.011)
    InstitutionFactory(hromada=hromada, name="Садок «Сонечко»", lat=50.03, lon=30.03)

    talk(shapes.callback(CHAT, "m:near"))
    answer = talk(shapes.location(CHAT, 50.01, 30.01))

    listing = next(t for t in answer if "Школа №1" in t)
    assert listing.index("Школа №1") < listing.index("Сонечко")
    assert "openstreetmap.org/?mlat=50.011" in listing


def test_the_cnap_hours_and_the_language_switch(talk, hromada):
    make_office(hromada, hours={"mon": [["08:00", "17:00"]]})

    hours = talk(shapes.callback(CHAT, "m:hours"))
    english = talk(shapes.text(CHAT, "/language"))
    menu = talk(shapes.text(CHAT, "/menu"))

    assert any("Пн: 08:00–17:00" in t and "Нд: зачинено" in t for t in hours), hours
    assert english == ["Language: English."]
    assert menu == ["What would you like to do?"]


def test_a_hromada_that_asks_for_a_phone_gets_it_from_the_contact_button(talk, city, hromada):
    from hromada.bot.actions import bot_config_save

    bot_config_save(hromada=hromada, by=None, username="svitlo_bot", require_phone=True)
    talk.bot.refresh_from_db()
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.callback(CHAT, "p:skip"))
    talk(shapes.text(CHAT, "Сміття на зупинці"))
    asked = talk.standin.sent("sendMessage", CHAT)[-1]
    talk(shapes.contact(CHAT, "+380501234567"))
    talk(shapes.callback(CHAT, "f:yes"))

    assert asked["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert Report.objects.get().contact_phone == "+380501234567"

"""The pages: catalogue, card, applying (errors keep the input; double submit files once), the resident's
application, status lookup, the officials' queue and handling, the desk, the definition editor, open data."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hromada.services import actions
from hromada.services.models import Application

from .factories import GOOD, PDF, logged_in, make_service, make_world, spec, with_second_factor

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def _submit(world, **kwargs):
    kwargs.setdefault("data", GOOD)
    return actions.application_submit(service=world.service, applicant=world.resident, **kwargs)


def test_catalogue_lists_filters_and_finds_everyday_words(world):
    make_service(world.hromada, code="cnap-001", online=False)
    from hromada.services.models import Service

    Service.objects.filter(code="cnap-001").update(
        title="Реєстрація місця проживання/перебування", search_text="реєстрація місця проживання/перебування"
    )
    client = Client()
    page = client.get("/services/")
    assert page.status_code == 200 and "2 послуги" in text(page)
    found = client.get("/services/", {"q": "прописка"})
    assert "Реєстрація місця проживання" in text(found) and "Присвоєння адреси" not in text(found)
    online = client.get("/services/", {"online": "on"})
    assert "Присвоєння адреси" in text(online) and "проживання/перебування" not in text(online)
    english = client.get("/en/services/", {"category": "construction"})
    assert "Assignment of an address" in text(english)
    fragment = client.get("/services/", {"q": "адреси"}, HTTP_HX_REQUEST="true")
    assert "<html" not in text(fragment)


def test_service_card_and_printable_card(world):
    client = Client()
    page = client.get(f"/services/{world.service.code}/")
    assert page.status_code == 200
    assert (
        "Подати заяву онлайн" in text(page) and "5 робочих днів" in text(page) and "безоплатно" in text(page)
    )
    card = client.get(f"/services/{world.service.code}/card/")
    assert card.status_code == 200 and "Інформаційна картка" in text(card)
    assert client.get("/services/no-such/").status_code == 404


def test_apply_needs_login_prefills_and_keeps_input_on_error(world):
    assert Client().get(f"/services/{world.service.code}/apply/").status_code == 302
    client = logged_in(world.resident)
    form = client.get(f"/services/{world.service.code}/apply/")
    assert form.status_code == 200 and world.resident.full_name in text(form)
    bad = client.post(
        f"/services/{world.service.code}/apply/",
        {"full_name": "Олена", "rnokpp": "1234567890", "kind": "plot", "cadastral": "", "save": "submit",
         "idempotency_key": "k1", "variant": "regular"},
    )  # fmt: skip
    assert bad.status_code == 400
    body = text(bad)
    assert "РНОКПП" in body and "Кадастровий номер" in body and 'value="Олена"' in body
    assert Application.objects.count() == 0


def test_apply_submits_once_on_a_double_click_and_shows_the_application(world):
    client = logged_in(world.resident)
    data = {**GOOD, "save": "submit", "idempotency_key": "double", "variant": "regular",
            "scan": SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")}  # fmt: skip
    first = client.post(f"/services/{world.service.code}/apply/", data)
    data["scan"] = SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")
    second = client.post(f"/services/{world.service.code}/apply/", data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    application = Application.objects.get()
    page = client.get(first["Location"])
    assert application.number in text(page) and application.access_code in text(page)
    stored = application.files.get()
    download = client.get(f"/services/files/{stored.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert logged_in(world.outsider).get(f"/services/files/{stored.pk}/").status_code == 404


def test_drafts_save_autosave_and_come_back(world):
    client = logged_in(world.resident)
    saved = client.post(
        f"/services/{world.service.code}/apply/",
        {"full_name": "Олена Д.", "save": "draft", "variant": "regular"},
    )
    assert saved.status_code == 302
    draft = Application.objects.get(status="draft")
    auto = client.post(
        f"/services/{world.service.code}/autosave/", {"full_name": "Олена Драфт", "draft": draft.pk}
    )
    assert auto.json() == {"saved": True, "draft": draft.pk}
    again = client.get(f"/services/{world.service.code}/apply/?draft={draft.pk}")
    assert "Олена Драфт" in text(again)
    assert client.get(f"/services/applications/{draft.pk}/").status_code == 302
    assert "Олена Драфт" not in text(
        logged_in(world.specialist).get(f"/services/{world.service.code}/apply/")
    )
    mine = client.get("/services/mine/")
    assert mine.status_code == 200 and world.service.title in text(mine)


def test_correction_withdraw_and_apply_again_pages(world):
    application = _submit(world)
    actions.application_return(application=application, actor=world.specialist, comment="Додайте скан.")
    client = logged_in(world.resident)
    page = client.get(f"/services/applications/{application.pk}/")
    assert "Додайте скан." in text(page)
    bad = client.post(f"/services/applications/{application.pk}/correct/", {**GOOD, "rnokpp": "1"})
    assert bad.status_code == 400 and "РНОКПП" in text(bad)
    good = client.post(f"/services/applications/{application.pk}/correct/", GOOD)
    assert good.status_code == 302
    client.post(f"/services/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    again = client.post(f"/services/applications/{application.pk}/again/")
    assert again.status_code == 302 and "draft=" in again["Location"]
    assert logged_in(world.outsider).get(f"/services/applications/{application.pk}/").status_code == 404


def test_status_lookup_shows_only_the_status(world):
    application = _submit(world)
    client = Client()
    found = client.get("/services/status/", {"number": application.number, "code": application.access_code})
    assert "подано" in text(found) and world.resident.full_name not in text(found)
    wrong = client.get("/services/status/", {"number": application.number, "code": "WRONG123"})
    assert "Немає заяви" in text(wrong) or "No application" in text(wrong)


def test_queue_and_handling_by_officials(two_step_world):
    world = two_step_world
    application = _submit(world)
    assert logged_in(world.resident).get("/services/queue/").status_code == 403
    specialist = with_second_factor(world.specialist)
    queue = specialist.get("/services/queue/", {"sort": "due"})
    assert application.number in text(queue)
    assert '<option value="" selected>Відкриті</option>' in queue.content.decode()  # not the verb
    assert application.number not in text(with_second_factor(world.outsider).get("/services/queue/"))
    page = specialist.get(f"/services/queue/{application.pk}/")
    assert page.status_code == 200 and "Петренко Олена" in text(page)
    base = f"/services/queue/{application.pk}"
    assert specialist.post(f"{base}/take/").status_code == 302
    assert specialist.post(f"{base}/stage/", {"stage": "decide"}).status_code == 302
    assert specialist.post(f"{base}/note/", {"text": "Перевірено."}).status_code == 302
    refused = specialist.post(f"{base}/decide/", {"decision": "refuse", "refusal_code": "", "text": ""})
    assert refused.status_code == 400
    assert specialist.post(f"{base}/decide/", {"decision": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "awaiting_approval"
    head = with_second_factor(world.head)
    assert head.post(f"{base}/send_back/", {"comment": "Ще раз."}).status_code == 302
    specialist.post(f"{base}/decide/", {"decision": "approve"})
    assert head.post(f"{base}/decide/", {"decision": "approve"}).status_code == 302
    disguised = head.post(
        f"{base}/issue/",
        {
            "result_text": "",
            "document": SimpleUploadedFile("r.pdf", b"<html>", content_type="application/pdf"),
        },
    )
    assert disguised.status_code == 400
    assert "Документ — результат: " in text(disguised)
    issue = head.post(
        f"{base}/issue/",
        {
            "result_text": "Адресу присвоєно.",
            "document": SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert issue.status_code == 302
    application.refresh_from_db()
    assert application.status == "issued"
    receipt = specialist.get(reverse("services:receipt", args=[application.pk]))
    assert (
        receipt.status_code == 200
        and "Опис вхідного пакета" in text(receipt)
        and application.access_code in text(receipt)
    )
    assert specialist.post(f"{base}/unknown/").status_code == 404


def test_return_and_fee_paid_from_the_page(hromada):
    world = make_world(hromada, fee="0.015*PM")
    application = _submit(world)
    specialist = with_second_factor(world.specialist)
    base = f"/services/queue/{application.pk}"
    assert specialist.post(f"{base}/paid/").status_code == 302
    assert specialist.post(f"{base}/return/", {"comment": ""}).status_code == 400
    assert specialist.post(f"{base}/return/", {"comment": "Уточніть РНОКПП."}).status_code == 302
    application.refresh_from_db()
    assert application.status == "correction" and application.fee_paid_at is not None


def test_desk_files_for_a_walk_in_resident_and_prints_the_receipt(world):
    officer = with_second_factor(world.officer)
    page = officer.get(f"/services/desk/{world.service.code}/")
    assert page.status_code == 200
    unknown = officer.post(f"/services/desk/{world.service.code}/", {**GOOD, "login": "nobody@example.org"})
    assert unknown.status_code == 400
    filed = officer.post(f"/services/desk/{world.service.code}/", {**GOOD, "login": world.resident.email})
    assert filed.status_code == 302 and "/receipt/" in filed["Location"]
    application = Application.objects.get()
    assert application.channel == "desk" and application.applicant == world.resident
    assert (
        with_second_factor(world.specialist).get(f"/services/desk/{world.service.code}/").status_code == 403
    )


def test_definition_editor_previews_refuses_broken_and_publishes(world):
    admin = with_second_factor(world.administrator)
    url = f"/services/definitions/{world.service.code}/"
    page = admin.get(url)
    assert page.status_code == 200 and "Кадастровий номер" in text(page)
    broken = spec()
    broken["fields"][0]["type"] = "signature"
    refused = admin.post(url, {"spec": json.dumps(broken), "publish": "yes"})
    assert refused.status_code == 400 and "fields[0].type" in text(refused)
    preview = admin.post(url, {"spec": json.dumps(spec()), "publish": "no"}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200 and "<html" not in text(preview) and "РНОКПП" in text(preview)
    published = admin.post(url, {"spec": json.dumps(spec(two_step=True)), "publish": "yes"})
    assert published.status_code == 302
    exported = admin.get(f"/services/definitions/{world.service.code}/export.json")
    assert exported.json()["version"] == 2 and exported.json()["definition"]["workflow"]["two_step"] is True
    assert with_second_factor(world.specialist).get(url).status_code == 403


def _followed(client: Client, url: str) -> str:
    moved = client.get(url)
    assert moved.status_code == 301 and moved["Location"].startswith("/opendata/")
    response = client.get(moved["Location"])
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_open_data_has_the_catalogue_and_services_rendered_without_names(world):
    application = _submit(world)
    client = Client()
    catalogue = _followed(client, "/services/open-data/catalogue.csv")
    assert "cnap-038" in catalogue
    rendered = json.loads(_followed(client, "/services/open-data/rendered.json"))["items"]
    assert rendered[0]["uid"] == application.number and rendered[0]["status"] == "На виконанні"
    assert world.resident.full_name not in json.dumps(rendered, ensure_ascii=False)
    assert client.get("/services/open-data/rendered.xml").status_code == 404


def test_pages_of_another_hromada_show_nothing_of_this_one(world, other_hromada):
    application = _submit(world)
    other = Client(HTTP_HOST="verbivka.localhost")
    assert other.get(f"/services/{world.service.code}/").status_code == 404
    assert application.number not in _followed(other, "/services/open-data/rendered.json")
    stranger = make_world(other_hromada)
    client = with_second_factor(stranger.administrator, host="verbivka.localhost")
    assert client.get(f"/services/queue/{application.pk}/").status_code == 404


def test_online_services_come_a_page_at_a_time_with_the_links_each_official_may_use(world):
    for n in range(26):
        make_service(world.hromada, code=f"cnap-{100 + n}")
    assert logged_in(world.resident).get("/services/queue/services/").status_code == 403
    officer = with_second_factor(world.officer)
    queue = text(officer.get("/services/queue/"))
    assert 'href="/services/queue/services/"' in queue and "/services/desk/" not in queue

    first = text(officer.get("/services/queue/services/"))
    assert "27 послуг з онлайн-формою" in first
    assert first.count('href="/services/desk/') == 25 and "?page=2" in first
    second = text(officer.get("/services/queue/services/", {"page": 2}))
    assert second.count('href="/services/desk/') == 2
    specialist = text(with_second_factor(world.specialist).get("/services/queue/services/"))
    assert "/services/desk/" not in specialist and "/services/definitions/" not in specialist
    assert "Присвоєння адреси" in specialist
    nothing = text(officer.get("/services/queue/services/", {"q": "зовсімнеіснуючаслужба"}))
    assert "/services/desk/" not in nothing

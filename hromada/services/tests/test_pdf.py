"""The information card and the result document as PDF files made on the server: they open (parsed back
with pypdf), carry the service's name in the page language in a Cyrillic font, and the result document's
PDF is the applicant's and the officials' only."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.test import Client

from hromada.services import pdf
from hromada.services.models import Tariff

from .factories import logged_in, with_second_factor
from .test_documents import _issued

UK_TITLE = "Присвоєння адреси об’єкту нерухомого майна"


def _text(content: bytes) -> tuple[pypdf.PdfReader, str]:
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pure_renderer_embeds_a_cyrillic_font_and_draws_the_qr_code():
    content = pdf.render(
        "<h1>Довідка</h1><p>Ґанок, їжак, Є — «лапки»</p><p>об&#x27;єкт &lt;b&gt;</p><ul><li>один</li></ul>",
        pdf.Meta(title="Довідка", language="uk", footer="Громада"),
        qr_matrix=[[True, False], [False, True]],
        qr_caption="Перевірте",
    )
    reader, text = _text(content)
    assert "об'єкт <b>" in text  # the template's escaping is undone, never read as a tag
    assert "Ґанок, їжак, Є — «лапки»" in text and "Перевірте" in text and "Громада" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts.values())
    assert reader.metadata.title == "Довідка"


def test_the_renderer_refuses_images_and_says_when_no_font_is_installed(tmp_path):
    with pytest.raises(ValueError):
        pdf.render('<img src="/etc/passwd">', pdf.Meta(title="x", language="uk"))
    with pytest.raises(pdf.FontMissingError):
        pdf.find_font([str(tmp_path)])


def test_a_font_is_trimmed_once_to_the_characters_of_cards_and_kept_whole_where_it_cannot_be(tmp_path):
    from fontTools.ttLib import TTFont

    source = pdf.find_font().files[""]
    first = pdf.trimmed(source, tmp_path)
    assert pdf.trimmed(source, tmp_path) == first and first.parent == tmp_path
    kept = TTFont(first).getBestCmap()
    assert all(ord(c) in kept for c in "ҐґЄєІіЇїʼ’№«»—₴") and len(kept) < len(TTFont(source).getBestCmap())
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert pdf.trimmed(source, blocked) == source


@pytest.mark.django_db
def test_the_card_pdf_is_in_the_page_language(world):
    Tariff.objects.create(
        hromada=world.hromada,
        service=world.service,
        variant="urgent",
        term_value=1,
        term_unit="working_days",
        fee_formula="100",
    )
    world.service.technology_card = [
        {
            "stage": "Прийняття заяви",
            "stage_en": "Accepting the application",
            "role": "cnap_officer",
            "action": "В",
            "days": 1,
        }
    ]
    world.service.unverified = ["fee"]
    world.service.save()
    client = Client()
    uk = client.get(f"/services/{world.service.code}/card.pdf")
    assert uk.status_code == 200 and uk["Content-Type"] == "application/pdf"
    assert uk["Content-Disposition"] == f'inline; filename="{world.service.code}-uk.pdf"'
    _reader, text = _text(uk.content)
    flat = _flat(text)
    assert UK_TITLE in flat and "Інформаційна картка" in flat
    assert "5 робочих днів" in flat and "безоплатно" in flat and "100,00 грн" in flat
    assert "Assignment of an address" not in flat
    assert "Технологічна картка" in flat and "Прийняття заяви" in flat and "не підтверджено" in flat

    en = client.get(f"/en/services/{world.service.code}/card.pdf")
    assert en.status_code == 200
    reader, text = _text(en.content)
    flat = _flat(text)
    assert "Assignment of an address" in flat and "Information card" in flat and "5 working days" in flat
    assert reader.metadata.title == "Assignment of an address"
    assert "Accepting the application" in flat and "TsNAP administrator" in flat

    page = client.get(f"/services/{world.service.code}/card/").content.decode()
    assert f"/services/{world.service.code}/card.pdf" in page
    assert client.get("/services/no-such/card.pdf").status_code == 404


@pytest.mark.django_db
def test_the_result_document_pdf_is_ukrainian_and_private(hromada, clock):
    from .factories import make_world

    world = make_world(hromada)
    application = _issued(world, clock)
    url = f"/services/applications/{application.pk}/document.pdf"

    mine = logged_in(world.resident).get(url)
    assert mine.status_code == 200 and mine["Cache-Control"] == "private, no-store"
    assert mine["Content-Disposition"] == f'attachment; filename="{application.number}.pdf"'
    _reader, text = _text(b"".join(mine))
    flat = _flat(text)
    assert f"Документ № {application.number}" in flat and "Видано: Петренко Олена" in flat
    assert application.document_code in flat and "Адресу присвоєно." in flat

    english = logged_in(world.resident).get(f"/en{url}")
    assert f"Документ № {application.number}" in _flat(_text(b"".join(english))[1])

    assert logged_in(world.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    official = with_second_factor(world.specialist)
    staff = official.get(f"/services/queue/{application.pk}/document.pdf")
    assert staff.status_code == 200 and application.document_code in _flat(_text(b"".join(staff))[1])
    assert staff["Cache-Control"].startswith("private, no-store")
    assert official.post(f"/services/queue/{application.pk}/document.pdf").status_code == 405
    page = logged_in(world.resident).get(f"/services/applications/{application.pk}/document/")
    assert url in page.content.decode()

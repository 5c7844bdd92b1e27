# bench: services: the information card and the result document as PDF files (CPU per file)
"""CPU time of one PDF file of `hromada/services/pdf.py`, without Django: a card of 20 documents, 8 refusal
grounds and a 6-stage technology card, and a one-page result document with its QR code.

    .venv/bin/python bench/services_pdf.py [--files 30]

Prints the CPU milliseconds per file (process time, so the machine's load matters less than for wall time)
and the file sizes. The fonts are trimmed before the timing starts (once per machine in real use).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hromada.services import pdf

CARD = (
    "<p>Інформаційна картка адміністративної послуги</p><h1>Реєстрація місця проживання особи</h1>"
    "<dl><dt>Суб'єкт надання</dt><dd>Виконавчий комітет Світлогірської міської ради</dd>"
    "<dt>Строк і плата</dt><dd><ul><li>Звичайне: 1 робочий день; безоплатно</li>"
    "<li>Термінове: у день звернення; 49,92 грн</li></ul></dd><dt>Документи</dt><dd><ol>"
    + "".join(f"<li>Документ № {n}: копія паспорта громадянина України або ID-картки</li>" for n in range(20))
    + "</ol></dd><dt>Підстави для відмови</dt><dd><ul>"
    + "".join(f"<li>Підстава {n}: подання неповного пакета документів</li>" for n in range(8))
    + "</ul></dd></dl><h2>Технологічна картка</h2><table><thead><tr><th>Етап</th><th>Відповідальний</th>"
    "<th>Дія</th><th>Дні</th></tr></thead><tbody>"
    + "".join(
        f"<tr><td>Етап {n}: перевірка документів</td><td>адміністратор ЦНАП</td><td>В</td><td>1</td></tr>"
        for n in range(6)
    )
    + "</tbody></table>"
)
DOCUMENT = (
    "<h1>Документ № 2026-000123</h1><p>Світлогірська міська територіальна громада</p>"
    "<p>Довідка про присвоєння адреси об’єкту нерухомого майна. Видано: Петренко Олена Іванівна.</p>"
    "<p>Перевірте справжність документа: https://svitlohirsk.example/services/verify/?number=2026-000123</p>"
)


def measure(html: str, files: int, **extra: object) -> tuple[float, int]:
    meta = pdf.Meta(title="Бенчмарк", language="uk", footer="Світлогірська громада")
    content = pdf.render(html, meta, **extra)  # type: ignore[arg-type]
    started = time.process_time()
    for _n in range(files):
        pdf.render(html, meta, **extra)  # type: ignore[arg-type]
    return (time.process_time() - started) / files * 1000, len(content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30)
    args = parser.parse_args()
    qr = [[(row * 7 + col * 3) % 5 < 2 for col in range(45)] for row in range(45)]
    card_ms, card_size = measure(CARD, args.files)
    document_ms, document_size = measure(DOCUMENT, args.files, qr_matrix=qr, qr_caption="Відскануйте")
    print(f"card:     {card_ms:6.1f} ms CPU per file, {card_size / 1024:.0f} KiB")
    print(f"document: {document_ms:6.1f} ms CPU per file, {document_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

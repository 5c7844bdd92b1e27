"""PDF files of the information card and of the result document, made on the server. Pure Python, no
Django import: the callers render the (escaped) HTML with Django's templates in the page language and
pass it here.

The text is set in DejaVu Sans (Debian's ``fonts-dejavu-core``), else Liberation Sans
(``fonts-liberation``): both cover Cyrillic, and the PDF embeds only the glyphs it uses. ``fpdf2`` lays
out the small HTML subset the templates use (headings, paragraphs, lists, ``dl``, tables). The HTML must
come escaped from a template: images are refused (``fpdf2`` would read any path or address an ``<img>``
names); a QR code is drawn here from its modules instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TextStyle

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
# (family, {style: file}) in order of preference; a family is used only when all four styles exist.
FAMILIES = (
    (
        "DejaVuSans",
        {
            "": "DejaVuSans.ttf",
            "B": "DejaVuSans-Bold.ttf",
            "I": "DejaVuSans-Oblique.ttf",
            "BI": "DejaVuSans-BoldOblique.ttf",
        },
    ),
    (
        "LiberationSans",
        {
            "": "LiberationSans-Regular.ttf",
            "B": "LiberationSans-Bold.ttf",
            "I": "LiberationSans-Italic.ttf",
            "BI": "LiberationSans-BoldItalic.ttf",
        },
    ),
)
BODY_SIZE = 10
MARGIN_MM = 18


class FontMissingError(RuntimeError):
    """No Cyrillic font on this machine (install fonts-dejavu-core or fonts-liberation)."""


@dataclass(frozen=True)
class Font:
    family: str
    files: dict[str, Path]


def find_font(dirs: Sequence[str] = FONT_DIRS) -> Font:
    """The first family of ``FAMILIES`` whose four styles are installed in one of ``dirs``."""
    for family, styles in FAMILIES:
        for folder in dirs:
            files = {style: Path(folder) / name for style, name in styles.items()}
            if all(path.is_file() for path in files.values()):
                return Font(family, files)
    raise FontMissingError("no Cyrillic font: install fonts-dejavu-core or fonts-liberation")


@dataclass(frozen=True)
class Meta:
    """What the PDF says about itself, and the line printed at the foot of every page."""

    title: str
    language: str  # "uk" or "en"
    footer: str = ""
    author: str = ""


class _Document(FPDF):
    footer_text = ""
    footer_family = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.footer_family, "", 8)
        self.set_text_color(90, 90, 90)
        page = f"{self.page_no()}/{{nb}}"
        self.cell(0, 5, f"{self.footer_text}   {page}".strip(), align="R")
        self.set_text_color(0, 0, 0)


def render(html: str, meta: Meta, *, qr_matrix: Sequence[Sequence[bool]] | None = None, qr_caption: str = "",
           font: Font | None = None) -> bytes:
    """An A4 PDF of ``html`` (escaped, no images); with ``qr_matrix`` (rows of dark modules, quiet zone
    included) the QR code is drawn 40 mm wide after the text with ``qr_caption`` beside it."""
    if "<img" in html.lower():
        raise ValueError("images are not allowed in the PDF's HTML")
    font = font or find_font()
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    for style, path in font.files.items():
        pdf.add_font(font.family, style, str(path))
    pdf.footer_family = font.family
    pdf.footer_text = meta.footer
    pdf.set_lang(meta.language)
    pdf.set_title(meta.title)
    pdf.set_author(meta.author)
    pdf.set_creator("Hromada")
    pdf.set_font(font.family, "", BODY_SIZE)
    pdf.add_page()
    pdf.write_html(
        html,
        font_family=font.family,
        tag_styles={tag: TextStyle(font_family=font.family) for tag in ("code", "pre")},
        li_prefix_color=(0, 0, 0),
        warn_on_tags_not_matching=False,
    )
    if qr_matrix:
        _draw_qr(pdf, qr_matrix, qr_caption, font.family)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def _draw_qr(pdf: FPDF, matrix: Sequence[Sequence[bool]], caption: str, family: str) -> None:
    size = 40.0
    module = size / len(matrix)
    if pdf.get_y() + size > pdf.h - MARGIN_MM:
        pdf.add_page()
    top, left = pdf.get_y() + 4, pdf.l_margin
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(left + col_index * module, top + row_index * module, module, module, style="F")
    if caption:
        pdf.set_xy(left + size + 6, top + 4)
        pdf.set_font(family, "", 9)
        pdf.multi_cell(pdf.w - pdf.r_margin - (left + size + 6), 5, caption)
    pdf.set_y(top + size + 2)

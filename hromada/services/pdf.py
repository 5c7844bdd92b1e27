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

import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset, ttLib
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import TextStyle

logger = logging.getLogger(__name__)

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
# The characters a card or a document may carry: Latin with its extensions, the modifier letters (the
# Ukrainian apostrophe ʼ) and combining accents, Greek, Cyrillic (Ukrainian and its neighbours'),
# punctuation, currency signs (₴), letterlike symbols (№), arrows, maths, shapes.
# Each font is cut down to them once per machine (``trimmed``): a file of a tenth of the glyphs reads
# five times faster, and reading the fonts is most of the time a PDF takes.
CHARACTERS = (
    (0x20, 0x52F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x214F),
    (0x2190, 0x22FF),
    (0x25A0, 0x25FF),
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


def trimmed(source: Path, folder: Path | None = None) -> Path:
    """``source`` cut down to ``CHARACTERS``, kept in ``folder`` (the system's temporary folder) under a
    name of the source's path, size and time, so a new font version is cut again; made once, atomically."""
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{CHARACTERS}".encode()).hexdigest()[:16]
    folder = folder or Path(tempfile.gettempdir()) / "hromada-pdf-fonts"
    target = folder / f"{source.stem}-{key}.ttf"
    if target.is_file():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _trim(source, folder, target)
    except OSError:  # a folder we may not write (another user's): the whole font is slower, not wrong
        logger.warning("pdf: cannot keep a trimmed font in %s; using %s whole", folder, source)
        return source


def _trim(source: Path, folder: Path, target: Path) -> Path:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: fontTools cannot cut them and says so
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in CHARACTERS for c in range(low, high + 1)])
    font = ttLib.TTFont(source)
    subsetter.subset(font)
    handle, partial = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        font.save(out)
    os.chmod(partial, 0o644)
    os.replace(partial, target)
    return target


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
    font_files: dict[str, Path] = {}

    def set_font(self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0) -> None:
        """Reads a style of the font only when the document first uses it: parsing a font file is most
        of the time a PDF takes, and most documents use two styles of four."""
        letters = (style.style if isinstance(style, TextEmphasis) else style).upper()
        wanted = ("B" if "B" in letters else "") + ("I" if "I" in letters else "")
        name = (family or self.font_family or "").lower()
        if name == self.footer_family.lower() and f"{name}{wanted}" not in self.fonts:
            self.add_font(self.footer_family, wanted, str(trimmed(self.font_files[wanted])))
        super().set_font(family, style, size)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.footer_family, "", 8)
        self.set_text_color(90, 90, 90)
        page = f"{self.page_no()}/{{nb}}"
        self.cell(0, 5, f"{self.footer_text}   {page}".strip(), align="R")
        self.set_text_color(0, 0, 0)


def render(
    html: str,
    meta: Meta,
    *,
    qr_matrix: Sequence[Sequence[bool]] | None = None,
    qr_caption: str = "",
    font: Font | None = None,
    appendix_html: str = "",
) -> bytes:
    """An A4 PDF of ``html`` (escaped, no images); with ``qr_matrix`` (rows of dark modules, quiet zone
    included) the QR code is drawn 40 mm wide after the text with ``qr_caption`` beside it; then
    ``appendix_html`` (escaped, no images) on a new page when given."""
    if "<img" in html.lower() or "<img" in appendix_html.lower():
        raise ValueError("images are not allowed in the PDF's HTML")
    font = font or find_font()
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.footer_family = font.family
    pdf.font_files = font.files
    pdf.footer_text = meta.footer
    pdf.set_lang(meta.language)
    pdf.set_title(meta.title)
    pdf.set_author(meta.author)
    pdf.set_creator("Hromada")
    pdf.set_font(font.family, "", BODY_SIZE)
    pdf.add_page()
    _write_html(pdf, html, font.family)
    if qr_matrix:
        _draw_qr(pdf, qr_matrix, qr_caption, font.family)
    if appendix_html:
        pdf.add_page()
        _write_html(pdf, appendix_html, font.family)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def _write_html(pdf: FPDF, html: str, family: str) -> None:
    """Flow ``html`` onto the current page in the embedded font (its code and pre too)."""
    pdf.write_html(
        html,
        font_family=family,
        tag_styles={tag: TextStyle(font_family=family) for tag in ("code", "pre")},
        li_prefix_color=(0, 0, 0),
        warn_on_tags_not_matching=False,
    )


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

"""The information card and the result document as PDF files made on the server (``pdf.py``).

The card is in the page language (Ukrainian or English); the result document is an official Ukrainian text
on every page language, like its printable page, followed on English pages by a page with its unofficial
English rendering. Both are laid out from templates of their own that reuse
the pages' wording, so the PDF and the page say the same."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hromada.accounts.guards import officials_page
from hromada.core import clock, ratelimit
from hromada.core.http import HromadaRequest, private_download
from hromada.core.models import in_language

from . import pdf
from .models import Application
from .permissions import sees_work_queue
from .views import _card_context, _language, _own, _published_service, document_context
from .views_staff import _handled, _refused

# Making a PDF costs tens of milliseconds of CPU: a caller gets PDF_LIMIT of them a minute.
PDF_LIMIT = 20


def card_pdf_bytes(request: HromadaRequest, code: str) -> bytes:
    context = _card_context(_published_service(request, code))
    language = _language()
    url = request.build_absolute_uri(reverse("services:card", args=[code]))
    html = render_to_string("services/card_pdf.html", {**context, "card_url": url}, request=request)
    hromada = in_language(request.hromada, "name", language)
    footer = _("%(hromada)s · information card as of %(date)s") % {
        "hromada": hromada,
        "date": clock.now().date().strftime("%d.%m.%Y"),
    }
    return pdf.render(
        html, pdf.Meta(title=context["title"], language=language, footer=footer, author=hromada)
    )


@require_safe
@ratelimit.rate_limit("services.pdf", limit=PDF_LIMIT, window=60, methods=("GET",))
def card_pdf(request: HromadaRequest, code: str) -> HttpResponse:
    """The information card as a PDF file in the page language."""
    response = HttpResponse(card_pdf_bytes(request, code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{code}-{_language()}.pdf"'
    return response


def document_pdf_bytes(request: HromadaRequest, application: Application) -> bytes:
    context = document_context(request, application)
    with translation.override("uk"):  # an official document: Ukrainian on every page language
        html = render_to_string("services/document_pdf.html", context)
        title = _("Document No. %(number)s") % {"number": application.number}
        caption = _("Scan to check that this document is genuine.")
        hromada = in_language(application.hromada, "name", "uk")
    # On English pages the unofficial English rendering follows on a page of its own, in English.
    appendix = (
        render_to_string("services/document_translation_pdf.html", context)
        if context["translation_shown"]
        else ""
    )
    code = segno.make(context["verify_url"], error="m", boost_error=False)
    matrix = [[bool(dark) for dark in row] for row in code.matrix_iter(scale=1, border=4)]
    meta = pdf.Meta(title=title, language="uk", footer=hromada, author=hromada)
    return pdf.render(html, meta, qr_matrix=matrix, qr_caption=caption, appendix_html=appendix)


def _document_download(request: HromadaRequest, application: Application) -> FileResponse:
    """The result document's PDF, a personal document: a download never cached (``private_download``)."""
    if not application.document_code:
        raise Http404
    content = ContentFile(document_pdf_bytes(request, application))
    return private_download(content, filename=f"{application.number}.pdf", content_type="application/pdf")


@require_safe
@login_required
@ratelimit.rate_limit("services.pdf", limit=PDF_LIMIT, window=60, methods=("GET",))
def application_document_pdf(request: HromadaRequest, pk: int) -> FileResponse:
    """The applicant's result document as a PDF file."""
    return _document_download(request, _own(request, pk))


@require_safe
@officials_page(sees_work_queue, _refused)
@ratelimit.rate_limit("services.pdf", limit=PDF_LIMIT, window=60, methods=("GET",))
def staff_document_pdf(request: HromadaRequest, pk: int) -> FileResponse:
    """The result document as a PDF file for an official (to print at the desk or send)."""
    return _document_download(request, _handled(request, pk))

"""The witness's machine paths (C2SP tlog-witness), on the host of the witnessing hromada.

``POST /ledger/witness/add-checkpoint`` takes the spec's request body and answers with the spec's status
codes and bodies; it is authenticated by the log's signature, not by a session, so it is CSRF-exempt,
rate-limited per caller and limited in size. ``GET /ledger/witness/key`` is the witness's verifier key.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from hromada.core import ratelimit
from hromada.core.errors import RateLimitedError
from hromada.core.http import HromadaRequest

from .witness import MAX_REQUEST_SIZE, witness_checkpoint_add, witness_verifier_key

TEXT = "text/plain; charset=utf-8"
REQUESTS_PER_MINUTE = 60
"""Per caller address: a log submits a checkpoint about every 10 s."""


def _text(message: str, status: int) -> HttpResponse:
    response = HttpResponse(f"{message}\n", status=status, content_type=TEXT)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def add_checkpoint(request: HromadaRequest) -> HttpResponse:
    try:
        ratelimit.check(request, "ledger.witness", limit=REQUESTS_PER_MINUTE, window=60)
    except RateLimitedError as error:
        response = _text(str(error.message), 429)
        response["Retry-After"] = str(error.retry_after)
        return response
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _text(_("The Content-Length header is not a number."), 400)
    if declared > MAX_REQUEST_SIZE:
        return _text(_("The request is too large."), 413)
    body = request.read(MAX_REQUEST_SIZE + 1)
    if len(body) > MAX_REQUEST_SIZE:
        return _text(_("The request is too large."), 413)
    answer = witness_checkpoint_add(hromada=request.hromada, body=body)
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def key(request: HromadaRequest) -> HttpResponse:
    response = HttpResponse(witness_verifier_key(hromada=request.hromada), content_type=TEXT)
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response

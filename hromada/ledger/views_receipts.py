"""Receipts for people: "My receipts" in the cabinet (list and download) and the public "Verify a receipt".

The verify page sends nothing anywhere: ``hromada/verify-receipt.js`` checks the receipt in the browser
with WebCrypto, so a person need not trust this server to trust the result.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate
from hromada.core.registry import cabinet_sections

from .receipts import COVERED, personal_receipt_get, receipt_bundle, receipt_rows, receipts_of

PER_PAGE = 20
VERIFY_STEPS = ("format", "key", "signature", "witnesses", "entry", "inclusion", "person")


def receipts_summary(request: HromadaRequest) -> str | None:
    """The cabinet overview's line for "My receipts"."""
    count = receipts_of(user=request.user, hromada=request.hromada).count()
    if not count:
        return None
    return ngettext("%(count)d receipt", "%(count)d receipts", count) % {"count": count}


@require_safe
@login_required
def receipts(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(
        request, receipts_of(user=request.user, hromada=request.hromada), per_page=PER_PAGE
    )
    rows = receipt_rows(hromada=request.hromada, receipts=list(page.object_list))
    return render(
        request,
        "ledger/receipts.html",
        {
            "page_obj": page,
            "rows": rows,
            # While a receipt waits for its checkpoint, the list refreshes itself (htmx) every few seconds.
            "any_pending": any(not row.covered for row in rows),
            "query_string": query_string,
            "sections": cabinet_sections(),
            "current_section": "receipts",
        },
    )


@require_safe
@login_required
def receipt_download(request: HromadaRequest, receipt_pk: int) -> HttpResponse:
    personal = personal_receipt_get(user=request.user, hromada=request.hromada, receipt_pk=receipt_pk)
    if personal is None:
        raise Http404
    bundle = receipt_bundle(personal_receipt=personal)
    if bundle["state"] != COVERED:
        messages.info(
            request,
            _("This receipt is waiting for the next checkpoint (about 10 s). Try again in a moment."),
        )
        waiting = redirect("ledger:receipts")
        waiting["Cache-Control"] = "no-store"
        return waiting
    body = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"receipt-{request.hromada.slug}-{bundle['index']}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The salt in it is the person's secret: no cache anywhere may keep a copy.
    response["Cache-Control"] = "no-store"
    return response


def _verify_messages() -> dict[str, str]:
    """The texts verify-receipt.js shows, translated here; ``%(name)s`` is filled in by the script."""
    return {
        "step_format": _("The file is a receipt of a Hromada transparency log"),
        "step_key": _("The log's public key is well-formed"),
        "step_signature": _("The checkpoint is signed with the log's key"),
        "step_witnesses": _("Witnesses co-signed the checkpoint"),
        "step_entry": _("The record is exactly the one the receipt was issued for"),
        "step_inclusion": _("The record is in the log under the signed checkpoint"),
        "step_person": _("The record names you"),
        "passed": _("Passed"),
        "failed": _("Failed"),
        "skipped": _("Not checked"),
        "checking": _("Checking…"),
        "verdict_ok": _("Everything checks out: this receipt is genuine and the record is yours."),
        "verdict_bad": _("This receipt does not check out. The step marked “Failed” says what is wrong."),
        "no_input": _("Choose a receipt file or paste its contents first."),
        "file_unreadable": _("The file could not be read."),
        "no_crypto": _(
            "This browser cannot compute the checks (it offers no Web Cryptography here). Open this page "
            "over https in a current browser, or use the command hromada ledger verify --receipt FILE."
        ),
        "skipped_earlier": _("Not checked, because the receipt itself could not be read."),
        "format_ok": _("“%(title)s”, a record of kind %(kind)s."),
        "format_not_json": _("The text is not a JSON document."),
        "format_unknown": _(
            "This is not a receipt of a Hromada transparency log, or of a format this page does not know."
        ),
        "format_pending": _(
            "This receipt is not complete: when it was downloaded, the record was still waiting for the "
            "next checkpoint. Download it again from your cabinet."
        ),
        "key_ok": _(
            "The key is %(key)s. Compare it once with the key your hromada published elsewhere (a council "
            "decision, a notice board, a witness) and keep it."
        ),
        "key_trusted": _("It is the key you entered."),
        "key_not_trusted": _("It is not the key you entered: someone else signed this receipt."),
        "key_malformed": _("The key is malformed or its key ID does not match it."),
        "key_wrong_name": _("The key belongs to %(name)s, not to the log %(origin)s of this receipt."),
        "signature_ok": _("The log %(origin)s signed a tree of %(size)s records with the root %(root)s."),
        "signature_bad": _(
            "The signature does not match: the checkpoint was altered, or signed with another key."
        ),
        "signature_missing": _("The checkpoint carries no signature of this key."),
        "signature_malformed": _("The checkpoint is not a well-formed signed note."),
        "signature_other_log": _("The checkpoint belongs to another log (%(origin)s)."),
        "signature_no_key": _("Not checked, because the key is malformed."),
        "signature_unsupported": _(
            "This browser cannot check Ed25519 signatures. Use a current browser, or the command "
            "hromada ledger verify --receipt FILE."
        ),
        "witnesses_ok": _(
            "%(count)s of the log's %(total)s witnesses co-signed this checkpoint with their published keys: "
            "they saw the same log."
        ),
        "witnesses_none": _("The log lists no witnesses, so nobody else vouched for this checkpoint."),
        "witnesses_missing": _(
            "None of the log's %(total)s witnesses has co-signed this checkpoint (they may not have answered "
            "yet). Download the receipt again later."
        ),
        "witnesses_bad": _(
            "A cosignature does not match its witness's published key: the checkpoint or the cosignature "
            "was altered."
        ),
        "witnesses_no_checkpoint": _("Not checked, because the checkpoint is malformed."),
        "witness_cosigned": _("%(name)s (%(key)s): ✓ co-signed at %(time)s UTC"),
        "witness_missing": _("%(name)s (%(key)s): no cosignature"),
        "witness_bad": _("%(name)s (%(key)s): ✗ the cosignature does not verify"),
        "witness_malformed": _("%(name)s: ✗ the witness key is malformed"),
        "entry_ok": _("Its SHA-256 fingerprint is %(hash)s, as the receipt says."),
        "entry_bad": _(
            "The record was altered: its fingerprint is %(actual)s, but the receipt was issued for "
            "%(expected)s."
        ),
        "entry_missing": _("The record or its fingerprint is missing from the receipt."),
        "inclusion_ok": _(
            "It is record no. %(index)s of %(size)s: %(count)s proof hashes lead from its fingerprint to "
            "the signed root."
        ),
        "inclusion_bad": _(
            "The proof does not lead to the signed root: the proof or the record's fingerprint was altered."
        ),
        "inclusion_malformed": _("The proof is malformed or does not fit the checkpoint's size."),
        "inclusion_no_checkpoint": _("Not checked, because the checkpoint is malformed."),
        "person_ok": _(
            "Your code %(commitment)s, computed from your reference %(reference)s and your secret salt, is "
            "in the record."
        ),
        "person_bad": _(
            "Your code, computed from your reference and salt, is not in the record: the salt or the "
            "reference was altered, or the record names someone else."
        ),
        "person_malformed": _("Your reference or salt is missing or malformed."),
        "person_unreadable": _("The record is not readable, so the people it names cannot be checked."),
    }


@require_safe
def verify(request: HromadaRequest) -> HttpResponse:
    return render(
        request, "ledger/verify.html", {"verify_messages": _verify_messages(), "steps": VERIFY_STEPS}
    )

"""The log's public paths: C2SP checkpoint, key and tiles for verifiers, and a page for people."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.http import HromadaRequest

from . import selectors, tiles
from .kinds import ledger_kind_label
from .witness import checkpoint_note_cosigned, witnesses_of

TEXT = "text/plain; charset=utf-8"
BINARY = "application/octet-stream"
IMMUTABLE = "public, max-age=31536000, immutable"
PER_PAGE = 25

MachineView = Callable[..., HttpResponse]


def machine(view: MachineView) -> MachineView:
    """GET/HEAD only; refusals in the API error shape; readable from any origin (the data is public)."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except ApplicationError as error:
            response = JsonResponse(error.as_dict(), status=error.status)
            response["Cache-Control"] = "no-store"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


@machine
def checkpoint(request: HromadaRequest) -> HttpResponse:
    latest = selectors.checkpoint_latest(hromada=request.hromada)
    if latest is None:
        raise NotFoundError(_("This hromada's log has no checkpoint yet."), code="no_checkpoint")
    # C2SP: the witnesses' cosignature lines follow the log's own signature.
    response = HttpResponse(checkpoint_note_cosigned(checkpoint=latest), content_type=TEXT)
    response["Cache-Control"] = "public, max-age=5"
    return response


@machine
def key(request: HromadaRequest) -> HttpResponse:
    log = selectors.log_get(hromada=request.hromada)
    if log is None:
        raise NotFoundError(_("This hromada has no transparency log yet."), code="no_log")
    response = HttpResponse(log.verifier_key, content_type=TEXT)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@machine
def witnesses(request: HromadaRequest) -> HttpResponse:
    """The verifier keys of the log's active witnesses, one a line (empty when it has none)."""
    keys = "".join(f"{w.verifier_key}\n" for w in witnesses_of(hromada=request.hromada))
    response = HttpResponse(keys, content_type=TEXT)
    response["Cache-Control"] = "public, max-age=300"
    return response


@machine
def tile(request: HromadaRequest, path: str) -> HttpResponse:
    try:
        ref = tiles.parse_tile_path(f"tile/{path}")
    except ValueError as error:
        raise ApplicationError(
            _("Not a tile path: %(error)s") % {"error": error}, code="bad_tile_path"
        ) from None
    if ref.is_entries:
        data = selectors.entry_bundle_get(hromada=request.hromada, ref=ref)
    else:
        data = selectors.tile_get(hromada=request.hromada, ref=ref)
    response = HttpResponse(data, content_type=BINARY)
    # A tile's content never changes; partial ones are superseded quickly, so caches keep them briefly.
    response["Cache-Control"] = "public, max-age=300" if ref.is_partial else IMMUTABLE
    return response


class _CountedPaginator(Paginator):
    """A paginator told the count (kept on the log) instead of counting a large table."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def index(request: HromadaRequest) -> HttpResponse:
    log = selectors.log_get(hromada=request.hromada)
    kinds: dict[str, int] = dict(log.kinds) if log else {}
    kind = request.GET.get("kind", "")
    if kind not in kinds:
        kind = ""
    count = kinds[kind] if kind else (log.tree_size if log else 0)
    entries = selectors.entries_of(hromada=request.hromada, kind=kind)
    page = _CountedPaginator(entries, PER_PAGE, count=count).get_page(request.GET.get("page"))
    return render(
        request,
        "ledger/index.html",
        {
            "log": log,
            "checkpoint": selectors.checkpoint_latest(hromada=request.hromada),
            "origins": list(selectors.origins_earlier(hromada=request.hromada)),
            # By label, in the page language: the filter reads as a list of words, not of codes.
            "kinds": sorted(
                kinds.items(), key=lambda item: (ledger_kind_label(item[0]) or item[0]).casefold()
            ),
            "kind": kind,
            "page_obj": page,
            "query_string": urlencode({"kind": kind}) + "&" if kind else "",
        },
    )


def entry(request: HromadaRequest, index: int) -> HttpResponse:
    try:
        item = selectors.entry_get(hromada=request.hromada, index=index)
    except NotFoundError:
        raise Http404 from None
    return render(request, "ledger/entry.html", {"entry": item})

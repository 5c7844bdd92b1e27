"""The CKAN Action API's one view: parse the call (query string or JSON body), run the action, answer in
CKAN's envelope (``help``, ``success``, ``result`` or ``error``) with CKAN's HTTP status."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from hromada.core import ratelimit
from hromada.core.http import HromadaRequest

from .ckan import ACTIONS, Call, CkanError

# POSTed calls per caller and minute: ``ckanapi dump`` of 500 datasets is 501 calls.
POSTED_CALLS_PER_MINUTE = 1200


def _params(request: HromadaRequest) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in request.GET:
        values = request.GET.getlist(name)
        params[name] = values if len(values) > 1 else values[0]
    if request.method == "POST" and request.body:
        if request.content_type == "application/json" or request.body[:1] == b"{":
            try:
                body = json.loads(request.body)
            except ValueError as error:
                raise CkanError("Bad Request", f"JSON Error: {error}") from None
            if not isinstance(body, dict):
                raise CkanError("Bad Request", "JSON Error: the body must be a JSON object")
            params.update(body)
        else:
            params.update({name: request.POST.get(name) for name in request.POST})
    return params


@csrf_exempt  # reads only, without a session's authority: any site may call it, as CKAN's
def action(request: HromadaRequest, action: str) -> HttpResponse:
    base_url = request.build_absolute_uri("/")[:-1]
    help_url = f"{base_url}/api/3/action/help_show?name={action}"
    status = 200
    try:
        if request.method not in ("GET", "POST", "HEAD"):
            raise CkanError("Bad Request", f"Bad request - method {request.method} not allowed")
        if request.method == "POST" and ratelimit.take_deferred_write() is not None:
            allowed, retry_after = ratelimit.hit(
                f"ckan:{ratelimit.caller_key(request)}", limit=POSTED_CALLS_PER_MINUTE, window=60
            )
            if not allowed:
                raise CkanError("Too Many Requests", f"Rate limit: try again in {retry_after} s")
        function = ACTIONS.get(action)
        if function is None:
            raise CkanError("Bad Request", f"Bad request - Action name not known: {action}")
        result = function(Call(hromada=request.hromada, base_url=base_url, params=_params(request)))
        body: dict[str, Any] = {"help": help_url, "success": True, "result": result}
    except CkanError as error:
        status = error.status
        body = {"help": help_url, "success": False, "error": error.as_error()}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=30" if status == 200 else "no-store"
    patch_vary_headers(response, ["Accept-Language"])
    return response

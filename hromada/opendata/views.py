"""The open-data portal's pages and files: the catalogue with search and facets, a dataset's page with its
passport, and the dataset's files streamed from the live tables (CSV, JSON, XLSX, datapackage.json)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from hromada.core.http import HromadaRequest

from . import formats
from .files import dataset_file, files_made
from .selectors import FACETS, Entry, catalogue_search, entry_get, preview_rows

PER_PAGE = 20


@require_safe
def index(request: HromadaRequest) -> HttpResponse:
    """The catalogue: words, facet filters (several values of one facet widen, facets narrow), pages."""
    query = request.GET.get("q", "").strip()[:200]
    filters = {facet: request.GET.getlist(facet) for facet in FACETS if request.GET.getlist(facet)}
    result = catalogue_search(hromada=request.hromada, query=query, filters=filters)
    page = Paginator(result.entries, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    facets = []
    for facet in FACETS:
        chosen = filters.get(facet, [])
        items = []
        for value, label, count in result.facets[facet]:
            toggled = params.copy()
            values = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
            toggled.setlist(facet, values)
            items.append({"value": value, "label": label, "count": count, "chosen": value in chosen,
                          "query": toggled.urlencode()})  # fmt: skip
        facets.append({"key": facet, "items": items})
    context = {
        "page_obj": page,
        "query": query,
        "facets": facets,
        "total": len(result.entries),
        "query_string": (params.urlencode() + "&") if params else "",
        "filtered": bool(query or filters),
    }
    return render(request, "opendata/index.html", context)


@require_safe
def dataset(request: HromadaRequest, name: str) -> HttpResponse:
    """A dataset's page: passport, structure, the first rows, downloads and how to ask the API."""
    entry = entry_get(hromada=request.hromada, name=name)
    fields = entry.dataset.fields
    preview = [[row[f.name] for f in fields] for row in preview_rows(entry=entry)]
    api_base = request.build_absolute_uri("/api/3/action/")
    context = {
        "entry": entry,
        "fields": fields,
        "preview": preview,
        "downloads": [
            (fmt.upper(), reverse("opendata:download", args=[entry.name, fmt])) for fmt in entry.formats
        ],
        "files_made": [
            (fmt.upper(), made)
            for fmt, made in files_made(entry=entry, base_url=request.build_absolute_uri("/")[:-1]).items()
        ],
        "api_show": f"{api_base}package_show?id={entry.name}",
        "api_rows": f"{api_base}datastore_search?resource_id={entry.resource_id('csv')}&limit=5",
    }
    return render(request, "opendata/dataset.html", context)


def _public(response: HttpResponse | StreamingHttpResponse, entry: Entry) -> Any:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Last-Modified"] = http_date(entry.modified.timestamp())
    return response


@require_safe
def download(request: HromadaRequest, name: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """A dataset's file, streamed row by row or from the cache of its current version (``?bom=1``: CSV
    with a byte-order mark for spreadsheets; ``?<field>=<value>``: only the rows with that value)."""
    if fmt not in formats.FORMATS:
        raise Http404
    entry = entry_get(hromada=request.hromada, name=name)
    names = entry.dataset.field_names
    filters = {field: request.GET.getlist(field) for field in names if field in request.GET}
    file = dataset_file(
        entry=entry, fmt=fmt, bom=request.GET.get("bom") == "1", filters=filters,
        base_url=request.build_absolute_uri("/")[:-1],
    )  # fmt: skip
    response: HttpResponse | StreamingHttpResponse
    if file.path is not None and file.stream is not None:
        response = _file_response(request, file.path, file.stream, content_type=file.media_type)
    else:
        response = StreamingHttpResponse(file.chunks or (), content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response = _public(response, entry)
    if file.made_at is not None and file.made_at < entry.modified:  # a slow file's previous version
        response["Last-Modified"] = http_date(file.made_at.timestamp())
    return response


FileAnswer = HttpResponse | StreamingHttpResponse
BLOCK = 256 * 1024  # bytes read from a cached file at a time (FileResponse's default is 4 KiB)
RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _file_response(request: HromadaRequest, path: Path, stream: BinaryIO, *, content_type: str) -> FileAnswer:
    """A cached file (open as ``stream``), streamed; one byte range (``Range: bytes=a-b``, ``If-Range``
    with its ETag) is answered with 206 so an interrupted download of a big file goes on where it stopped."""
    size = os.fstat(stream.fileno()).st_size
    etag = f'"{path.name}-{size}"'
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if match and match.group(1) + match.group(2) and (if_range is None or if_range == etag):
        first, last = match.group(1), match.group(2)
        start = int(first) if first else max(size - int(last), 0)
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            stream.close()
            refused = HttpResponse(status=416, content_type=content_type)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
        stream.seek(start)
        partial = StreamingHttpResponse(_read(stream, end - start + 1), status=206, content_type=content_type)
        partial["Content-Range"] = f"bytes {start}-{end}/{size}"
        partial["Content-Length"] = str(end - start + 1)
        partial["Accept-Ranges"] = "bytes"
        partial["ETag"] = etag
        return partial
    response = FileResponse(stream, content_type=content_type)
    response.block_size = BLOCK
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    return response


def _read(stream: BinaryIO, length: int) -> Iterator[bytes]:
    with stream:
        while length > 0 and (chunk := stream.read(min(BLOCK, length))):
            length -= len(chunk)
            yield chunk


def package_descriptor(entry: Entry, *, base_url: str) -> dict[str, Any]:
    """The Frictionless Data Package of one dataset (its three files share one Table Schema)."""
    schema = formats.table_schema(
        [{"name": f.name, "type": f.type, "title": str(f.title), "description": str(f.description)}
         for f in entry.dataset.fields],
        primary_key=entry.dataset.primary_key,
    )  # fmt: skip
    resources = [
        {
            "name": f"{entry.name}-csv",
            "path": base_url + reverse("opendata:download", args=[entry.name, "csv"]),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": schema,
        }
    ]
    return formats.data_package(
        name=entry.name,
        title=entry.title,
        description=entry.description,
        licence=entry.licence,
        resources=resources,
        keywords=entry.dataset.tags,
        homepage=base_url + reverse("opendata:dataset", args=[entry.name]),
        modified=entry.modified.isoformat(),
    )


@require_safe
def datapackage(request: HromadaRequest, name: str) -> JsonResponse:
    entry = entry_get(hromada=request.hromada, name=name)
    descriptor = package_descriptor(entry, base_url=request.build_absolute_uri("/")[:-1])
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _public(response, entry)

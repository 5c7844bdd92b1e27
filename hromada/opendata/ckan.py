"""The CKAN Action API over the hromada's datasets: each action is a function of the request's parameters
that returns CKAN's ``result`` or raises a :class:`CkanError` carrying CKAN's ``__type`` and HTTP status.
The docstring of each action is what ``help_show`` returns (as in CKAN, the docstring is the reference).

Read-only: no ``*_create``/``*_update`` action exists (the datasets come from the live tables). The
shapes follow CKAN 2.7–2.10 (``/work``'s captures of demo.ckan.org are the oracle in the tests).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from hromada.core.models import Hromada

from .categories import CATEGORIES, category_title
from .formats import MEDIA_TYPES
from .selectors import Entry, PublisherInfo, catalogue, catalogue_search, entry_get, resource_get

CKAN_VERSION = "2.10.4"
MAX_ROWS = 1000  # package_search, as CKAN's ckan.search.rows_max
MAX_LIMIT = 32000  # datastore_search, as CKAN's ckan.datastore.search.rows_max
DEFAULT_LIMIT = 100
MAX_SORTED_ROWS = 200_000  # datastore_search sorts in memory up to this many rows

STATUS = {
    "Not Found Error": 404,
    "Authorization Error": 403,
    "Validation Error": 409,
    "Integrity Error": 400,
    "Search Query Error": 400,
    "Search Error": 409,
    "Bad Request": 400,
    "Too Many Requests": 429,
}


class CkanError(Exception):
    """A refused call, answered as CKAN answers it: ``{"__type": …, "message": …}`` or, for a
    validation error, ``{field: [messages], "__type": "Validation Error"}``."""

    def __init__(self, kind: str, message: str = "", *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.fields = fields or {}

    @property
    def status(self) -> int:
        return STATUS.get(self.kind, 500)

    def as_error(self) -> dict[str, Any]:
        if self.kind == "Validation Error":
            return {**self.fields, "__type": self.kind}
        return {"__type": self.kind, "message": self.message}


def invalid(field: str, message: str) -> CkanError:
    return CkanError("Validation Error", fields={field: [message]})


def not_found(what: str) -> CkanError:
    return CkanError("Not Found Error", f"Not found: {what}")


class Call:
    """One call: the hromada, the site's address and the parameters (from the query or a JSON body)."""

    def __init__(self, *, hromada: Hromada, base_url: str, params: dict[str, Any]) -> None:
        self.hromada = hromada
        self.base_url = base_url
        self.params = params

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def text(self, name: str, default: str = "") -> str:
        value = self.params.get(name, default)
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def integer(self, name: str, default: int, *, maximum: int | None = None, minimum: int = 0) -> int:
        value = self.params.get(name, default)
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise invalid(name, "Invalid integer")
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise invalid(name, "Invalid integer") from None
        if number < minimum:
            raise invalid(name, "Must be a natural number" if minimum == 0 else f"Must be {minimum} or more")
        if maximum is not None and number > maximum:
            raise invalid(name, f"Must be less than or equal to {maximum}")
        return number

    def json_value(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name, default)
        if isinstance(value, str) and value[:1] in ("[", "{", '"'):
            try:
                return json.loads(value)
            except ValueError:
                raise invalid(name, "Invalid JSON") from None
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.params.get(name, default)
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1", "yes", "on")

    def absolute(self, path: str) -> str:
        return self.base_url + path


# ---------------------------------------------------------------------------------------------- shapes


def _naive_utc(moment: dt.datetime) -> str:
    """CKAN's timestamps: UTC, ISO 8601 without a zone."""
    if timezone.is_aware(moment):
        moment = timezone.make_naive(moment, dt.UTC)
    return moment.isoformat()


def organization_dict(publisher: PublisherInfo, *, call: Call) -> dict[str, Any]:
    return {
        "id": publisher.id,
        "name": publisher.key,
        "title": publisher.title(),
        "display_name": publisher.title(),
        "description": f"ЄДРПОУ {publisher.edrpou}" if publisher.edrpou else "",
        "created": _naive_utc(publisher.created),
        "approval_status": "approved",
        "is_organization": True,
        "state": "active",
        "image_url": "",
        "type": "organization",
    }


def group_dict(code: str) -> dict[str, Any]:
    title = category_title(code)
    return {
        "id": code,
        "name": code,
        "title": title,
        "display_name": title,
        "description": "",
        "image_display_url": "",
    }


def resource_dict(entry: Entry, fmt: str, position: int, *, call: Call) -> dict[str, Any]:
    return {
        "id": entry.resource_id(fmt),
        "package_id": entry.id,
        "name": f"{entry.name}.{fmt}",
        "description": entry.title,
        "format": fmt.upper(),
        "mimetype": MEDIA_TYPES[fmt].split(";")[0],
        "mimetype_inner": None,
        "url": call.absolute(reverse("opendata:download", args=[entry.name, fmt])),
        "url_type": None,
        "hash": "",
        "size": None,
        "position": position,
        "state": "active",
        "created": _naive_utc(entry.created),
        "last_modified": _naive_utc(entry.modified),
        "cache_last_updated": None,
        "datastore_active": True,
        "resource_type": None,
    }


def package_dict(entry: Entry, *, call: Call) -> dict[str, Any]:
    dataset = entry.dataset
    licence = entry.licence
    tags = [
        {"id": tag, "name": tag, "display_name": tag, "state": "active", "vocabulary_id": None}
        for tag in dataset.tags
    ]
    extras = [
        {"key": "edrpou", "value": entry.publisher.edrpou},
        {"key": "katottg", "value": entry.hromada.katottg},
        {"key": "category_835", "value": dataset.category},
        {"key": "item_835", "value": entry.item_835},
        {"key": "frequency", "value": dataset.frequency},
        {"key": "purpose", "value": str(dataset.purpose or dataset.description)},
        {"key": "language", "value": "uk"},
        {"key": "datapackage", "value": call.absolute(reverse("opendata:datapackage", args=[entry.name]))},
    ]
    return {
        "id": entry.id,
        "name": entry.name,
        "title": entry.title,
        "notes": entry.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": licence["name"].startswith("CC-BY") or licence["name"].startswith("CC0"),
        "license_id": licence["ckan_id"],
        "license_title": licence["title"],
        "license_url": licence["path"],
        "author": entry.publisher.title(),
        "author_email": entry.publisher.email,
        "maintainer": entry.publisher.responsible,
        "maintainer_email": entry.publisher.email,
        "version": "",
        "url": call.absolute(reverse("opendata:dataset", args=[entry.name])),
        "metadata_created": _naive_utc(entry.created),
        "metadata_modified": _naive_utc(entry.modified),
        "creator_user_id": None,
        "owner_org": entry.publisher.id,
        "organization": organization_dict(entry.publisher, call=call),
        "groups": [group_dict(dataset.category)] if dataset.category else [],
        "tags": tags,
        "num_tags": len(tags),
        "resources": [resource_dict(entry, fmt, n, call=call) for n, fmt in enumerate(entry.formats)],
        "num_resources": len(entry.formats),
        "extras": extras,
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


# -------------------------------------------------------------------------------------------- actions


def status_show(call: Call) -> dict[str, Any]:
    """Return the site's status: its title, address, the CKAN API version it follows and its extensions.

    :rtype: dictionary
    """
    return {
        "site_title": call.hromada.name,
        "site_description": "Hromada open data",
        "site_url": call.base_url,
        "ckan_version": CKAN_VERSION,
        "locale_default": "uk",
        "extensions": ["datastore"],
    }


def package_list(call: Call) -> list[str]:
    """Return the names of the site's datasets.

    :param limit: how many names to return (optional)
    :type limit: int
    :param offset: where to start when ``limit`` is given (optional)
    :type offset: int
    :rtype: list of strings
    """
    names = sorted(e.name for e in catalogue(hromada=call.hromada))
    offset = call.integer("offset", 0)
    if "limit" in call.params:
        return names[offset : offset + call.integer("limit", 0)]
    return names[offset:]


def package_show(call: Call) -> dict[str, Any]:
    """Return the metadata of a dataset and its resources.

    :param id: the id or name of the dataset
    :type id: string
    :rtype: dictionary
    """
    name = call.text("id") or call.text("name_or_id")
    if not name:
        raise invalid("id", "Missing value")
    return package_dict(_entry(call, name), call=call)


FQ_FIELDS = {
    "organization": "publisher",
    "owner_org": "publisher_id",
    "tags": "tag",
    "res_format": "format",
    "groups": "category",
    "name": "name",
    "license_id": "licence",
}
FQ_TERM = re.compile(r'\s*(?:AND\s+)?(-?)([a-z_]+):("(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^\s"()\[]+)\s*')
# A range of a timestamp, Solr's way: metadata_modified:[2026-12-01T00:00:00Z TO *] — what a CKAN
# harvester (ckanext-harvest) asks for to take only what changed since its last run.
FQ_RANGES = {"metadata_modified", "metadata_created"}
FQ_RANGE = re.compile(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]")
SORTS = {"id", "name", "title_string", "metadata_modified", "metadata_created", "score"}


def _moment(text: str) -> dt.datetime | None:
    """One end of a range: ``*`` (open) or an ISO 8601 moment, UTC when it names no zone (``Z`` is UTC);
    anything else (Solr's date math, ``NOW-1DAY``, too) is a ValueError."""
    if text == "*":
        return None
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def _parse_fq(fq: str) -> list[tuple[bool, str, Any]]:
    """``organization:council tags:"бюджет участі" -res_format:XLSX`` → [(negated, field, value), …]; a
    range (``metadata_modified:[2026-12-01T00:00:00Z TO *]``) gives (start, end) of aware moments or None."""
    terms: list[tuple[bool, str, Any]] = []
    position = 0
    while position < len(fq):
        match = FQ_TERM.match(fq, position)
        if not match or match.end() == position:
            raise invalid("fq", f"Cannot parse the filter query near: {fq[position : position + 30]!r}")
        negated, name, value = match.groups()
        if name not in FQ_FIELDS and name not in FQ_RANGES:
            known = ", ".join(sorted(FQ_FIELDS.keys() | FQ_RANGES))
            raise invalid("fq", f"Unknown field {name!r} (known: {known})")
        if name in FQ_RANGES:
            bounds = FQ_RANGE.fullmatch(value)
            try:
                if bounds is None:
                    raise ValueError(value)
                terms.append((bool(negated), name, (_moment(bounds[1]), _moment(bounds[2]))))
            except ValueError:
                raise invalid("fq", f"{name} takes a range: [2026-12-01T00:00:00Z TO *]") from None
        else:
            if value.startswith("["):
                raise invalid("fq", f"{name} takes a value, not a range")
            if value.startswith('"'):
                value = json.loads(value)
            terms.append((bool(negated), name, value))
        position = match.end()
    return terms


def _fq_matches(entry: Entry, name: str, value: Any) -> bool:
    if name in FQ_RANGES:
        start, end = value
        moment = entry.modified if name == "metadata_modified" else entry.created
        return (start is None or moment >= start) and (end is None or moment <= end)
    return value in _fq_value(entry, name)


def _fq_value(entry: Entry, name: str) -> list[str]:
    if name == "organization":
        return [entry.publisher.key]
    if name == "owner_org":
        return [entry.publisher.id]
    if name == "tags":
        return list(entry.dataset.tags)
    if name == "res_format":
        return [f.upper() for f in entry.formats]
    if name == "groups":
        return [entry.dataset.category] if entry.dataset.category else []
    if name == "name":
        return [entry.name]
    return [entry.licence["ckan_id"]]


def _sorted_entries(entries: list[Entry], sort: str) -> list[Entry]:
    keys = []
    for part in reversed([p.strip() for p in sort.split(",") if p.strip()]):
        words = part.split()
        field, order = words[0], (words[1].lower() if len(words) > 1 else "asc")
        if field not in SORTS or order not in ("asc", "desc") or len(words) > 2:
            raise invalid("sort", f"Cannot sort by {part!r}")
        keys.append((field, order == "desc"))
    for field, descending in keys:
        if field == "score":
            continue  # the catalogue's own order stands for relevance
        key: Callable[[Entry], Any] = {
            "id": lambda e: e.id,
            "name": lambda e: e.name,
            "title_string": lambda e: e.title.casefold(),
            "metadata_modified": lambda e: e.modified,
            "metadata_created": lambda e: e.created,
        }[field]
        entries = sorted(entries, key=key, reverse=descending)
    return entries


def package_search(call: Call) -> dict[str, Any]:
    """Search the datasets; returns ``count``, ``results`` (whole datasets), ``facets``, ``search_facets``.

    :param q: words that every result contains (in its title, description, tags, publisher) (optional)
    :type q: string
    :param fq: filters, Solr style: ``organization:council tags:"бюджет участі" res_format:CSV``,
        ``groups:petitions``, ``metadata_modified:[2026-12-01T00:00:00Z TO *]`` (a range of
        ``metadata_modified`` or ``metadata_created``; ``*`` leaves an end open) (a ``-`` before a term
        excludes) (optional)
    :type fq: string
    :param rows: how many results to return, at most 1000 (optional, default 10)
    :type rows: int
    :param start: the offset of the first result (optional)
    :type start: int
    :param sort: ``name asc``, ``id asc`` (what a CKAN harvester pages by), ``title_string asc``,
        ``metadata_modified desc``, ``metadata_created desc`` or ``score desc, metadata_modified desc``
        (the default) (optional)
    :type sort: string
    :param facet.field: the fields to count: ``organization``, ``groups``, ``tags``, ``res_format``,
        ``license_id`` (a JSON list) (optional)
    :type facet.field: list of strings
    :param facet.limit: how many values of each facet (optional, default 50; -1: all)
    :type facet.limit: int
    :rtype: dictionary
    """
    rows = call.integer("rows", 10, maximum=MAX_ROWS)
    start = call.integer("start", 0)
    sort = call.text("sort") or "score desc, metadata_modified desc"
    q = call.text("q").strip()
    if q in ("*:*", "*"):
        q = ""
    terms = _parse_fq(call.text("fq"))
    facet_fields = call.json_value("facet.field", [])
    if isinstance(facet_fields, str):
        facet_fields = [facet_fields]
    if not isinstance(facet_fields, list) or not all(isinstance(f, str) for f in facet_fields):
        raise invalid("facet.field", "Must be a list of field names")
    unknown = [f for f in facet_fields if f not in FQ_FIELDS]
    if unknown:
        raise invalid("facet.field", f"Unknown field {unknown[0]!r}")
    facet_limit = call.integer("facet.limit", 50, minimum=-1)

    found = catalogue_search(hromada=call.hromada, query=q, with_facets=False).entries
    for negated, name, value in terms:
        found = [e for e in found if _fq_matches(e, name, value) != negated]
    found = _sorted_entries(found, sort)
    facets: dict[str, dict[str, int]] = {}
    search_facets: dict[str, Any] = {}
    for field in facet_fields:
        counts: dict[str, int] = {}
        titles: dict[str, str] = {}
        for entry in found:
            for value in _fq_value(entry, field):
                counts[value] = counts.get(value, 0) + 1
                if value not in titles:  # a title is translated once per value, not once per dataset
                    titles[value] = _facet_title(entry, field, value)
        ordered = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))
        if facet_limit >= 0:
            ordered = ordered[:facet_limit]
        facets[field] = dict(ordered)
        search_facets[field] = {
            "title": field,
            "items": [{"name": v, "display_name": titles[v], "count": c} for v, c in ordered],
        }
    return {
        "count": len(found),
        "sort": sort,
        "facets": facets,
        "results": [package_dict(e, call=call) for e in found[start : start + rows]],
        "search_facets": search_facets,
    }


def _facet_title(entry: Entry, field: str, value: str) -> str:
    if field == "organization":
        return entry.publisher.title()
    if field == "groups":
        return category_title(value)
    return value


def organization_list(call: Call) -> list[Any]:
    """Return the publishers (CKAN organisations) of the site's datasets.

    :param all_fields: return whole organisations instead of names (optional, default false)
    :type all_fields: bool
    :rtype: list of strings or dictionaries
    """
    publishers = {e.publisher.key: e.publisher for e in catalogue(hromada=call.hromada)}
    ordered = [publishers[key] for key in sorted(publishers)]
    if call.boolean("all_fields", False):
        counts = _count_by(call, lambda e: e.publisher.key)
        return [organization_dict(p, call=call) | {"package_count": counts.get(p.key, 0)} for p in ordered]
    return [p.key for p in ordered]


def _count_by(call: Call, key: Callable[[Entry], str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in catalogue(hromada=call.hromada):
        counts[key(entry)] = counts.get(key(entry), 0) + 1
    return counts


def organization_show(call: Call) -> dict[str, Any]:
    """Return one publisher (CKAN organisation) with its datasets.

    :param id: its name or id
    :type id: string
    :param include_datasets: include its datasets (optional, default true)
    :type include_datasets: bool
    :rtype: dictionary
    """
    wanted = call.text("id")
    if not wanted:
        raise invalid("id", "Missing value")
    entries = [e for e in catalogue(hromada=call.hromada) if wanted in (e.publisher.key, e.publisher.id)]
    if not entries:
        raise not_found("Organization was not found.")
    result = organization_dict(entries[0].publisher, call=call) | {"package_count": len(entries)}
    result["extras"] = [{"key": "edrpou", "value": entries[0].publisher.edrpou}]
    if call.boolean("include_datasets", True):
        result["packages"] = [package_dict(e, call=call) for e in entries]
    return result


def group_list(call: Call) -> list[Any]:
    """Return the groups: the Resolution 835 categories the site's datasets fulfil.

    :param all_fields: return whole groups instead of names (optional, default false)
    :type all_fields: bool
    :rtype: list of strings or dictionaries
    """
    counts = _count_by(call, lambda e: e.dataset.category)
    codes = [code for code in CATEGORIES if counts.get(code)]
    if call.boolean("all_fields", False):
        return [group_dict(code) | {"package_count": counts[code]} for code in codes]
    return codes


def tag_list(call: Call) -> list[str]:
    """Return the tags of the site's datasets.

    :param query: only tags containing this text (optional)
    :type query: string
    :rtype: list of strings
    """
    query = call.text("query").casefold()
    tags = {tag for e in catalogue(hromada=call.hromada) for tag in e.dataset.tags}
    return sorted(tag for tag in tags if query in tag.casefold())


def resource_show(call: Call) -> dict[str, Any]:
    """Return one resource (a file of a dataset).

    :param id: the resource's id
    :type id: string
    :rtype: dictionary
    """
    wanted = call.text("id")
    if not wanted:
        raise invalid("id", "Missing value")
    entry, fmt = _resource(call, wanted)
    return resource_dict(entry, fmt, list(entry.formats).index(fmt), call=call)


DATASTORE_TYPES = {
    "string": "text",
    "integer": "int",
    "year": "int",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
}


def _matches(row: dict[str, Any], filters: dict[str, list[str]], words: list[str] | dict[str, str]) -> bool:
    for name, values in filters.items():
        if _text(row.get(name)) not in values:
            return False
    if isinstance(words, dict):
        return all(text.casefold() in _text(row.get(name)).casefold() for name, text in words.items())
    if words:
        line = " ".join(_text(v) for v in row.values()).casefold()
        return all(word in line for word in words)
    return True


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def datastore_search(call: Call) -> dict[str, Any]:
    """Return rows of a resource, filtered and paged, as CKAN's DataStore does.

    :param resource_id: the resource's id (or the dataset's name)
    :type resource_id: string
    :param filters: exact values, ``{"field": "value"}`` or ``{"field": ["a", "b"]}`` (optional)
    :type filters: dictionary
    :param q: words every row contains, or ``{"field": "text"}`` (optional)
    :type q: string or dictionary
    :param limit: how many rows, at most 32000 (optional, default 100)
    :type limit: int
    :param offset: how many rows to skip (optional)
    :type offset: int
    :param sort: ``"field asc, other desc"`` (optional)
    :type sort: string
    :param fields: the fields to return (a list or comma-separated) (optional)
    :type fields: list or string
    :param include_total: count every matching row (optional, default true)
    :type include_total: bool
    :param after: keyset paging: the primary key of the last row seen, as ``_links.next`` gives it; deep
        pages are then read from the index instead of skipping rows (optional; an extension of CKAN's)
    :type after: string
    :rtype: dictionary
    """
    wanted = call.text("resource_id") or call.text("id")
    if not wanted:
        raise invalid("resource_id", "Missing value")
    entry, fmt = _resource(call, wanted)
    dataset = entry.dataset
    names = dataset.field_names
    limit = call.integer("limit", DEFAULT_LIMIT, maximum=MAX_LIMIT)
    offset = call.integer("offset", 0)
    include_total = call.boolean("include_total", True)

    raw_filters = call.json_value("filters", {}) or {}
    if not isinstance(raw_filters, dict):
        raise invalid("filters", "Must be a JSON object")
    filters: dict[str, list[str]] = {}
    for name, value in raw_filters.items():
        if name not in names:
            raise invalid("filters", f'field "{name}" not in resource')
        filters[name] = [_text(v) for v in (value if isinstance(value, list) else [value])]

    q = call.json_value("q", "") or ""
    words: list[str] | dict[str, str]
    if isinstance(q, dict):
        for name in q:
            if name not in names:
                raise invalid("q", f'field "{name}" not in resource')
        words = {name: _text(text) for name, text in q.items()}
    else:
        words = _text(q).casefold().split()

    chosen = call.json_value("fields", None)
    if isinstance(chosen, str):
        chosen = [f.strip() for f in chosen.split(",") if f.strip()]
    if chosen is not None and not (isinstance(chosen, list) and all(isinstance(f, str) for f in chosen)):
        raise invalid("fields", "Must be a list of field names")
    output = list(chosen) if chosen else names
    for name in output:
        if name not in names and name != "_id":
            raise invalid("fields", f'field "{name}" not in resource')

    order = _datastore_sort(call.text("sort"), names)
    after = _after(call, dataset)
    keyset = after is not None and not order
    seen = 0

    def counted(source: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        nonlocal seen
        for row in source:
            if (filters or words) and not _matches(row, filters, words):
                continue
            seen += 1
            yield row

    rows = counted(entry.rows(after=after if keyset else None))
    total: int | None = None
    if order:
        materialised = list(islice(rows, MAX_SORTED_ROWS + 1))
        if len(materialised) > MAX_SORTED_ROWS:
            raise CkanError("Search Error", f"Search error: cannot sort more than {MAX_SORTED_ROWS} rows")
        for name, descending in reversed(order):
            materialised.sort(key=lambda r, n=name: _sort_key(r.get(n)), reverse=descending)  # type: ignore[misc]
        total = len(materialised)
        page = materialised[offset : offset + limit]
    else:
        skip = 0 if keyset else offset
        page = list(islice(rows, skip, skip + limit))
        if include_total and dataset.count is not None and not (filters or words):
            total = dataset.count(hromada=call.hromada)
        elif include_total:
            for _row in rows:
                pass
            total = seen + (offset if keyset else 0)

    shown = output if "_id" in output else ["_id", *output]
    records = [
        {name: offset + n + 1 if name == "_id" else row.get(name) for name in shown}
        for n, row in enumerate(page)
    ]
    path = "/api/3/action/datastore_search"
    following = {"resource_id": wanted, "offset": str(offset + limit)}
    if dataset.primary_key and not order and page:
        following["after"] = _text(page[-1][dataset.primary_key])
    for name in ("limit", "filters", "q", "fields", "include_total"):
        if name in call.params:
            following[name] = call.text(name)
    result: dict[str, Any] = {
        "resource_id": entry.resource_id(fmt),
        "fields": [{"id": "_id", "type": "int"}]
        + [
            {"id": f.name, "type": DATASTORE_TYPES[f.type], "info": {"label": str(f.title)}}
            for f in dataset.fields
            if f.name in output
        ],
        "records": records,
        "limit": limit,
        "offset": offset,
        "include_total": include_total,
        "records_format": "objects",
        "_links": {
            "start": f"{path}?{urlencode({'resource_id': wanted})}",
            "next": f"{path}?{urlencode(following)}",
        },
    }
    if total is not None:
        result["total"] = total
        result["total_was_estimated"] = False
    if filters:
        result["filters"] = raw_filters
    if q:
        result["q"] = q
    if order:
        result["sort"] = call.text("sort")
    return result


def _after(call: Call, dataset: Any) -> Any:
    """``after`` (keyset paging): the primary key's value of the last row seen, as the key's type reads it
    (an integer key: a whole number), or None when not given or the dataset has no key; anything else is a
    Validation Error naming ``after`` (it reaches the module's index query)."""
    value = call.get("after")
    if value in (None, "") or dataset.primary_key is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise invalid("after", "Must be the primary key of a row")
    kind = next(f.type for f in dataset.fields if f.name == dataset.primary_key)
    if kind in ("integer", "year"):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise invalid("after", "Invalid integer") from None
        if abs(number) >= 2**63:  # beyond any database's integer
            raise invalid("after", "Invalid integer")
        return number
    return str(value)


def _sort_key(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def _datastore_sort(sort: str, names: list[str]) -> list[tuple[str, bool]]:
    order = []
    for part in [p.strip() for p in sort.split(",") if p.strip()]:
        words = part.split()
        name = words[0].strip('"')
        direction = words[1].lower() if len(words) > 1 else "asc"
        if name not in names or direction not in ("asc", "desc") or len(words) > 2:
            raise invalid("sort", f'Cannot sort by "{part}": field "{name}" not in resource')
        order.append((name, direction == "desc"))
    return order


def help_show(call: Call) -> str:
    """Return the help text of an action.

    :param name: the action's name
    :type name: string
    :rtype: string
    """
    name = call.text("name")
    action = ACTIONS.get(name)
    if action is None:
        raise not_found(f"Action function not found: {name}")
    return action.__doc__ or ""


def _entry(call: Call, name: str) -> Entry:
    from hromada.core.errors import NotFoundError

    try:
        return entry_get(hromada=call.hromada, name=name)
    except NotFoundError:
        raise not_found("Dataset not found") from None


def _resource(call: Call, wanted: str) -> tuple[Entry, str]:
    from hromada.core.errors import NotFoundError

    try:
        return resource_get(hromada=call.hromada, resource_id=wanted)
    except NotFoundError:
        raise not_found("Resource was not found.") from None


ACTIONS: dict[str, Callable[[Call], Any]] = {
    action.__name__: action
    for action in (
        status_show,
        package_list,
        package_show,
        package_search,
        organization_list,
        organization_show,
        group_list,
        tag_list,
        resource_show,
        datastore_search,
        help_show,
    )
}

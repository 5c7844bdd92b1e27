"""Row ids from the outside world (paths, query strings, form fields): the one place that decides what is one.

Ids are 64-bit in the database (``BigAutoField``); a longer run of digits is not an id of ours, and must be
answered "not found" or "invalid", never sent to the database (SQLite raises OverflowError, PostgreSQL a
numeric-range error). Every interface takes ids through this module:

- URL patterns: the ``<id:…>`` path converter (registered in ``CoreConfig.ready``), never ``<int:…>``;
- the API: ``hromada.core.api.Id`` (ninja path, query and body fields);
- a query-string value that may be an id or something else (a kind, a key): :func:`parse_id`.

``core/tests/test_ids.py`` walks every URL pattern and the whole OpenAPI document to keep it so.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed database integer
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value: object) -> int | None:
    """The id that `value` spells (ASCII digits only, 1 … MAX_ID), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > _MAX_DIGITS:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    """``<id:name>`` in URL patterns: an id of ours; longer numbers do not match (a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the resolver tries the next pattern, then answers 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))

"""RFC 8785 JSON Canonicalization Scheme (JCS) for ledger entries.

Pure core: no Django import. :func:`canonical_json` serialises ``None``, ``bool``, ``int``, ``str``,
lists/tuples and mappings with ``str`` keys to the one byte sequence RFC 8785 defines:

* no whitespace; UTF-8 output;
* object members sorted by their names compared as arrays of UTF-16 code units;
* strings escaped as ECMAScript ``JSON.stringify`` does: ``\\b \\t \\n \\f \\r \\" \\\\`` by their short
  form, other characters below U+0020 as ``\\u00xx`` (lowercase hex), everything else literally;
* lone surrogates are refused (I-JSON, RFC 7493).

Numbers are restricted to integers within ±(2^53 - 1), the range where an IEEE 754 double (which
RFC 8785 assumes) is exact, so every JCS implementation prints them the same way. Floats are
refused outright, including integral ones such as ``1.0``: ledger entries never need them, and
refusing them keeps ``1`` and ``1.0`` from being two spellings of one entry. Put amounts in minor
units (kopiykas) and coordinates as strings.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MAX_DEPTH", "MAX_SAFE_INTEGER", "CanonicalJSONError", "JSONValue", "canonical_json"]

MAX_SAFE_INTEGER = 2**53 - 1
MAX_DEPTH = 64

JSONValue = None | bool | int | str | list["JSONValue"] | tuple["JSONValue", ...] | Mapping[str, "JSONValue"]

_SHORT_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_ESCAPES = {chr(code): f"\\u{code:04x}" for code in range(0x20)} | _SHORT_ESCAPES
_TRANSLATION = str.maketrans(_ESCAPES)


class CanonicalJSONError(ValueError):
    """The value cannot be canonicalised (unsupported type, unsafe integer, lone surrogate, …)."""


def _string(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalJSONError("strings must not contain lone surrogates") from None
    return f'"{value.translate(_TRANSLATION)}"'


def _utf16_key(name: str) -> bytes:
    # Big-endian UTF-16 bytes compare like the sequences of code units RFC 8785 section 3.2.3 sorts.
    try:
        return name.encode("utf-16-be")
    except UnicodeEncodeError:
        raise CanonicalJSONError("strings must not contain lone surrogates") from None


def _serialise(value: object, depth: int, out: list[str]) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalJSONError(f"nesting deeper than {MAX_DEPTH} levels")
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise CanonicalJSONError(f"integer {value} is outside ±(2^53 - 1)")
        out.append(str(int(value)))
    elif isinstance(value, float):
        raise CanonicalJSONError("floats are not allowed in ledger entries; use integers or strings")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _serialise(item, depth + 1, out)
        out.append("]")
    elif isinstance(value, Mapping):
        members: list[tuple[bytes, str, object]] = []
        for name, member in value.items():
            if not isinstance(name, str):
                raise CanonicalJSONError(f"object member names must be str, not {type(name).__name__}")
            members.append((_utf16_key(name), _string(name), member))
        members.sort(key=lambda item: item[0])
        out.append("{")
        for index, (_, escaped_name, member) in enumerate(members):
            if index:
                out.append(",")
            out.append(escaped_name)
            out.append(":")
            _serialise(member, depth + 1, out)
        out.append("}")
    else:
        raise CanonicalJSONError(f"{type(value).__name__} is not a JSON value")


def canonical_json(value: JSONValue) -> bytes:
    """The RFC 8785 canonical UTF-8 encoding of ``value``; raises :class:`CanonicalJSONError`."""
    out: list[str] = []
    _serialise(value, 0, out)
    return "".join(out).encode("utf-8")

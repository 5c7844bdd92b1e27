"""RFC 8785 canonical JSON: the RFC's examples, escaping, refusals, and agreement with the rfc8785 package."""

import json
from collections import OrderedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hromada.ledger.jcs import MAX_DEPTH, MAX_SAFE_INTEGER, CanonicalJSONError, canonical_json


def test_members_are_sorted_by_utf16_code_units_as_in_rfc8785_section_3_2_3():
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "😀": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }

    result = canonical_json(value)

    assert (
        result
        == (
            '{"\\r":"Carriage Return","1":"One","\u0080":"Control",'
            '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",'
            '"😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
        ).encode()
    )


def test_utf16_order_differs_from_code_point_order_above_the_bmp():
    # U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger.
    assert canonical_json({"\ufb33": 1, "😀": 2}) == '{"😀":2,"\ufb33":1}'.encode()


def test_string_escaping_matches_rfc8785_section_3_2_2_2():
    value = {"string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/", "literals": [None, True, False]}

    assert (
        canonical_json(value)
        == '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'.encode()
    )


@pytest.mark.parametrize("code", range(0x20))
def test_control_characters_use_short_escapes_or_lowercase_u00xx(code):
    short = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}

    escaped = short.get(code, f"\\u{code:04x}")

    assert canonical_json(chr(code)) == f'"{escaped}"'.encode()


@pytest.mark.parametrize("char", ["\x7f", "\u2028", "\u2029", "/", "<", "é", "😀", "\ufeff"])
def test_other_characters_are_written_literally_in_utf8(char):
    assert canonical_json(char) == f'"{char}"'.encode()


def test_no_whitespace_and_nested_structures():
    value = {"b": [1, {"d": [], "c": {}}], "a": (-5, 0)}

    assert canonical_json(value) == b'{"a":[-5,0],"b":[1,{"c":{},"d":[]}]}'


def test_integers_at_the_safe_limits_are_accepted():
    assert canonical_json([MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER]) == b"[9007199254740991,-9007199254740991]"


def test_mapping_order_does_not_matter():
    assert (
        canonical_json(OrderedDict([("b", 1), ("a", 2)]))
        == canonical_json({"a": 2, "b": 1})
        == b'{"a":2,"b":1}'
    )


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(1.0, id="integral-float"),
        pytest.param(0.5, id="float"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(float("inf"), id="infinity"),
        pytest.param(MAX_SAFE_INTEGER + 1, id="2^53"),
        pytest.param(-MAX_SAFE_INTEGER - 1, id="-2^53"),
        pytest.param({1: "a"}, id="int-key"),
        pytest.param({True: "a"}, id="bool-key"),
        pytest.param({None: "a"}, id="none-key"),
        pytest.param({("a",): "b"}, id="tuple-key"),
        pytest.param({"a"}, id="set"),
        pytest.param(b"bytes", id="bytes"),
        pytest.param(object(), id="object"),
        pytest.param("lone \ud800 surrogate", id="lone-surrogate"),
        pytest.param({"\udfff": 1}, id="lone-surrogate-key"),
        pytest.param([{"nested": [1.5]}], id="nested-float"),
    ],
)
def test_values_outside_the_ledger_subset_are_refused(value):
    with pytest.raises(CanonicalJSONError):
        canonical_json(value)


def test_nesting_is_limited():
    value: list[object] = []
    for _ in range(MAX_DEPTH):
        value = [value]

    assert canonical_json(value).count(b"[") == MAX_DEPTH + 1
    with pytest.raises(CanonicalJSONError, match="nesting"):
        canonical_json([value])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6), children, max_size=4
        )
    ),
    max_leaves=20,
)


@given(value=json_values)
def test_output_is_json_that_parses_back_to_the_value(value):
    assert json.loads(canonical_json(value)) == value


@given(value=json_values)
def test_output_is_a_fixed_point(value):
    once = canonical_json(value)

    assert canonical_json(json.loads(once)) == once


@given(value=json_values)
def test_agrees_with_the_rfc8785_package(value):
    rfc8785 = pytest.importorskip("rfc8785")

    assert canonical_json(value) == rfc8785.dumps(value)

"""View state in button values: compact, bounded, and robust to junk."""

import json
import re

import pytest

from bot.tasks import StatusFilter
from bot.views.state import (
    ViewState,
    decode_compact_state,
    decode_view_state,
    encode_compact_state,
    encode_view_state,
)


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(StatusFilter.PENDING, None, 3),
        ViewState(StatusFilter.ALL, 'gate "7" <!here> \\ 门', 12),
    ],
)
def test_round_trip(state: ViewState) -> None:
    assert decode_view_state(encode_view_state(state)) == state


def test_encoding_is_compact_json() -> None:
    assert (
        encode_view_state(ViewState(StatusFilter.RETRIEVED, None, 2)) == '{"f":"retrieved","p":2}'
    )


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, '"' * 3_000, "\x00" * 3_000, "门" * 5_000, "\U0001f600" * 3_000],
    ids=["ascii", "quotes", "nul", "cjk", "emoji"],
)
def test_long_queries_are_cut_to_fit_2000_chars(query: str) -> None:
    value = encode_view_state(ViewState(StatusFilter.ALL, query, 5))
    assert len(value) <= 2000
    decoded = decode_view_state(value)
    assert decoded.page == 5
    assert decoded.query and query.startswith(decoded.query)
    assert len(decoded.query) >= min(len(query), 250)


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"f": "bogus", "p": "2"}',
        '{"p": true}',
        '{"p": -4}',
        '{"q": 5}',
        "[" * 100_000,
        '{"p": ' + "9" * 5_000 + "}",
        "x" * 50_000,
    ],
    ids=lambda junk: repr(junk[:20]),
)
def test_junk_decodes_to_the_first_page_of_all(junk: str) -> None:
    assert decode_view_state(junk) == ViewState()


def test_partially_valid_values_keep_what_is_valid() -> None:
    state = decode_view_state(json.dumps({"f": "pending", "p": 0, "q": ""}))
    assert state == ViewState(StatusFilter.PENDING, None, 1)


def test_non_string_decodes_to_default() -> None:
    assert decode_view_state(None) == ViewState()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "state",
    [ViewState(), ViewState(StatusFilter.PENDING, "gate 门 <!here>", 4)],
)
def test_compact_state_fits_an_action_id_and_round_trips(state: ViewState) -> None:
    compact = encode_compact_state(state, 180)
    assert compact and re.fullmatch(r"[A-Za-z0-9_-]+", compact)
    assert decode_compact_state(compact) == state


def test_a_state_too_long_for_an_action_id_is_not_carried() -> None:
    assert encode_compact_state(ViewState(query="x" * 200), 180) == ""


@pytest.mark.parametrize("junk", ["", "!!", "abc", "W10", "x" * 9000])
def test_junk_compact_state_is_none(junk: str) -> None:
    assert decode_compact_state(junk) is None

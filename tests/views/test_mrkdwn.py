"""Escaping untrusted text for mrkdwn."""

import pytest

from bot.views.mrkdwn import clean, code, code_word, escape, safe, safe_line, truncate


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("a & b", "a &amp; b"),
        ("&amp;", "&amp;amp;"),
        ("plain", "plain"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_clean_replaces_controls_and_drops_bidi_marks() -> None:
    assert clean("a\x00b\nc\x1bd\x85e") == "a b c d e"
    assert clean("abc\u202edef\u200f\u2066x\u2069") == "abcdefx"


def test_truncate_adds_an_ellipsis_only_when_cut() -> None:
    assert truncate("abcdef", 6) == "abcdef"
    assert truncate("abcdefg", 6) == "abcde…"
    assert len(truncate("x" * 10_000, 100)) == 100


def test_safe_defuses_formatting_and_mentions_but_keeps_underscores() -> None:
    text = safe("*bold* ~x~ `c` @here cam_01")
    assert "*bold*" not in text and "~x~" not in text and "`c`" not in text
    assert "@here" not in text
    assert "cam_01" in text
    assert text.replace("\u200b", "") == "*bold* ~x~ `c` @here cam_01"


def test_safe_cuts_before_escaping_so_entities_stay_whole() -> None:
    text = safe("&" * 300, 100)
    assert text == "&amp;" * 99 + "…"


def test_safe_line_keeps_code_spans() -> None:
    assert safe_line("Unknown command `<x>`\n") == "Unknown command `&lt;x&gt;`"


def test_code_cannot_be_broken_out_of() -> None:
    assert code("a`b<c>") == "`aˋb&lt;c&gt;`"
    assert code_word("") == " "
    assert code("x" * 100, 10) == "`xxxxxxxxx…`"


def _safe_slow(text: str, limit: int) -> str:
    from bot.views import mrkdwn

    return mrkdwn._FORMATTING.sub(
        r"\1" + mrkdwn._ZWSP, escape(truncate(clean(text).strip(), limit))
    )


@pytest.mark.parametrize(
    "text",
    ["lobby-cam_0430", "  Bulk-000001_批量 ", "Straße Tor.7", "x" * 150, "", "   ", "٣ λ ǅ"],
)
@pytest.mark.parametrize("limit", [3, 100])
def test_plain_text_shortcut_gives_the_full_result(text: str, limit: int) -> None:
    assert safe(text, limit) == _safe_slow(text, limit)
    word = truncate(clean(text).strip(), limit).replace("`", "ˋ") or " "
    assert code_word(text, limit) == word
    assert code(text, limit) == f"`{escape(word)}`"

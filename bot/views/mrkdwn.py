"""Making untrusted text safe to show in Slack mrkdwn.

Slack only needs ``&``, ``<`` and ``>`` escaped; with those escaped no mention, broadcast
or link can be formed. On top of that, control characters and bidi overrides are
neutralised, and ``*``, ``~``, backtick and ``@`` in untrusted text are followed by a
zero-width space so a name like ``*bold*`` shows as typed. ``_`` is left alone: it is a
legitimate character of task names and people copy names into ``search``.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_ZWSP = "\u200b"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMATTING = re.compile(r"([*~`@])")
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Text made only of word characters, spaces, dots and hyphens needs no cleaning, escaping or
# zero-width spaces (no control, bidi, entity or formatting character is a word character):
# the common task name and TaskId take this shortcut to the same result.
_PLAIN = re.compile(r"[\w .\-]*")


def clean(text: str) -> str:
    """Replace control characters (newlines too) by a space and drop bidi controls."""
    return _BIDI.sub("", _CONTROL.sub(" ", text))


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + ELLIPSIS


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for Slack (no other change)."""
    return text.translate(_ENTITIES)


def safe(text: str, limit: int = 200) -> str:
    """Untrusted text as one cleaned, cut, escaped line that keeps mrkdwn marks literal."""
    if _PLAIN.fullmatch(text):
        return truncate(text.strip(), limit)
    return _FORMATTING.sub(r"\1" + _ZWSP, escape(truncate(clean(text).strip(), limit)))


def safe_line(text: str, limit: int = 500) -> str:
    """Text of our own composition (may hold `code`) with untrusted parts: clean and escape."""
    return escape(truncate(clean(text).strip(), limit))


def code_word(text: str, limit: int = 60) -> str:
    """Raw text made fit to sit between backticks (cleaned, cut; backticks replaced)."""
    if _PLAIN.fullmatch(text):
        return truncate(text.strip(), limit) or " "
    word = truncate(clean(text).strip(), limit).replace("`", "ˋ")
    return word or " "


def code(text: str, limit: int = 60) -> str:
    """Untrusted text as an escaped inline code span."""
    if _PLAIN.fullmatch(text):
        return f"`{truncate(text.strip(), limit) or ' '}`"
    return f"`{escape(code_word(text, limit))}`"


_MARKUP_OPENERS = str.maketrans({"<": "‹", ">": "›", "@": "@\u200b"})


def inert(text: str, limit: int = 200) -> str:
    """Untrusted text for a plain cell (``raw_text``, a rich-text ``text`` element, an option):
    cleaned and cut, with ``<``/``>`` shown as ‹ › and ``@`` followed by a zero-width space,
    so no renderer can read a mention, broadcast or link in it."""
    if _PLAIN.fullmatch(text):
        return truncate(text.strip(), limit)
    return truncate(clean(text).strip(), limit).translate(_MARKUP_OPENERS)

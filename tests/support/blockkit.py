"""Checks that a message payload is valid Block Kit within Slack's limits and pings nobody."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from tests.support import schemas

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
_PINGS = ("<!here", "<!channel", "<!everyone", "<!subteam", "<@", "<#")
_BANG = re.compile(r"<!(?!date\^\d+\^[^|>]*\|[^<>]*>)")


def _schema() -> dict[str, Any]:
    return schemas.load(schemas.BLOCK_KIT)


@cache
def block_kit_validator() -> Draft202012Validator:
    """The Block Kit schema validator (loaded once)."""
    return Draft202012Validator(_schema())


@cache
def _block_validators() -> dict[str, Draft202012Validator]:
    """One validator per block type, from the schema's discriminated union of blocks: the
    same check as the union (a block can only match the branch of its own ``type``) without
    trying every branch for every block."""
    schema = _schema()
    defs = schema["$defs"]
    validators: dict[str, Draft202012Validator] = {}
    for branch in defs["block"]["oneOf"]:
        name = branch["$ref"].rsplit("/", 1)[-1]
        block_type = defs[name]["properties"]["type"]["const"]
        validators[block_type] = Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs})
    return validators


def _block_errors(blocks: list[Any]) -> list[str]:
    """Each schema error of ``blocks``, described; a block of no known type is checked
    against the whole union, which says why it fits none. Without the schema: none."""
    if not schemas.available(schemas.BLOCK_KIT):
        return []
    schemas.count_validated()
    by_type = _block_validators()
    if not 1 <= len(blocks) <= _schema()["maxItems"]:
        return [_describe(e) for e in block_kit_validator().iter_errors(blocks)]
    described: list[str] = []
    for index, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        validator = by_type.get(kind) if isinstance(kind, str) else None
        if validator is None:
            described += [_describe(e, index) for e in block_kit_validator().iter_errors([block])]
            continue
        found = sorted(validator.iter_errors(block), key=lambda e: list(e.path))
        described += [_describe(e, index, prefix=True) for e in found]
    return described


def _wrong_branch(errors: list[ValidationError]) -> bool:
    """True when a oneOf branch failed only because the object's ``type`` is another one."""
    return any(e.validator == "const" and list(e.path)[-1:] == ["type"] for e in errors)


def _deepest(error: ValidationError) -> ValidationError:
    """The most specific cause of a failed oneOf/anyOf: the error of the branch that applies."""
    if not error.context:
        return error
    branches: dict[object, list[ValidationError]] = {}
    for cause in error.context:
        branches.setdefault(cause.relative_schema_path[0], []).append(cause)
    candidates = [errs for errs in branches.values() if not _wrong_branch(errs)]
    pool = [e for errs in candidates for e in errs] or list(error.context)
    return _deepest(max(pool, key=lambda e: len(e.absolute_path)))


def _describe(error: ValidationError, index: int | None = None, *, prefix: bool = False) -> str:
    """One line for ``error``; ``prefix``: its path is inside block ``index``."""
    cause = _deepest(error)
    path = [str(p) for p in cause.absolute_path]
    if prefix and index is not None:
        path.insert(0, str(index))
    elif index is not None and path and path[0] == "0":
        path[0] = str(index)  # checked alone as a one-block list
    where = "/".join(path) or "(top)"
    message = cause.message
    if len(message) > 300:
        message = f"{message[:120]} … {message[-120:]}"
    return f"blocks/{where}: {message} ({cause.validator})"


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _ids(blocks: list[dict[str, Any]], key: str) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get(key), str):
                found.append(value[key])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(blocks)
    return found


def _assert_unique(blocks: list[dict[str, Any]], key: str) -> None:
    ids = _ids(blocks, key)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate {key}: {duplicates}"


def assert_no_pings(payload: Any) -> None:
    """No text anywhere in the payload can mention a user, channel, group or everyone."""
    for text in _strings(payload):
        for ping in _PINGS:
            assert ping not in text, f"payload would ping ({ping!r}): {text[:200]!r}"


# The newer blocks' rules the schema cannot express (shared/schemas/README.md) -------------
TABLE_TYPES = ("data_table", "table")
MAX_TABLE_CHARS = 10_000
MAX_CHARTS = 2


def table_chars(value: Any) -> int:
    """Characters a table's cells (or rows, or one cell) show: raw text, a number's text or
    digits, rich text's texts and dates' fallback texts."""
    if isinstance(value, list):
        return sum(table_chars(item) for item in value)
    if not isinstance(value, dict):
        return 0
    kind = value.get("type")
    if kind == "raw_number":
        return len(str(value.get("text") or value.get("value")))
    if kind == "date":
        return len(str(value.get("fallback") or ""))
    text = value.get("text")
    return (len(text) if isinstance(text, str) else 0) + table_chars(value.get("elements") or [])


def assert_valid_data_table(block: dict[str, Any]) -> None:
    """Header row without rich_text, rows of one length, the row header column exists,
    at most 10,000 characters across the cells."""
    rows = block["rows"]
    assert all(cell["type"] != "rich_text" for cell in rows[0]), "rich_text in the header row"
    widths = {len(row) for row in rows}
    assert len(widths) == 1, f"rows of different lengths: {sorted(widths)}"
    index = block.get("row_header_column_index")
    assert index is None or index < len(rows[0]), f"row_header_column_index {index} is no column"
    chars = table_chars(rows)
    assert chars <= MAX_TABLE_CHARS, f"{chars} characters across the table's cells"


def assert_valid_chart(block: dict[str, Any]) -> None:
    """Series names unique; every series has exactly one point per category."""
    chart = block["chart"]
    if chart["type"] == "pie":
        return
    categories = chart["axis_config"]["categories"]
    assert len(set(categories)) == len(categories), f"repeated categories: {categories}"
    names = [series["name"] for series in chart["series"]]
    assert len(set(names)) == len(names), f"series names repeat: {names}"
    for series in chart["series"]:
        labels = [point["label"] for point in series["data"]]
        assert sorted(labels) == sorted(categories), (
            f"series {series['name']!r} has points {labels}, categories are {categories}"
        )


def assert_newer_block_rules(blocks: list[dict[str, Any]]) -> None:
    """One table per message, two charts at most, and each one's own rules."""
    tables = [b for b in blocks if b.get("type") in TABLE_TYPES]
    assert len(tables) <= 1, f"{len(tables)} tables in one message (Slack allows one)"
    charts = [b for b in blocks if b.get("type") == "data_visualization"]
    assert len(charts) <= MAX_CHARTS, f"{len(charts)} charts in one message (at most 2)"
    for block in blocks:
        if block.get("type") == "data_table":
            assert_valid_data_table(block)
        elif block.get("type") == "data_visualization":
            assert_valid_chart(block)


def _assert_valid_blocks(blocks: Any, most: int, where: str) -> None:
    """A schema-valid list of at most ``most`` blocks with unique block and action ids."""
    assert isinstance(blocks, list), "blocks must be a list"
    assert len(blocks) <= most, f"{len(blocks)} blocks ({where} allows {most})"
    errors = _block_errors(blocks)
    assert not errors, "invalid Block Kit:\n" + "\n".join(errors[:10])
    _assert_unique(blocks, "block_id")
    _assert_unique(blocks, "action_id")
    assert_newer_block_rules(blocks)


def _assert_no_special_sequence(string: str) -> None:
    assert not _BANG.search(string), f"special <! sequence outside a date token: {string!r}"


def assert_valid_message(payload: dict[str, Any]) -> None:
    """``payload`` ({"text", "blocks"}) is schema-valid Block Kit within Slack's limits."""
    text = payload.get("text")
    assert isinstance(text, str) and text.strip(), "the fallback text must not be empty"
    _assert_valid_blocks(payload.get("blocks"), MAX_BLOCKS, "Slack")
    for string in _strings(payload):
        _assert_no_special_sequence(string)
    assert_no_pings(payload)


def assert_valid_home(blocks: list[dict[str, Any]]) -> None:
    """Blocks of an App Home view (views.publish type "home"): schema-valid, at most 100,
    unique ids and no special ``<!`` sequence outside date tokens. Channel mentions
    (``<#C…>``) are allowed: a Home tab is seen by one user and pings nobody."""
    _assert_valid_blocks(blocks, MAX_HOME_BLOCKS, "Home")
    for string in _strings(blocks):
        _assert_no_special_sequence(string)
        assert "<@" not in string, f"a user mention in the Home tab: {string[:200]!r}"


MAX_MODAL_BLOCKS = 100


def assert_valid_modal(view: dict[str, Any]) -> None:
    """A modal view (views.open / update / push, or a ``response_action: update``):
    type, title of at most 24 characters, schema-valid blocks (at most 100), no pings."""
    assert view.get("type") == "modal", "not a modal"
    for key in ("title", "submit", "close"):
        if key in view:
            text = view[key]
            assert text["type"] == "plain_text" and 0 < len(text["text"]) <= 24, (key, text)
    assert len(str(view.get("private_metadata") or "")) <= 3000, "private_metadata too long"
    _assert_valid_blocks(view.get("blocks"), MAX_MODAL_BLOCKS, "a modal")
    for string in _strings(view):
        _assert_no_special_sequence(string)
    assert_no_pings(view)

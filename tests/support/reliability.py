"""Helpers of the reliability suite (tests/reliability): a secret audit that every app and
payload of the suite goes through, apps started with every distinctive credential set, and a
memoised Block Kit check fast enough for property-based tests.

``AUDIT`` collects what the suite saw (app output files, wires, fake Slacks, extra text);
``AUDIT.check()`` at the end of the session asserts no credential appears in any of it.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tests.support import schemas
from tests.support.app_fixtures import SECRETS, Wire, check_payload, dump, start_wire, wire_env
from tests.support.app_process import APP_TOKEN, BOT_TOKEN, AppProcess, running_app
from tests.support.blockkit import (
    _BANG,
    MAX_BLOCKS,
    _assert_unique,
    _strings,
    assert_newer_block_rules,
    assert_no_pings,
    assert_valid_message,
    block_kit_validator,
)
from tests.support.fake_slack import FakeSlack, running_fake_slack
from tests.support.simulator import SIM_SECURITY_TOKEN, RunningSim, running_sim

ALL_SECRETS = {**SECRETS, "IVC_SECURITY_TOKEN": SIM_SECURITY_TOKEN}
PREFIX = 12  # a prefix this long of a secret counts as a leak too


# The secret audit -------------------------------------------------------------------------
@dataclass
class SecretAudit:
    """Everything the suite captured, checked for credentials at the end of the session."""

    apps: list[AppProcess] = field(default_factory=list)
    wires: list[Wire] = field(default_factory=list)
    fakes: list[FakeSlack] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)

    def app(self, app: AppProcess) -> AppProcess:
        self.apps.append(app)
        return app

    def wire(self, wire: Wire) -> Wire:
        self.wires.append(wire)
        self.app(wire.app)
        return wire

    def fake(self, fake: FakeSlack) -> FakeSlack:
        self.fakes.append(fake)
        return fake

    def text(self, where: str, value: Any) -> None:
        self.texts.append((where, value if isinstance(value, str) else dump(value)))

    def places(self) -> Iterator[tuple[str, str]]:
        for app in self.apps:
            yield f"output of the app at {app.base_url}", app.output()
        for wire in self.wires:
            yield f"answers and payloads of the app at {wire.app.base_url}", wire.transcript()
        for fake in self.fakes:
            parts = [dump(m) for m in fake.messages()]
            for call in fake.calls(redact=True):
                parts += [dump(call.params), dump(call.response), dump(call.headers)]
            yield "fake Slack messages and calls", "\n".join(parts)
        yield from self.texts

    def leaks(self) -> list[str]:
        found = []
        for where, text in self.places():
            for name, value in ALL_SECRETS.items():
                if value in text or value[:PREFIX] in text:
                    found.append(f"{name} appears in the {where}")
        return found

    def size(self) -> tuple[int, int]:
        """How many places and characters were checked."""
        places = list(self.places())
        return len(places), sum(len(text) for _, text in places)

    def check(self) -> None:
        leaks = self.leaks()
        assert not leaks, "\n".join(leaks)


AUDIT = SecretAudit()


@contextmanager
def audited_wire(tmp_path: Path, **kwargs: Any) -> Iterator[Wire]:
    """``start_wire`` with every credential set (the simulator requires the STS token too),
    registered with ``AUDIT``."""
    sim_kwargs = {"security_token": SIM_SECURITY_TOKEN, **kwargs.pop("sim_kwargs", {})}
    kwargs.setdefault("IVC_SECURITY_TOKEN", SIM_SECURITY_TOKEN)
    with start_wire(tmp_path, sim_kwargs=sim_kwargs, **kwargs) as wire:
        AUDIT.wire(wire)
        yield wire


@dataclass
class Replicas:
    """App processes started on demand (killed and restarted by the test) against one
    simulator (real clock, STS token required) and one audited fake Slack, sharing one
    database; ``stack`` closes them all."""

    sim: RunningSim
    fake: FakeSlack
    env: dict[str, str]
    stack: ExitStack
    workdir: Path

    def start(self, name: str) -> AppProcess:
        folder = self.workdir / name
        folder.mkdir()
        return AUDIT.app(self.stack.enter_context(running_app(self.env, folder)))


@contextmanager
def crash_replicas(
    database_url: str, tmp_path: Path, records: list[dict[str, Any]]
) -> Iterator[Replicas]:
    """The crash tests' set-up: the simulator listing ``records``, the fake Slack, and an
    environment polling every second with a half-second cache."""
    with ExitStack() as stack:
        sim = stack.enter_context(running_sim(clock=time.time, security_token=SIM_SECURITY_TOKEN))
        sim.sim.set_tasks(records)
        fake = AUDIT.fake(
            stack.enter_context(running_fake_slack(bot_token=BOT_TOKEN, app_token=APP_TOKEN))
        )
        env = wire_env(
            sim,
            fake,
            DATABASE_URL=database_url,
            POLL_INTERVAL_SECONDS="1",
            CACHE_TTL_SECONDS="0.5",
            IVC_SECURITY_TOKEN=SIM_SECURITY_TOKEN,
        )
        yield Replicas(sim, fake, env, stack, tmp_path)


# A memoised Block Kit check ---------------------------------------------------------------
@cache
def _length_bounds() -> tuple[int, ...]:
    """Every minLength/maxLength of the Block Kit schema, sorted."""
    schema = schemas.load(schemas.BLOCK_KIT)
    bounds: set[int] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("minLength", "maxLength") and isinstance(item, int):
                    bounds.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(schema)
    return tuple(sorted(bounds))


def _representative(length: int) -> int:
    """The smallest length that compares with every schema bound as ``length`` does."""
    bounds = _length_bounds()
    i = bisect.bisect_left(bounds, length)
    if i < len(bounds) and bounds[i] == length:
        return length
    return 0 if i == 0 else bounds[i - 1] + 1


def canonical(value: Any, key: str = "") -> Any:
    """``value`` with each string of a ``text`` field replaced by "x" repeated to a length
    that meets or misses every schema length bound exactly as the original does.

    The schema constrains ``text`` strings by length only (see ``text_is_length_only``), so
    the canonical payload is valid exactly when the original is; many payloads share one.
    """
    if isinstance(value, dict):
        return {k: canonical(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v, key) for v in value]
    if isinstance(value, str) and key == "text":
        return "x" * _representative(len(value))
    return value


def text_is_length_only() -> bool:
    """True when no schema of a ``text`` property constrains its content (pattern, format,
    enum, const, not): only its type and length matter."""
    schema = schemas.load(schemas.BLOCK_KIT)
    content_rules = {"pattern", "format", "enum", "const", "not"}
    ok = True

    def walk(value: Any) -> None:
        nonlocal ok
        if isinstance(value, dict):
            text = (value.get("properties") or {}).get("text")
            if isinstance(text, dict):
                ok = ok and not (content_rules & set(text))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(schema)
    return ok


_VALID_SHAPES: set[str] = set()
_TEXT_LIMIT = 40_000  # Slack's limit of a message's top-level text


def assert_valid_message_fast(payload: dict[str, Any]) -> None:
    """``assert_valid_message`` with the schema validation memoised on ``canonical(payload)``;
    the checks that look at content (pings, ``<!``, unique ids) run on the real payload."""
    text = payload.get("text")
    assert isinstance(text, str) and text.strip(), "the fallback text must not be empty"
    assert len(text) <= _TEXT_LIMIT, f"fallback text of {len(text)} characters"
    blocks = payload.get("blocks")
    assert isinstance(blocks, list), "blocks must be a list"
    assert len(blocks) <= MAX_BLOCKS, f"{len(blocks)} blocks (Slack allows {MAX_BLOCKS})"
    _assert_unique(blocks, "block_id")
    _assert_unique(blocks, "action_id")
    for string in _strings(payload):
        assert not _BANG.search(string), f"special <! sequence outside a date token: {string!r}"
    assert_no_pings(payload)
    assert_newer_block_rules(blocks)
    if not schemas.available(schemas.BLOCK_KIT):
        return
    schemas.count_validated()
    shape = json.dumps(canonical(blocks), sort_keys=True)
    if shape not in _VALID_SHAPES:
        errors = list(block_kit_validator().iter_errors(json.loads(shape)))
        if errors:
            assert_valid_message(payload)  # the full check, for its message
            raise AssertionError(f"invalid Block Kit: {errors[0].message[:300]}")
        _VALID_SHAPES.add(shape)


def valid_shapes_seen() -> int:
    return len(_VALID_SHAPES)


# Payload checks ---------------------------------------------------------------------------
_UPSTREAM_MARKUP = re.compile(r"<[!@#]")


def assert_safe_payload(payload: dict[str, Any]) -> None:
    """``check_payload`` (valid, no pings, no traceback) and no ``<!``/``<@``/``<#`` except
    Slack date tokens (upstream text reaching Slack unescaped)."""
    check_payload(payload)
    for string in _strings(payload):
        for match in _UPSTREAM_MARKUP.finditer(string):
            rest = string[match.start() :]
            assert rest.startswith("<!date^"), f"unescaped markup: {rest[:80]!r}"


# Figures ----------------------------------------------------------------------------------
# Where figures go: RELIABILITY_RESULTS=tests/reliability/results records them in the tree
# (the README quotes that run); by default a plain test run leaves the tree untouched.
RESULTS = Path(
    os.environ.get("RELIABILITY_RESULTS")
    or Path(tempfile.gettempdir()) / "retrieval-tasks-reliability"
)


def record_result(name: str, figures: dict[str, Any]) -> Path:
    """Write ``figures`` to ``$RELIABILITY_RESULTS/<name>.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

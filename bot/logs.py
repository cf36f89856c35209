"""Logging: one line per event, text or JSON, with the Slack request's context and no secrets.

Every line, whatever logger wrote it, passes through ``Redactor``: configured and learned
secrets, Slack tokens and recording links are hidden before it is written.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, TextIO

from bot.secret_set import MIN_LENGTH, SecretSet

LOG_FORMATS = ("auto", "text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
REDACTED = "[redacted]"
VERBOSE = False  # set by ``python -m bot -v``: debug logging whatever LOG_LEVEL says

_context: contextvars.ContextVar[Mapping[str, str]] = contextvars.ContextVar(
    "log_context", default=MappingProxyType({})
)
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}
_QUIET = ("aiohttp.access", "uvicorn.access")
BODY_LOGGERS: dict[str, int] = {
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
    "aiosqlite": logging.INFO,
    "asyncpg": logging.INFO,
    "alembic": logging.INFO,
    "sqlalchemy.engine": logging.WARNING,  # INFO already prints every statement's parameters
    "sqlalchemy.pool": logging.WARNING,
    "httpx": logging.INFO,  # a line per request (no body) at INFO
    "httpcore": logging.INFO,
}
"""Libraries whose debug lines carry request or response bodies, tokens or SQL parameters,
and the lowest level each may log at unless LOG_DEBUG_LOGGERS names it."""
TOKEN_PATTERN = re.compile(r"\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]+")
"""A Slack token (bot, user, app-level, refresh, configuration...), wherever it appears."""
# A recording's address: playback (``https://host/…/x.m3u8?…``) or a download
# (``https://host/video.mp4?source=…``, ``.ts``): everything past the host is hidden.
PLAYBACK_URL_PATTERN = re.compile(
    r"(?P<host>https?://[^/\s\"'<>|?#]+)"
    r"(?P<rest>[^\s\"'<>|]*\.(?:m3u8|mp4|ts)(?:[?#][^\s\"'<>|]*)?)(?=[\s\"'<>|]|$)",
    re.IGNORECASE,
)
# A credential query value in any address or text: ``token=`` (``access_token``, ``*_token``…)
# as playback links carry it, ``source=`` as download links do.
TOKEN_QUERY_PATTERN = re.compile(
    r"(?P<key>\b(?:[\w.-]*token|source)=)(?P<value>[^&\s\"'<>|]+)", re.IGNORECASE
)
_RECORDING_MARKS = (".m3u8", ".mp4", ".ts", "token=", "source=")
_MIN_SECRET = 6  # shorter configured values (e.g. placeholders) are not worth redacting
CREDENTIAL = re.compile(rf"\S{{{MIN_LENGTH},}}")
"""What a value learned at run time must look like to be redacted: a credential (16 or more
characters, no whitespace), never a word or phrase ordinary lines hold."""
MAX_LEARNED = 20000
MEMO_LENGTH, MEMO_SIZE = 64, 4096
"""Short texts (ids, names, outcomes: most of a line's values) are redacted once and looked up
after, as long as no secret was learned since; at most this many are kept."""


def bind(**fields: Any) -> None:
    """Add fields to the current context (empty values are skipped): every line logged while
    handling the request carries them, also in the background tasks it starts."""
    current = dict(_context.get())
    current.update({key: str(value) for key, value in fields.items() if value})
    _context.set(current)


def context() -> Mapping[str, str]:
    return _context.get()


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The request context, then the call's ``extra=`` fields."""
    found: dict[str, Any] = dict(_context.get())
    for key, value in record.__dict__.items():
        if key not in _STANDARD and not key.startswith("_"):
            found[key] = value
    return found


_learned = SecretSet(MAX_LEARNED)  # credentials learned at run time (``redact_too``)


def redact_too(*values: str | None) -> None:
    """Also redact these values from every line from now on: credentials learned at run time
    (a workspace's IVC SecretKey and STS token, once IVC accepted them). A value that does not
    look like a credential (``CREDENTIAL``) is ignored: it would hide ordinary text. Learned
    values are found inside longer words too."""
    for value in values:
        if value and CREDENTIAL.fullmatch(value):
            _learned.add(value)


class Redactor:
    """Hides secrets in a text: the configured values (one pattern, longest first), the
    credentials learned at run time (``learned``: those of ``redact_too`` unless given),
    Slack tokens and recording links."""

    def __init__(self, secrets: Iterable[str] = (), learned: SecretSet | None = None) -> None:
        configured = sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True)
        self._configured = re.compile("|".join(map(re.escape, configured))) if configured else None
        self._learned = _learned if learned is None else learned
        self._memo: dict[str, tuple[int, str]] = {}

    def text(self, text: str) -> str:
        if len(text) > MEMO_LENGTH:
            return self._redact(text)
        version = self._learned.version
        known = self._memo.get(text)
        if known is not None and known[0] == version:
            return known[1]
        redacted = self._redact(text)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        self._memo[text] = (version, redacted)
        return redacted

    def _redact(self, text: str) -> str:
        if self._configured is not None:
            text = self._configured.sub(REDACTED, text)
        text = self._learned.redact(text, REDACTED)
        if "xox" in text or "xapp" in text:  # what every TOKEN_PATTERN match holds
            text = TOKEN_PATTERN.sub(REDACTED, text)
        return redact_playback(text)

    def value(self, value: Any) -> Any:
        """A value about to be serialised as JSON, redacted: strings and dict keys redacted,
        containers walked, numbers kept, anything else as its redacted ``str``."""
        if isinstance(value, str):
            return self.text(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Mapping):
            return {
                self.text(k) if isinstance(k, str) else k: self.value(v) for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return self.text(str(value))


class _SecondStamp:
    """A record's time as text, the part up to the second made once per second (most lines of
    a busy second share it)."""

    def __init__(self, stamp: Callable[[float], str]) -> None:
        self._stamp = stamp
        self._second = -1
        self._text = ""

    def __call__(self, created: float) -> str:
        second = int(created)
        if second != self._second:
            self._second, self._text = second, self._stamp(second)
        return self._text


def _iso_second(second: float) -> str:
    return datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds").removesuffix("+00:00")


def _plain(text: str) -> str:
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, context and extra fields; with a
    ``redactor``, each value is redacted before serialising (a line stays valid JSON)."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redactor = redactor
        self._second = _SecondStamp(_iso_second)

    def format(self, record: logging.LogRecord) -> str:
        stamp = self._second(record.created)
        data: dict[str, Any] = {
            "ts": f"{stamp}.{int(record.msecs):03d}+00:00",
            "level": record.levelname,
            "logger": record.name,
        }
        fields: dict[str, Any] = {"message": record.getMessage()}
        for key, value in _fields(record).items():
            fields.setdefault(key, value)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            fields["stack"] = self.formatStack(record.stack_info)
        if self.redactor is not None:
            fields = self.redactor.value(fields)
        for key, value in fields.items():
            data.setdefault(key, value)
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message key=value ...`` (a traceback follows on its own lines),
    with the message, each value and the traceback redacted by ``redactor`` if one is given."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redactor = redactor
        self._second = _SecondStamp(self._local_second)

    def _local_second(self, second: float) -> str:
        return time.strftime(self.default_time_format, self.converter(second))

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        return f"{self._second(record.created)},{int(record.msecs):03d}"

    def format(self, record: logging.LogRecord) -> str:
        redact = _plain if self.redactor is None else self.redactor.text
        line = (
            f"{self.formatTime(record)} {record.levelname} {record.name}: "
            f"{redact(record.getMessage())}"
        )
        extra = " ".join(f"{key}={redact(str(value))}" for key, value in _fields(record).items())
        if extra:
            line = f"{line} {extra}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line = f"{line}\n{redact(record.exc_text)}"
        if record.stack_info:
            line = f"{line}\n{redact(self.formatStack(record.stack_info))}"
        return line


def redact_playback(text: str) -> str:
    """``text`` with each recording address (playback or download) cut at its host and each
    ``token=`` or ``source=`` value hidden."""
    lowered = text.lower()
    if any(mark in lowered for mark in _RECORDING_MARKS):
        text = PLAYBACK_URL_PATTERN.sub(rf"\g<host>/{REDACTED}", text)
        text = TOKEN_QUERY_PATTERN.sub(rf"\g<key>{REDACTED}", text)
    return text


class _LibraryFloor(logging.Filter):
    """Drops a record of a ``BODY_LOGGERS`` library (or a child: Bolt sets its app loggers'
    own levels) below that library's floor, unless LOG_DEBUG_LOGGERS names it."""

    def __init__(self, debug_loggers: frozenset[str]) -> None:
        super().__init__()
        self.floors = {n: f for n, f in BODY_LOGGERS.items() if n not in debug_loggers}

    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        while name:
            floor = self.floors.get(name)
            if floor is not None:
                return record.levelno >= floor
            name = name.rpartition(".")[0]
        return True


class _StderrHandler(logging.StreamHandler[TextIO]):
    """A stream handler on the current ``sys.stderr``, looked up at each record."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)  # StreamHandler.__init__ would fix the stream

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def resolve_format(fmt: str | None, stream: TextIO) -> str:
    """``text`` or ``json``: ``auto`` (or nothing) is text on a terminal, else JSON."""
    chosen = (fmt or "auto").strip().lower()
    if chosen not in LOG_FORMATS:
        chosen = "auto"
    if chosen == "auto":
        isatty = getattr(stream, "isatty", None)
        return "text" if isatty is not None and isatty() else "json"
    return chosen


def resolve_level(level: str | int | None) -> int:
    if isinstance(level, int):
        return level
    name = (level or "INFO").strip().upper()
    return logging.getLevelName(name) if name in LOG_LEVELS else logging.INFO


def configure(
    level: str | int | None = None,
    fmt: str | None = None,
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    debug_loggers: Iterable[str] = (),
) -> None:
    """Send every log record to ``stream`` as one line in the chosen format.

    With no ``stream`` (or ``sys.stderr`` itself) records go to whatever ``sys.stderr`` is
    when each one is written. ``debug_loggers`` (LOG_DEBUG_LOGGERS) are the body-printing
    libraries allowed to log below INFO."""
    numeric = resolve_level(level)
    chosen = resolve_format(fmt, stream if stream is not None else sys.stderr)
    # No line shows the thread, the process or the caller's file and line: not collected
    # (the logging HOWTO's "Optimization": every record pays for them otherwise).
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
    redactor = Redactor(secrets)
    formatter: logging.Formatter = (
        JsonFormatter(redactor) if chosen == "json" else TextFormatter(redactor)
    )
    handler: logging.Handler = (
        _StderrHandler()
        if stream is None or stream is sys.stderr
        else logging.StreamHandler(stream)
    )
    handler.setFormatter(formatter)
    handler.addFilter(_LibraryFloor(frozenset(debug_loggers)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    logging.captureWarnings(True)  # a warning is a log line too, not text on stderr
    for name in _QUIET:  # a line per HTTP request: only when debugging
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )
    _library_levels(numeric, frozenset(debug_loggers))


def _library_levels(numeric: int, debug_loggers: frozenset[str]) -> None:
    """Body-printing libraries no lower than their floor in ``BODY_LOGGERS``, unless named;
    httpx and httpcore (a line per request) only when debugging."""
    for name, floor in BODY_LOGGERS.items():
        logger = logging.getLogger(name)
        if name in debug_loggers:
            logger.setLevel(logging.NOTSET)
        elif name in ("httpx", "httpcore") and numeric > logging.DEBUG:
            logger.setLevel(logging.WARNING)
        else:
            logger.setLevel(max(numeric, floor))
    for name in debug_loggers - BODY_LOGGERS.keys():
        logging.getLogger(name).setLevel(logging.NOTSET)


def secret_values(settings: Any) -> list[str]:
    """The value of every ``SecretStr`` setting (what a log line must never hold)."""
    from pydantic import SecretStr

    found = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            text = value.get_secret_value()
            found.append(text)
            if "," in text:  # a list of keys (TOKEN_ENCRYPTION_KEY): each one too
                found += [part.strip() for part in text.split(",")]
    return found


def configure_from_settings(settings: Any, *, stream: TextIO | None = None) -> None:
    """``configure`` with LOG_LEVEL (DEBUG under ``-v``), LOG_FORMAT and the secrets to
    redact, once the settings are validated."""
    level = logging.DEBUG if VERBOSE else settings.log_level
    configure(
        level,
        settings.log_format,
        secrets=secret_values(settings),
        stream=stream,
        debug_loggers=getattr(settings, "debug_loggers", frozenset()),
    )


def fatal(message: str, logger: str = "bot") -> None:
    """The one line a process writes before it exits on an error (bad configuration):
    ``message`` as plain text on stderr, or as a JSON log line when logging writes JSON."""
    root = logging.getLogger()
    if any(_writes_json(handler) for handler in root.handlers):
        logging.getLogger(logger).error(message)
    else:
        print(message, file=sys.stderr, flush=True)


def _writes_json(handler: logging.Handler) -> bool:
    return isinstance(handler.formatter, JsonFormatter)

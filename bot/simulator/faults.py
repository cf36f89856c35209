"""The failure modes the simulator can be switched into."""

from __future__ import annotations

from enum import StrEnum

DEFAULT_FAULT_LATENCY_MS = 2000.0
WRITE_ENDPOINTS = frozenset({"create", "delete"})
"""The endpoints that change state (and that ``Simulator.set_write_fault`` applies to)."""


class Fault(StrEnum):
    """One way for the simulated IVC to misbehave; the values are the CLI names."""

    NONE = "none"
    LATENCY = "latency"
    HTTP_500 = "http-500"
    HTTP_502_HTML = "http-502-html"
    CODE_500 = "code-500"
    SIGNATURE_REJECTED = "signature-rejected"
    INVALID_JSON = "invalid-json"
    DATA_NULL = "data-null"
    WRONG_TYPES = "wrong-types"
    HUGE_LIST = "huge-list"
    DROP_CONNECTION = "drop-connection"
    RATE_LIMITED = "rate-limited"
    ANSWER_LOST = "answer-lost"
    """The call is carried out (a task created or deleted), then the connection drops
    unanswered; on a read that is the same as DROP_CONNECTION."""


def parse_fault(value: Fault | str) -> Fault:
    """Return the ``Fault`` named by ``value``; raises ``ValueError`` listing the valid names."""
    try:
        return Fault(value)
    except ValueError:
        names = ", ".join(f.value for f in Fault)
        raise ValueError(f"unknown fault {value!r}; choose one of: {names}") from None


def effective_latency_ms(fault: Fault, latency_ms: float) -> float:
    """How long to wait before answering: ``latency_ms``, or 2 s for LATENCY when it is 0."""
    if fault is Fault.LATENCY and latency_ms <= 0:
        return DEFAULT_FAULT_LATENCY_MS
    return max(0.0, latency_ms)

"""The one exception hierarchy of the IVC data source.

Every error carries a one-line ``str()`` a person can act on. None of them ever holds a
credential, a signature or an Authorization header.
"""

from __future__ import annotations

import re

from bot.ivc.refusals import HINTS, Refusal

_MAX_MESSAGE = 300


def one_line(text: str) -> str:
    """``text`` on one line (whitespace runs collapsed), at most 300 characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= _MAX_MESSAGE else flat[: _MAX_MESSAGE - 1] + "…"


class IvcError(Exception):
    """Base class: anything that kept the app from getting tasks from IVC."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class IvcTransportError(IvcError):
    """The request did not get an HTTP answer (refused, reset, DNS, TLS)."""

    hint = "check IVC_BASE_URL and the network path to it"


class IvcTimeoutError(IvcTransportError):
    """IVC did not answer within the configured timeout."""

    hint = "IVC may be slow or unreachable; try again, or raise IVC_TIMEOUT_SECONDS"


class IvcHttpError(IvcError):
    """IVC (or a gateway in front of it) answered with an HTTP status other than 200."""

    def __init__(self, status_code: int, *, html: bool = False, request_id: str = "") -> None:
        page = " with an HTML page" if html else ""
        who = "a gateway in front of IVC" if html else "IVC"
        rid = f" (RequestId {request_id})" if request_id else ""
        hint = (
            "IVC is having trouble; try again in a minute"
            if status_code >= 500
            else "check IVC_BASE_URL"
        )
        super().__init__(f"{who} answered HTTP {status_code}{page}{rid}", hint=hint)
        self.status_code = status_code
        self.html = html
        self.request_id = request_id


class IvcApiError(IvcError):
    """IVC reported a failure: the ``/ivc/`` envelope (``Code != 0`` or ``StatusCode != 200``)
    or an API 3.0 ``Response.Error`` (``code`` is then its text, e.g. ``InternalError``).
    """

    def __init__(
        self,
        *,
        code: int | str,
        api_message: str,
        request_id: str,
        status_code: int | None = None,
        hint: str = "",
    ) -> None:
        rid = request_id or "none"
        text = one_line(api_message) or "no message"
        if isinstance(code, str):
            what = f"{code}: {text} (RequestId {rid})"
        else:
            what = f"{text} (Code {code}, StatusCode {status_code}, RequestId {rid})"
        super().__init__(
            f"IVC refused the request: {what}",
            hint=hint
            or self.hint
            or "try again; if it persists, give the RequestId to Tencent support",
        )
        self.code = code
        self.status_code = status_code
        self.api_message = api_message
        self.request_id = request_id


class IvcAuthError(IvcApiError):
    """IVC rejected the credentials or the request signature."""

    hint = "check IVC_SECRET_ID and IVC_SECRET_KEY, and that this machine's clock is right"


class IvcRateLimitError(IvcApiError):
    """IVC refused the request because of its rate limit."""

    hint = "IVC's rate limit was hit; wait a moment, or raise CACHE_TTL_SECONDS"


class IvcNotFoundError(IvcApiError):
    """IVC has no task with the requested TaskId."""

    hint = "check the TaskId; `/retrieval-tasks all` lists the tasks IVC has"


class IvcMalformedError(IvcError):
    """IVC answered 200 but the body is not the JSON shape the API documents."""

    def __init__(self, detail: str, *, field: str = "", request_id: str = "") -> None:
        rid = f" (RequestId {request_id})" if request_id else ""
        super().__init__(
            f"IVC sent a malformed answer: {detail}{rid}",
            hint="this is an upstream problem; try again later or report the RequestId",
        )
        self.field = field
        self.request_id = request_id


class IvcRefusedError(IvcApiError):
    """IVC refused a write for a documented reason (``reason``): a field or state to fix."""

    def __init__(
        self,
        *,
        reason: Refusal,
        code: int | str,
        api_message: str,
        request_id: str,
        status_code: int | None = None,
    ) -> None:
        super().__init__(
            code=code,
            api_message=api_message,
            request_id=request_id,
            status_code=status_code,
            hint=HINTS[reason],
        )
        self.reason = reason


class IvcCreateUnknownError(IvcError):
    """A create's answer was lost and the task list could not be checked: it may exist."""

    def __init__(self, cause: IvcError) -> None:
        super().__init__(
            f"IVC's answer to the create was lost and the task list could not be checked "
            f"({one_line(cause.message)})",
            hint="look for the task with `/retrieval-tasks all` before trying again",
        )
        self.cause = cause

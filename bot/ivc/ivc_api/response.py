"""Read an answer of the ``/ivc/`` endpoints: HTTP status, JSON body, Code/StatusCode, Data."""

from __future__ import annotations

from typing import Any

from bot.ivc.envelope import Envelope, decode_json, looks_html
from bot.ivc.errors import (
    IvcApiError,
    IvcAuthError,
    IvcHttpError,
    IvcMalformedError,
    IvcNotFoundError,
    IvcRateLimitError,
    IvcRefusedError,
)
from bot.ivc.refusals import WRITE_OPERATIONS, WRITE_RATE_HINT, code_of_message, refusal_for

_AUTH_STATUS = {401, 403}
_RATE_STATUS = {429}
_NOT_FOUND_STATUS = 404


def _api_error(payload: dict[str, Any], request_id: str, operation: str = "") -> IvcApiError:
    """The ``IvcApiError`` subclass for a failed envelope, from its Code/StatusCode/Message."""
    code = payload.get("Code")
    status = payload.get("StatusCode")
    message = payload.get("Message")
    status_code = status if isinstance(status, int) else -1
    api_message = message if isinstance(message, str) else ""
    rid = str(payload.get("RequestId") or request_id)
    wire_code = code_of_message(api_message)
    reason = refusal_for(wire_code, operation)
    if reason is None and status_code == _NOT_FOUND_STATUS:
        reason = refusal_for("ResourceNotFound", operation)
    if reason is not None:
        return IvcRefusedError(
            reason=reason,
            code=code if isinstance(code, int) else -1,
            status_code=status_code,
            api_message=api_message,
            request_id=rid,
        )
    kind: type[IvcApiError] = IvcApiError
    if status_code in _AUTH_STATUS or api_message.startswith("AuthFailure"):
        kind = IvcAuthError
    elif status_code == _NOT_FOUND_STATUS:
        kind = IvcNotFoundError
    elif status_code in _RATE_STATUS:
        kind = IvcRateLimitError
    rate_hint = kind is IvcRateLimitError and operation in WRITE_OPERATIONS
    return kind(
        code=code if isinstance(code, int) else -1,
        status_code=status_code,
        api_message=api_message,
        request_id=rid,
        hint=WRITE_RATE_HINT if rate_hint else "",
    )


def _is_envelope(payload: Any) -> bool:
    return isinstance(payload, dict) and ("Code" in payload or "StatusCode" in payload)


def read_ivc_response(
    status: int,
    content_type: str,
    body: bytes,
    header_request_id: str = "",
    operation: str = "",
) -> Envelope:
    """Validate one IVC response; raises the matching ``IvcError`` subclass.

    ``operation`` (``"create"``, ``"channels"``...) names the call, for its refusals.
    """
    payload = decode_json(body)
    if status != 200:
        if _is_envelope(payload):
            raise _api_error(payload, header_request_id, operation)
        raise IvcHttpError(
            status, html=looks_html(content_type, body), request_id=header_request_id
        )
    if payload is None:
        raise IvcMalformedError("the body is not valid JSON", request_id=header_request_id)
    if not isinstance(payload, dict):
        raise IvcMalformedError("the body is not a JSON object", request_id=header_request_id)
    request_id = str(payload.get("RequestId") or header_request_id)
    for name in ("Code", "StatusCode"):
        if isinstance(payload.get(name), bool) or not isinstance(payload.get(name), int):
            raise IvcMalformedError(
                f"field {name} is missing or not a number", field=name, request_id=request_id
            )
    if payload["Code"] != 0 or payload["StatusCode"] != 200:
        raise _api_error(payload, request_id, operation)
    return Envelope(data=payload.get("Data"), request_id=request_id)

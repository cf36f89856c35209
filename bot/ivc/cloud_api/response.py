"""Read an API 3.0 response: HTTP status, JSON body, ``Response.Error``, ``Response.Data``."""

from __future__ import annotations

from typing import Any

from bot.ivc.cloud_api.errors import cloudapi_error
from bot.ivc.envelope import Envelope, decode_json, looks_html
from bot.ivc.errors import IvcHttpError, IvcMalformedError


def _error_of(response: Any) -> dict[str, Any] | None:
    error = response.get("Error") if isinstance(response, dict) else None
    return error if isinstance(error, dict) else None


def _raise_error(error: dict[str, Any], request_id: str, action: str, operation: str) -> None:
    code, message = error.get("Code"), error.get("Message")
    raise cloudapi_error(
        code if isinstance(code, str) else "",
        message if isinstance(message, str) else "",
        request_id,
        action,
        operation,
    )


def read_cloudapi_response(
    status: int, content_type: str, body: bytes, action: str, operation: str = ""
) -> Envelope:
    """Validate one API 3.0 response; raises the matching ``IvcError`` subclass.

    ``operation`` (``"create"``, ``"channels"``...) names the call, for its refusals.
    """
    payload = decode_json(body)
    response = payload.get("Response") if isinstance(payload, dict) else None
    request_id = str(response.get("RequestId") or "") if isinstance(response, dict) else ""
    error = _error_of(response)
    if status != 200:
        if error is not None:
            _raise_error(error, request_id, action, operation)
        raise IvcHttpError(status, html=looks_html(content_type, body), request_id=request_id)
    if payload is None:
        raise IvcMalformedError("the body is not valid JSON")
    if not isinstance(response, dict):
        raise IvcMalformedError("field Response is missing or not an object", field="Response")
    if error is not None:
        _raise_error(error, request_id, action, operation)
    total = response.get("TotalCount")
    return Envelope(
        data=response.get("Data"),
        request_id=request_id,
        total_count=total if isinstance(total, int) and not isinstance(total, bool) else None,
    )

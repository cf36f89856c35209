"""API 3.0 error codes (``Response.Error.Code``) mapped to the app's error hierarchy."""

from __future__ import annotations

from bot.ivc.errors import (
    IvcApiError,
    IvcAuthError,
    IvcNotFoundError,
    IvcRateLimitError,
    IvcRefusedError,
)
from bot.ivc.refusals import WRITE_OPERATIONS, WRITE_RATE_HINT, refusal_for

TOKEN_HINT = "check IVC_SECURITY_TOKEN: temporary credentials expire, renew them"

# Exact codes first, then prefixes; each: (exception class, hint). ``{action}`` is filled in.
_EXACT: dict[str, tuple[type[IvcApiError], str]] = {
    "AuthFailure.SignatureFailure": (
        IvcAuthError,
        "the signature did not match: check IVC_SECRET_KEY",
    ),
    "AuthFailure.SignatureExpire": (
        IvcAuthError,
        "this machine's clock is more than 5 minutes off: fix NTP",
    ),
    "AuthFailure.SecretIdNotFound": (
        IvcAuthError,
        "Tencent Cloud does not know this key: check IVC_SECRET_ID",
    ),
    "AuthFailure.InvalidSecretId": (
        IvcAuthError,
        "this is not a Cloud API key: check IVC_SECRET_ID",
    ),
    "AuthFailure.UnauthorizedOperation": (
        IvcAuthError,
        "the key lacks permission for iss:{action}: grant it in CAM",
    ),
    "AuthFailure.TokenFailure": (IvcAuthError, TOKEN_HINT),
    "AuthFailure.InvalidCredential": (IvcAuthError, TOKEN_HINT),
    "InvalidCredential": (IvcAuthError, TOKEN_HINT),
    "InvalidParameterValue.InvalidRetrieveTaskId": (IvcNotFoundError, ""),
}
_PREFIXES: tuple[tuple[str, type[IvcApiError], str], ...] = (
    ("AuthFailure", IvcAuthError, "check IVC_SECRET_ID, IVC_SECRET_KEY and IVC_SECURITY_TOKEN"),
    (
        "RequestLimitExceeded",
        IvcRateLimitError,
        "IVC allows 20 calls per second: wait a moment, or raise CACHE_TTL_SECONDS",
    ),
    (
        "InternalError",
        IvcApiError,
        "a Tencent-side error: try again; if it persists, give the RequestId to Tencent support",
    ),
    ("ResourceNotFound", IvcNotFoundError, ""),
)


def cloudapi_error(
    code: str, message: str, request_id: str, action: str, operation: str = ""
) -> IvcApiError:
    """The ``IvcApiError`` subclass for one API 3.0 error, with a hint a person can act on.

    ``operation`` (``"create"``, ``"channels"``...) names the call, for its refusals.
    """
    reason = refusal_for(code, operation)
    if reason is not None:
        return IvcRefusedError(reason=reason, code=code, api_message=message, request_id=request_id)
    kind, hint = _EXACT.get(code, (None, ""))
    if kind is None:
        kind, hint = next(
            ((k, h) for prefix, k, h in _PREFIXES if code.startswith(prefix)), (IvcApiError, "")
        )
    if kind is IvcRateLimitError and operation in WRITE_OPERATIONS:
        hint = WRITE_RATE_HINT
    return kind(
        code=code or "UnknownError",
        api_message=message,
        request_id=request_id,
        hint=hint.format(action=action),
    )

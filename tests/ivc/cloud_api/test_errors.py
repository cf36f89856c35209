"""Each API 3.0 error code reaches the app as the right error with one actionable line."""

from __future__ import annotations

import pytest

from bot.ivc import IvcApiError, IvcAuthError, IvcNotFoundError, IvcRateLimitError
from tests.support.simulator import backend_for

CASES = [
    ("AuthFailure.SignatureFailure", IvcAuthError, "check IVC_SECRET_KEY"),
    ("AuthFailure.SignatureExpire", IvcAuthError, "clock is more than 5 minutes off: fix NTP"),
    ("AuthFailure.SecretIdNotFound", IvcAuthError, "check IVC_SECRET_ID"),
    (
        "AuthFailure.UnauthorizedOperation",
        IvcAuthError,
        "lacks permission for iss:ListRecordRetrieveTasks: grant it in CAM",
    ),
    ("AuthFailure.TokenFailure", IvcAuthError, "check IVC_SECURITY_TOKEN"),
    ("AuthFailure.InvalidCredential", IvcAuthError, "check IVC_SECURITY_TOKEN"),
    ("AuthFailure.MFAFailure", IvcAuthError, "check IVC_SECRET_ID, IVC_SECRET_KEY"),
    ("RequestLimitExceeded", IvcRateLimitError, "20 calls per second"),
    ("RequestLimitExceeded.UinLimitExceeded", IvcRateLimitError, "raise CACHE_TTL_SECONDS"),
    ("InternalError", IvcApiError, "a Tencent-side error: try again"),
    ("ResourceNotFound.TaskNotExist", IvcNotFoundError, "check the TaskId"),
    ("UnsupportedOperation.Weird", IvcApiError, "give the RequestId to Tencent support"),
]


@pytest.mark.parametrize(("code", "kind", "hint"), CASES)
async def test_error_code_maps_to_one_clear_line(simulator, code, kind, hint):
    simulator.sim.set_cloudapi_error(code, "Tencent says\nsomething  went wrong")
    async with backend_for("cloudapi", simulator) as client:
        with pytest.raises(IvcApiError) as caught:
            await client.list_tasks()
    error = caught.value
    text = str(error)
    assert type(error) is kind
    assert error.code == code and error.request_id
    assert text.startswith(f"IVC refused the request: {code}: Tencent says something went wrong")
    _, sep, after = text.partition(f"(RequestId {error.request_id}): ")
    assert sep and hint in after, "the hint follows the RequestId"
    assert "\n" not in text


async def test_unauthorized_names_the_action_that_was_refused(simulator):
    simulator.sim.set_cloudapi_error("AuthFailure.UnauthorizedOperation")
    async with backend_for("cloudapi", simulator) as client:
        with pytest.raises(IvcAuthError, match="iss:DescribeRecordRetrieveTask: grant it in CAM"):
            await client.task_details(simulator.sim.records()[0]["TaskId"])


async def test_forced_error_stops_when_cleared(simulator):
    simulator.sim.set_cloudapi_error("InternalError")
    simulator.sim.set_cloudapi_error(None)
    async with backend_for("cloudapi", simulator) as client:
        assert (await client.list_tasks()).tasks

"""The simulator's API 3.0 accepts requests signed and sent by Tencent Cloud's own SDK
(``tencentcloud-sdk-python-common``'s ``CommonClient``), and refuses bad ones alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

from tests.support.cloudapi import DETAILS_ACTION, LIST_ACTION, sdk_call
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim


def call(running: RunningSim, action: str, params: dict[str, Any] | None = None, **kw):
    kw.setdefault("secret_id", SIM_SECRET_ID)
    kw.setdefault("secret_key", SIM_SECRET_KEY)
    kw.setdefault("now", running.clock())
    return sdk_call(running.base_url, action, params or {}, **kw)


def test_sdk_signed_list_is_accepted(simulator: RunningSim):
    response = call(simulator, LIST_ACTION)
    assert response["Data"] == simulator.sim.cloudapi_records()
    assert response["RequestId"]
    assert simulator.sim.requests[-1].api == "cloudapi"


def test_sdk_signed_details_is_accepted(simulator: RunningSim):
    task_id = simulator.sim.records()[2]["TaskId"]
    response = call(simulator, DETAILS_ACTION, {"TaskId": task_id})
    assert response["Data"]["TaskId"] == task_id and response["Data"]["Channels"]


def test_sdk_with_token(simulator_with_token):
    running, token = simulator_with_token
    assert call(running, LIST_ACTION, token=token)["Data"]
    with pytest.raises(TencentCloudSDKException) as caught:
        call(running, LIST_ACTION)
    assert caught.value.code == "AuthFailure.TokenFailure"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"secret_key": "not-the-key"}, "AuthFailure.SignatureFailure"),
        ({"secret_id": "AKIDnobody"}, "AuthFailure.SecretIdNotFound"),
        ({"skew": 301}, "AuthFailure.SignatureExpire"),
        ({"skew": -301}, "AuthFailure.SignatureExpire"),
    ],
)
def test_sdk_bad_requests_get_the_api_3_error(simulator: RunningSim, change, code):
    skew = change.pop("skew", 0)
    with pytest.raises(TencentCloudSDKException) as caught:
        call(simulator, LIST_ACTION, now=simulator.clock() + skew, **change)
    assert caught.value.code == code
    assert caught.value.requestId
    assert SIM_SECRET_KEY not in caught.value.message


def test_sdk_timestamp_within_five_minutes_is_accepted(simulator: RunningSim):
    assert call(simulator, LIST_ACTION, now=simulator.clock() - 300)["Data"]


def test_sdk_unknown_task_is_resource_not_found(simulator: RunningSim):
    with pytest.raises(TencentCloudSDKException) as caught:
        call(simulator, DETAILS_ACTION, {"TaskId": "0" * 32})
    assert caught.value.code == "ResourceNotFound.TaskNotExist"

"""An independent signer (Tencent's COS SDK) is accepted, and agrees with ``ivc_api.signing``."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from qcloud_cos import CosConfig, cos_auth

from bot.ivc.ivc_api.signing import sign_request
from tests.support.clock import FakeClock
from tests.support.simulator import (
    DETAILS_PATH,
    LIST_PATH,
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    RunningSim,
    cos_sdk_authorization,
    recorded_verifies_with_cos_sdk,
    signed_headers,
    verify_with_cos_sdk,
)


def sdk_auth(path: str, params: dict[str, str] | None = None):
    conf = CosConfig(Region="ap-guangzhou", SecretId=SIM_SECRET_ID, SecretKey=SIM_SECRET_KEY)
    return cos_auth.CosS3Auth(conf, key=path, params=params or {}, expire=600)


@pytest.fixture
def real_time_sim(simulator_factory) -> RunningSim:
    """The SDK signs with the real time.time(), so this simulator's clock starts there."""
    return simulator_factory(clock=FakeClock(time.time()))


def test_sdk_signed_list_request_is_accepted(real_time_sim: RunningSim):
    resp = requests.get(
        real_time_sim.base_url + LIST_PATH,
        auth=sdk_auth(LIST_PATH),
        headers={"Host": real_time_sim.host},
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["Code"] == 0 and len(body["Data"]) == 40
    assert "q-header-list=host" in resp.request.headers["Authorization"]


def test_sdk_signed_details_request_with_query_is_accepted(real_time_sim: RunningSim):
    params = {"TaskId": real_time_sim.sim.task_ids()[3]}
    resp = requests.get(
        real_time_sim.base_url + DETAILS_PATH,
        params=params,
        auth=sdk_auth(DETAILS_PATH, params),
        headers={"Host": real_time_sim.host},
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["Data"]["TaskId"] == params["TaskId"]
    assert "q-url-param-list=taskid" in resp.request.headers["Authorization"]


def test_sdk_signature_with_the_wrong_key_is_rejected(real_time_sim: RunningSim):
    conf = CosConfig(Region="ap-guangzhou", SecretId=SIM_SECRET_ID, SecretKey="wrong")
    resp = requests.get(
        real_time_sim.base_url + LIST_PATH,
        auth=cos_auth.CosS3Auth(conf, key=LIST_PATH),
        headers={"Host": real_time_sim.host},
        timeout=10,
    )
    assert resp.status_code == 403
    assert resp.json()["Message"].startswith("AuthFailure.SignatureFailure")


def test_sdk_wrapper_reproduces_tencents_worked_example():
    path = "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)"
    query = "response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600"
    headers = {
        "Date": "Thu, 16 May 2019 06:55:53 GMT",
        "Host": "examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
    }
    value = cos_sdk_authorization(
        "GET",
        path,
        dict(parse_qsl(query)),
        headers,
        "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
        "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz",
        "1557989753;1557996953",
    )
    assert value.endswith("&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012")
    assert "q-header-list=date;host&q-url-param-list=response-cache-control;" in value


def test_requests_signed_by_the_project_signer_verify_under_the_sdk():
    params = {"TaskId": "9b8f5bb43d92c3865bc9d541e54f6804"}
    headers = signed_headers(
        "GET", DETAILS_PATH, params, host="ivc.myqcloud.com", now=1_700_000_000, token="tok"
    )
    assert verify_with_cos_sdk(
        "GET", DETAILS_PATH, params, headers, SIM_SECRET_ID, SIM_SECRET_KEY, "1699999940;1700000600"
    )
    assert verify_with_cos_sdk("GET", DETAILS_PATH, params, headers, SIM_SECRET_ID, SIM_SECRET_KEY)


@pytest.mark.parametrize(
    "change",
    [
        {"secret_key": "other"},
        {"secret_id": "AKIDother"},
        {"params": {"TaskId": "0" * 32}},
        {"params": {}},
        {"method": "POST"},
        {"path": LIST_PATH},
        {"key_time": "1699999941;1700000600"},
        {"headers_host": "evil.example"},
    ],
)
def test_sdk_verification_fails_when_anything_differs(change):
    params = {"TaskId": "9b8f5bb43d92c3865bc9d541e54f6804"}
    headers = signed_headers(
        "GET", DETAILS_PATH, params, host="ivc.myqcloud.com", now=1_700_000_000
    )
    args: dict[str, Any] = {
        "method": "GET",
        "path": DETAILS_PATH,
        "params": params,
        "headers": headers,
        "secret_id": SIM_SECRET_ID,
        "secret_key": SIM_SECRET_KEY,
        "key_time": "1699999940;1700000600",
    }
    if "headers_host" in change:
        args["headers"] = {**headers, "Host": change.pop("headers_host")}
    args.update(change)
    assert not verify_with_cos_sdk(**args)


def test_sdk_and_project_signer_agree_on_many_inputs():
    for i, (path, params) in enumerate(
        [
            (LIST_PATH, {}),
            (DETAILS_PATH, {"TaskId": "a b/c=d&e"}),
            ("/ivc/record/路径", {"Name": "北京", "Z": "", "a": "~-_."}),
        ]
    ):
        headers = {"host": f"h{i}.example:8443", "x-iss-security-token": "t+k/=="}
        ours = sign_request(
            secret_id="id",
            secret_key="key",
            method="GET",
            path=path,
            params=params,
            headers=headers,
            start=100,
            end=900,
        )
        theirs = cos_sdk_authorization("GET", path, params, headers, "id", "key", (100, 900))
        assert theirs == ours.authorization


def test_requests_received_by_the_simulator_verify_under_the_sdk(simulator: RunningSim):
    task_id = simulator.sim.task_ids()[0]
    simulator.list_tasks()
    simulator.details(task_id)
    listed, detailed = simulator.sim.requests
    assert (listed.endpoint, listed.method, listed.path) == ("list", "GET", LIST_PATH)
    assert detailed.params == {"TaskId": task_id}
    assert recorded_verifies_with_cos_sdk(listed)
    assert recorded_verifies_with_cos_sdk(detailed)
    assert not recorded_verifies_with_cos_sdk(detailed, secret_key="other")
    assert "Authorization" not in repr(detailed)

"""API 3.0 on the simulator (``POST /``): answers, faults in their API 3.0 form, TC3 checks."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.ivc.cloud_api.signing import sign_tc3
from bot.simulator import Fault
from bot.simulator.payloads import HUGE_LIST_SIZE
from tests.support.cloudapi import CONTENT_TYPE, DETAILS_ACTION, LIST_ACTION, tc3_headers
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim

DAY = 86_400


def ok(resp: httpx.Response) -> dict[str, Any]:
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()["Response"]
    assert "Error" not in body, body
    assert len(body["RequestId"]) >= 16
    return body


def api_error(resp: httpx.Response) -> tuple[str, str]:
    """(Code, Message) of an API 3.0 error, checking Tencent's shape: HTTP 200, RequestId."""
    assert resp.status_code == 200
    body = resp.json()["Response"]
    assert set(body) == {"Error", "RequestId"} and body["RequestId"]
    assert SIM_SECRET_KEY not in resp.text
    return body["Error"]["Code"], body["Error"]["Message"]


def post(running: RunningSim, headers: dict[str, str], body: bytes = b"{}") -> httpx.Response:
    return httpx.post(running.base_url + "/", content=body, headers=headers, timeout=10)


def test_list_serves_every_task_with_describe_and_channel_count(simulator: RunningSim):
    data = ok(simulator.call(LIST_ACTION))["Data"]
    assert data == simulator.sim.cloudapi_records()
    assert len(data) == 40
    ivc = {r["TaskId"]: r for r in simulator.sim.records()}
    for record in data:
        assert {
            k: v for k, v in record.items() if k not in ("Describe", "ChannelCount", "Capacity")
        } == {k: v for k, v in ivc[record["TaskId"]].items() if k != "Capacity"}
        assert isinstance(record["Capacity"], int) and isinstance(record["ChannelCount"], int)
        assert isinstance(record["Describe"], str)


def test_details_has_channels_matching_channel_count(simulator: RunningSim):
    task = simulator.sim.cloudapi_records()[4]
    data = ok(simulator.call(DETAILS_ACTION, {"TaskId": task["TaskId"]}))["Data"]
    assert {k: v for k, v in data.items() if k != "Channels"} == task
    assert len(data["Channels"]) == task["ChannelCount"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"TaskId": "0" * 32}, "ResourceNotFound.RetrieveTaskNotExist"),
        ({}, "MissingParameter"),
        ({"TaskId": ""}, "MissingParameter"),
        ({"TaskId": 7}, "InvalidParameter"),
        ({"TaskId": "0" * 32, "Verbose": True}, "UnknownParameter"),
    ],
)
def test_details_errors(simulator: RunningSim, params, code):
    assert api_error(simulator.call(DETAILS_ACTION, params))[0] == code


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault.SIGNATURE_REJECTED, "AuthFailure.SignatureFailure"),
        (Fault.CODE_500, "InternalError"),
        (Fault.RATE_LIMITED, "RequestLimitExceeded"),
    ],
)
def test_faults_answer_with_their_api_3_error(simulator: RunningSim, fault, code):
    simulator.sim.set_fault(fault)
    assert api_error(simulator.call(LIST_ACTION))[0] == code
    assert api_error(simulator.call(DETAILS_ACTION, {"TaskId": "0" * 32}))[0] == code


def test_data_null(simulator: RunningSim):
    simulator.sim.set_fault(Fault.DATA_NULL)
    assert ok(simulator.call(LIST_ACTION))["Data"] is None


def test_invalid_json_is_truncated(simulator: RunningSim):
    simulator.sim.set_fault(Fault.INVALID_JSON)
    resp = simulator.call(LIST_ACTION)
    assert resp.status_code == 200 and resp.text.startswith('{"Response":')
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.text)


def test_wrong_types_mixes_bad_records_in(simulator: RunningSim):
    simulator.sim.set_fault(Fault.WRONG_TYPES)
    data = ok(simulator.call(LIST_ACTION))["Data"]
    assert "not a task" in data and len(data) > 40


def test_huge_list(simulator: RunningSim):
    simulator.sim.set_fault(Fault.HUGE_LIST)
    assert len(ok(simulator.call(LIST_ACTION, timeout=60))["Data"]) == HUGE_LIST_SIZE


@pytest.mark.parametrize(("fault", "status"), [(Fault.HTTP_500, 500), (Fault.HTTP_502_HTML, 502)])
def test_gateway_faults_are_the_same_as_ivc(simulator: RunningSim, fault, status):
    simulator.sim.set_fault(fault)
    assert simulator.call(LIST_ACTION).status_code == status


def test_unknown_action_and_wrong_version(simulator: RunningSim):
    assert api_error(simulator.call("DeleteEverything"))[0] == "InvalidAction"
    assert api_error(simulator.call(LIST_ACTION, version="2017-03-12"))[0] == "NoSuchVersion"
    assert simulator.sim.stats()["cloudapi_requests"] == 2


def test_body_must_be_a_json_object(simulator: RunningSim):
    headers = tc3_headers(
        LIST_ACTION,
        b"[]",
        host=simulator.host,
        now=simulator.clock(),
        secret_id=SIM_SECRET_ID,
        secret_key=SIM_SECRET_KEY,
    )
    assert api_error(post(simulator, headers, b"[]"))[0] == "InvalidParameter"


# Signature checks -------------------------------------------------------------------------
def signed(running: RunningSim, **kw) -> dict[str, str]:
    kw.setdefault("now", running.clock())
    kw.setdefault("secret_id", SIM_SECRET_ID)
    kw.setdefault("secret_key", SIM_SECRET_KEY)
    return tc3_headers(LIST_ACTION, b"{}", host=running.host, **kw)


def test_no_authorization(simulator: RunningSim):
    headers = {k: v for k, v in signed(simulator).items() if k != "Authorization"}
    assert api_error(post(simulator, headers))[0] == "AuthFailure.InvalidAuthorization"


def test_malformed_authorization_is_named_without_echo(simulator: RunningSim):
    headers = {**signed(simulator), "Authorization": "TC3-HMAC-SHA256 Credential=x"}
    code, message = api_error(post(simulator, headers))
    assert code == "AuthFailure.InvalidAuthorization" and "lacks" in message


@pytest.mark.parametrize(
    ("skew", "accepted"), [(300, True), (-300, True), (301, False), (-301, False)]
)
def test_timestamp_window_is_five_minutes(simulator: RunningSim, skew, accepted):
    resp = post(simulator, signed(simulator, now=simulator.clock() + skew))
    if accepted:
        ok(resp)
    else:
        assert api_error(resp)[0] == "AuthFailure.SignatureExpire"


def test_unknown_secret_id(simulator: RunningSim):
    code, _ = api_error(post(simulator, signed(simulator, secret_id="AKIDnobody")))
    assert code == "AuthFailure.SecretIdNotFound"


def test_wrong_key_and_tampered_body(simulator: RunningSim):
    assert api_error(post(simulator, signed(simulator, secret_key="nope")))[0] == (
        "AuthFailure.SignatureFailure"
    )
    assert api_error(post(simulator, signed(simulator), b'{"x":1}'))[0] == (
        "AuthFailure.SignatureFailure"
    )


def test_scope_date_must_be_the_utc_date_of_the_timestamp(simulator: RunningSim):
    now = int(simulator.clock())
    headers = {**signed(simulator, now=now - DAY), "X-TC-Timestamp": str(now)}
    code, message = api_error(post(simulator, headers))
    assert code == "AuthFailure.SignatureFailure" and "date" in message


def test_scope_service_must_be_iss(simulator: RunningSim):
    code, message = api_error(post(simulator, signed(simulator, service="cvm")))
    assert code == "AuthFailure.SignatureFailure" and "iss" in message


def test_content_type_must_be_signed(simulator: RunningSim):
    now = int(simulator.clock())
    sig = sign_tc3(
        secret_id=SIM_SECRET_ID,
        secret_key=SIM_SECRET_KEY,
        service="iss",
        timestamp=now,
        headers={"host": simulator.host},
        payload=b"{}",
    )
    headers = {**signed(simulator), "Authorization": sig.authorization}
    code, message = api_error(post(simulator, headers))
    assert code == "AuthFailure.SignatureFailure" and "content-type" in message


def test_token_is_checked(simulator_with_token):
    running, token = simulator_with_token
    ok(post(running, signed(running, token=token)))
    assert api_error(post(running, signed(running)))[0] == "AuthFailure.TokenFailure"
    assert api_error(post(running, signed(running, token="tok-wrong")))[0] == (
        "AuthFailure.TokenFailure"
    )


def test_signature_covers_what_was_sent(simulator: RunningSim):
    headers = {**signed(simulator), "Content-Type": CONTENT_TYPE.replace("utf-8", "gbk")}
    assert api_error(post(simulator, headers))[0] == "AuthFailure.SignatureFailure"


# Control --------------------------------------------------------------------------------------
def test_control_sets_and_clears_a_forced_error(simulator: RunningSim):
    url = simulator.base_url + "/_sim/control"
    forced = {"Code": "AuthFailure.UnauthorizedOperation", "Message": "no CAM policy"}
    resp = httpx.post(url, json={"cloudapi_error": forced})
    assert resp.status_code == 200 and resp.json()["cloudapi_error"] == forced["Code"]
    assert api_error(simulator.call(LIST_ACTION)) == (forced["Code"], forced["Message"])
    assert simulator.list_tasks().json()["Code"] == 0, "the /ivc/ API is not affected"
    httpx.post(url, json={"cloudapi_error": None})
    ok(simulator.call(LIST_ACTION))
    assert httpx.post(url, json={"cloudapi_error": {"Code": 5}}).status_code == 400


def test_counters_and_recorded_requests_cover_both_apis(simulator: RunningSim):
    simulator.list_tasks()
    simulator.call(LIST_ACTION)
    simulator.call(DETAILS_ACTION, {"TaskId": simulator.sim.records()[0]["TaskId"]})
    sim = simulator.sim
    assert (sim.requests_served, sim.list_requests, sim.details_requests) == (3, 2, 1)
    assert [(r.api, r.endpoint) for r in sim.requests] == [
        ("ivc", "list"),
        ("cloudapi", "list"),
        ("cloudapi", "details"),
    ]
    assert sim.requests[-1].body.startswith(b'{"TaskId"')

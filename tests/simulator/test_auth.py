"""Every request is signature-checked; each kind of failure gets its own 403 envelope."""

from __future__ import annotations

import httpx
import pytest

from bot.ivc.ivc_api.signing import sign_request
from bot.simulator import auth
from tests.support.simulator import (
    DETAILS_PATH,
    LIST_PATH,
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    SIM_SECURITY_TOKEN,
    RunningSim,
    signed_headers,
)


def send(
    running: RunningSim,
    headers: dict[str, str],
    path: str = LIST_PATH,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    return httpx.get(running.base_url + path, params=params, headers=headers)


def headers_for(running: RunningSim, path: str = LIST_PATH, params=None, **kw) -> dict[str, str]:
    kw.setdefault("host", running.host)
    kw.setdefault("now", running.clock())
    return signed_headers("GET", path, params, **kw)


def assert_rejected(resp: httpx.Response, message: str) -> None:
    assert resp.status_code == 403
    assert resp.headers["server"] == "tencent-iss"
    body = resp.json()
    assert body == {
        "RequestId": resp.headers["RequestId"],
        "Code": 500,
        "StatusCode": 403,
        "Message": message,
        "Data": None,
    }
    assert SIM_SECRET_KEY not in resp.text


def test_correctly_signed_request_is_accepted(simulator: RunningSim):
    assert send(simulator, headers_for(simulator)).status_code == 200


def test_missing_authorization(simulator: RunningSim):
    assert_rejected(send(simulator, {}), auth.MISSING_AUTHORIZATION)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("garbage", "Authorization part 'garbage' has no '='"),
        ("q-sign-algorithm=sha1&q-ak=x", "Authorization lacks q-sign-time"),
    ],
)
def test_malformed_authorization(simulator: RunningSim, value: str, reason: str):
    resp = send(simulator, {"Authorization": value})
    assert resp.status_code == 403
    assert resp.json()["Message"].startswith("AuthFailure.InvalidAuthorization: ")
    assert reason in resp.json()["Message"]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("q-sign-algorithm=sha1", "q-sign-algorithm=md5", "q-sign-algorithm must be sha1"),
        ("-time=", "-time=soon;", "q-key-time must be '<start>;<end>' in Unix seconds"),
        ("q-sign-time=", "q-sign-time=1", "q-sign-time must equal q-key-time"),
    ],
)
def test_bad_algorithm_or_key_time(simulator: RunningSim, old: str, new: str, reason: str):
    good = headers_for(simulator)
    headers = {**good, "Authorization": good["Authorization"].replace(old, new)}
    assert_rejected(send(simulator, headers), auth.malformed(reason))


def test_unknown_secret_id(simulator: RunningSim):
    headers = headers_for(simulator, secret_id="AKIDsomeoneElse")
    assert_rejected(send(simulator, headers), auth.UNKNOWN_SECRET_ID)


def test_wrong_secret_key_is_a_mismatch(simulator: RunningSim):
    headers = headers_for(simulator, secret_key="not-the-key")
    assert_rejected(send(simulator, headers), auth.SIGNATURE_MISMATCH)


def test_expired_signature(simulator: RunningSim):
    headers = headers_for(simulator, now=simulator.clock() - 3600, lifetime=600)
    assert_rejected(send(simulator, headers), auth.EXPIRED)


def test_not_yet_valid_signature(simulator: RunningSim):
    headers = headers_for(simulator, now=simulator.clock() + 3600)
    assert_rejected(send(simulator, headers), auth.NOT_YET_VALID)


def test_key_time_window_is_inclusive(simulator: RunningSim):
    now = int(simulator.clock())
    simulator.clock.set(now)
    for start, end in [(now, now + 10), (now - 10, now)]:
        sig = sign_request(
            secret_id=SIM_SECRET_ID,
            secret_key=SIM_SECRET_KEY,
            method="GET",
            path=LIST_PATH,
            headers={"host": simulator.host},
            start=start,
            end=end,
        )
        resp = send(simulator, {"Host": simulator.host, "Authorization": sig.authorization})
        assert resp.status_code == 200
    simulator.clock.advance(1)
    assert_rejected(
        send(simulator, {"Host": simulator.host, "Authorization": sig.authorization}), auth.EXPIRED
    )


def test_signature_ages_out_with_the_fake_clock(simulator: RunningSim):
    headers = headers_for(simulator, lifetime=600)
    assert send(simulator, headers).status_code == 200
    simulator.clock.advance(601)
    assert_rejected(send(simulator, headers), auth.EXPIRED)


def test_host_must_be_signed(simulator: RunningSim):
    sig = sign_request(
        secret_id=SIM_SECRET_ID,
        secret_key=SIM_SECRET_KEY,
        method="GET",
        path=LIST_PATH,
        start=int(simulator.clock()) - 60,
        end=int(simulator.clock()) + 600,
    )
    assert_rejected(send(simulator, {"Authorization": sig.authorization}), auth.HOST_NOT_SIGNED)


def test_signed_host_must_be_the_one_sent(simulator: RunningSim):
    headers = headers_for(simulator, host="ivc.myqcloud.com")
    headers.pop("Host")  # httpx then sends 127.0.0.1:PORT
    assert_rejected(send(simulator, headers), auth.SIGNATURE_MISMATCH)


def test_signed_header_absent_from_request(simulator: RunningSim):
    now = int(simulator.clock())
    sig = sign_request(
        secret_id=SIM_SECRET_ID,
        secret_key=SIM_SECRET_KEY,
        method="GET",
        path=LIST_PATH,
        headers={"host": simulator.host, "x-extra": "1"},
        start=now - 60,
        end=now + 600,
    )
    assert_rejected(
        send(simulator, {"Authorization": sig.authorization}), auth.missing_signed_header("x-extra")
    )


def test_tampered_query_is_a_mismatch(simulator: RunningSim):
    task_id = simulator.sim.task_ids()[0]
    headers = headers_for(simulator, DETAILS_PATH, {"TaskId": "0" * 32})
    resp = send(simulator, headers, DETAILS_PATH, {"TaskId": task_id})
    assert_rejected(resp, auth.SIGNATURE_MISMATCH)
    assert (
        send(
            simulator,
            headers_for(simulator, DETAILS_PATH, {"TaskId": task_id}),
            DETAILS_PATH,
            {"TaskId": task_id},
        ).status_code
        == 200
    )


def test_unsigned_query_parameter_is_a_mismatch(simulator: RunningSim):
    resp = send(simulator, headers_for(simulator), LIST_PATH, {"extra": "1"})
    assert_rejected(resp, auth.SIGNATURE_MISMATCH)


def test_wrong_method_or_path_is_a_mismatch(simulator: RunningSim):
    headers = headers_for(simulator, DETAILS_PATH)
    assert_rejected(send(simulator, headers, LIST_PATH), auth.SIGNATURE_MISMATCH)


def test_every_failure_message_is_distinct():
    messages = [
        auth.MISSING_AUTHORIZATION,
        auth.SIGNATURE_MISMATCH,
        auth.UNKNOWN_SECRET_ID,
        auth.EXPIRED,
        auth.NOT_YET_VALID,
        auth.HOST_NOT_SIGNED,
        auth.MISSING_TOKEN,
        auth.WRONG_TOKEN,
        auth.malformed("x"),
        auth.missing_signed_header("x"),
    ]
    assert len(set(messages)) == len(messages)
    assert all(m.startswith("AuthFailure.") for m in messages)


class TestSecurityToken:
    @pytest.fixture
    def running(self, simulator_with_token) -> RunningSim:
        running, token = simulator_with_token
        assert token == SIM_SECURITY_TOKEN
        return running

    def test_right_token_is_accepted(self, running: RunningSim):
        headers = headers_for(running, token=SIM_SECURITY_TOKEN)
        assert send(running, headers).status_code == 200

    def test_token_accepted_even_when_not_signed(self, running: RunningSim):
        headers = {**headers_for(running), "x-iss-security-token": SIM_SECURITY_TOKEN}
        assert send(running, headers).status_code == 200

    def test_missing_token(self, running: RunningSim):
        assert_rejected(send(running, headers_for(running)), auth.MISSING_TOKEN)

    def test_wrong_token(self, running: RunningSim):
        resp = send(running, headers_for(running, token="tok-wrong"))
        assert_rejected(resp, auth.WRONG_TOKEN)
        assert SIM_SECURITY_TOKEN not in resp.text

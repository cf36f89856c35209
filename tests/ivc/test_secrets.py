"""No secret (SecretKey, token, signature) reaches a log line, an error message or a repr."""

import logging

import pytest

from bot.config import load_settings
from bot.ivc import CloudApiClient, Credentials, IvcClient, IvcError
from bot.ivc.cloud_api.auth import Tc3Auth
from bot.ivc.ivc_api.auth import IvcAuth
from bot.ivc.source import build_source
from bot.simulator import Fault
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, SIM_SECURITY_TOKEN


async def test_no_secret_in_logs_errors_or_reprs(simulator_with_token, ivc_api, caplog):
    running, token = simulator_with_token
    settings = load_settings(
        {
            "ivc_api": ivc_api,
            "ivc_base_url": running.base_url,
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "ivc_security_token": token,
            "ivc_timeout_seconds": 2,
        }
    )
    source = build_source(settings, clock=running.clock)
    texts: list[str] = [repr(settings), str(settings), repr(source), repr(source.client)]
    caplog.set_level(logging.DEBUG)
    try:
        for fault in Fault:
            if fault in (Fault.LATENCY, Fault.HUGE_LIST):
                continue
            running.sim.set_fault(fault)
            try:
                snapshot = await source.list(refresh=True)
                texts.append(repr(snapshot))
            except IvcError as error:
                texts += [str(error), repr(error), repr(error.args)]
    finally:
        await source.aclose()
    signatures = [r.headers["Authorization"] for r in running.sim.requests]
    assert signatures, "the simulator must have seen signed requests"
    assert {r.api for r in running.sim.requests} == {ivc_api}
    texts.append(caplog.text)
    haystack = "\n".join(texts)
    assert SIM_SECRET_KEY not in haystack
    assert SIM_SECURITY_TOKEN not in haystack
    for authorization in signatures:
        assert authorization.rsplit("=", 1)[1] not in haystack


def test_credentials_and_auth_reprs_hide_secrets():
    creds = Credentials("AKIDvisible", "hidden-key-value", "hidden-token-value")
    texts = (
        repr(creds),
        str(creds),
        repr(IvcAuth(creds)),
        repr(IvcClient("http://x", creds)),
        repr(Tc3Auth(creds, "iss")),
        repr(CloudApiClient("http://x", creds)),
    )
    for text in texts:
        assert "hidden-key-value" not in text and "hidden-token-value" not in text
        assert "AKIDvisible" in text or "http://x" in text


@pytest.mark.parametrize("key", ["sk-DISTINCTIVE-1", "短密钥"])
def test_invalid_setting_error_does_not_echo_values(monkeypatch, key):
    from bot.config import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_settings(
            {
                "ivc_secret_id": "x",
                "ivc_secret_key": key,
                "cache_ttl_seconds": f"bad-{key}",
            }
        )
    assert key not in str(caught.value)
    assert "CACHE_TTL_SECONDS" in str(caught.value)

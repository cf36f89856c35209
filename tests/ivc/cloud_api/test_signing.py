"""TC3-HMAC-SHA256 against Tencent's worked example ("签名方法 v3"), value by value."""

from typing import Any

import pytest

from bot.ivc.cloud_api.signing import parse_tc3_authorization, sign_tc3, utc_date

SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
PAYLOAD = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
)
HEADERS = {"Content-Type": "application/json; charset=utf-8", "Host": "cvm.tencentcloudapi.com"}

EXPECTED = {
    "hashed_request_payload": "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
    "canonical_request": (
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n"
        "\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    ),
    "hashed_canonical_request": "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    "string_to_sign": (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    ),
    "signature": "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    "authorization": (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
        "tc3_request, SignedHeaders=content-type;host, "
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    ),
}


@pytest.fixture
def example():
    return sign_tc3(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        service="cvm",
        timestamp=1551113065,
        headers=HEADERS,
        payload=PAYLOAD,
    )


def test_payload_is_the_documented_86_bytes():
    assert len(PAYLOAD) == 86


@pytest.mark.parametrize("name", list(EXPECTED))
def test_worked_example_value_by_value(example, name):
    assert getattr(example, name) == EXPECTED[name]


def test_scope_uses_the_utc_date_of_the_timestamp(example):
    assert example.date == "2019-02-25" and example.credential_scope == "2019-02-25/cvm/tc3_request"
    assert utc_date(1551139199) == "2019-02-25" and utc_date(1551139200) == "2019-02-26"


def test_every_input_changes_the_signature(example):
    base: dict[str, Any] = {
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "service": "cvm",
        "timestamp": 1551113065,
        "headers": HEADERS,
        "payload": PAYLOAD,
    }
    changes: list[dict[str, Any]] = [
        {"secret_key": SECRET_KEY + "x"},
        {"service": "iss"},
        {"timestamp": 1551113066},
        {"payload": PAYLOAD + b" "},
        {"headers": {**HEADERS, "Host": "iss.example"}},
    ]
    for change in changes:
        assert sign_tc3(**{**base, **change}).signature != example.signature, change


def test_repr_hides_the_signature(example):
    assert example.signature not in repr(example)


def test_parse_authorization_round_trip(example):
    parsed = parse_tc3_authorization(example.authorization)
    assert (parsed.algorithm, parsed.secret_id, parsed.date, parsed.service, parsed.terminator) == (
        "TC3-HMAC-SHA256",
        SECRET_ID,
        "2019-02-25",
        "cvm",
        "tc3_request",
    )
    assert parsed.signed_headers == ("content-type", "host")
    assert parsed.signature == example.signature
    assert example.signature not in repr(parsed)


@pytest.mark.parametrize(
    "value",
    [
        "TC3-HMAC-SHA256",
        "TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host",
        "TC3-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00",
        "garbage no-equals",
    ],
)
def test_parse_rejects_malformed(value):
    with pytest.raises(ValueError):
        parse_tc3_authorization(value)

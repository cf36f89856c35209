"""Reading API 3.0 responses: shapes the simulator does not produce on its own."""

from __future__ import annotations

import json

import pytest

from bot.ivc.cloud_api.response import read_cloudapi_response
from bot.ivc.errors import IvcAuthError, IvcHttpError, IvcMalformedError

JSON = "application/json"


def read(body, status=200, content_type=JSON):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return read_cloudapi_response(status, content_type, raw, "ListRecordRetrieveTasks")


def test_success_with_data_and_request_id():
    envelope = read({"Response": {"Data": [1], "RequestId": "rid-1"}})
    assert (envelope.data, envelope.request_id) == ([1], "rid-1")


def test_missing_data_is_none():
    assert read({"Response": {"RequestId": "r"}}).data is None


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"<html>", "not valid JSON"),
        ({"Data": []}, "field Response"),
        ([1, 2], "field Response"),
        ({"Response": "ok"}, "field Response"),
    ],
)
def test_malformed_bodies(body, detail):
    with pytest.raises(IvcMalformedError, match=detail):
        read(body)


def test_error_on_a_non_200_status_is_still_the_api_error():
    body = {
        "Response": {
            "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "m"},
            "RequestId": "r",
        }
    }
    with pytest.raises(IvcAuthError, match="RequestId r"):
        read(body, status=401)


def test_gateway_html_is_http_error():
    with pytest.raises(IvcHttpError) as caught:
        read(b"<html>bad gateway</html>", status=502, content_type="text/html")
    assert caught.value.html and caught.value.status_code == 502


def test_error_without_code_is_still_one_line():
    with pytest.raises(Exception) as caught:
        read({"Response": {"Error": {"Message": None}, "RequestId": "r"}})
    assert "UnknownError" in str(caught.value) and "\n" not in str(caught.value)

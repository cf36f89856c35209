"""The signer reproduces Tencent's two worked examples value by value."""

from urllib.parse import parse_qsl

import pytest

from bot.ivc.ivc_api.signing import encode, parse_authorization, sign_request

SECRET_ID = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
SECRET_KEY = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"
HOST = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"
PATH = "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)"


def example_1():
    return sign_request(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        method="PUT",
        path=PATH,
        headers={
            "Date": "Thu, 16 May 2019 06:45:51 GMT",
            "Host": HOST,
            "Content-Type": "text/plain",
            "Content-Length": "13",
            "Content-MD5": "mQ/fVh815F3k6TAUm8m0eg==",
            "x-cos-acl": "private",
            "x-cos-grant-read": 'uin="100000000011"',
        },
        start=1557989151,
        end=1557996351,
    )


def example_2():
    query = "response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600"
    return sign_request(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        method="GET",
        path=PATH,
        params=parse_qsl(query),
        headers={"Date": "Thu, 16 May 2019 06:55:53 GMT", "Host": HOST},
        start=1557989753,
        end=1557996953,
    )


def test_example_1_every_value():
    sig = example_1()
    assert sig.sign_key == "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f"
    assert sig.url_param_list == ""
    assert sig.http_parameters == ""
    assert sig.header_list == (
        "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read"
    )
    assert sig.http_headers == (
        "content-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain"
        "&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT"
        f"&host={HOST}&x-cos-acl=private&x-cos-grant-read=uin%3D%22100000000011%22"
    )
    assert sig.http_string_sha1 == "8b2751e77f43a0995d6e9eb9477f4b685cca4172"
    assert sig.string_to_sign == (
        "sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n"
    )
    assert sig.signature == "3b8851a11a569213c17ba8fa7dcf2abec6935172"
    assert sig.authorization == (
        f"q-sign-algorithm=sha1&q-ak={SECRET_ID}&q-sign-time=1557989151;1557996351"
        "&q-key-time=1557989151;1557996351"
        "&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read"
        "&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172"
    )


def test_example_2_every_value():
    sig = example_2()
    assert sig.sign_key == "937914bf490e9e8c189836aad2052e4feeb35eaf"
    assert sig.url_param_list == "response-cache-control;response-content-type"
    assert sig.http_parameters == (
        "response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream"
    )
    assert sig.header_list == "date;host"
    assert sig.http_headers == f"date=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host={HOST}"
    assert sig.http_string_sha1 == "54ecfe22f59d3514fdc764b87a32d8133ea611e6"
    assert sig.string_to_sign == (
        "sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n"
    )
    assert sig.signature == "01681b8c9d798a678e43b685a9f1bba0f6c0e012"
    assert sig.authorization == (
        f"q-sign-algorithm=sha1&q-ak={SECRET_ID}&q-sign-time=1557989753;1557996953"
        "&q-key-time=1557989753;1557996953&q-header-list=date;host"
        "&q-url-param-list=response-cache-control;response-content-type"
        "&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012"
    )


def test_decoded_path_is_signed():
    sig = example_1()
    assert sig.http_string.startswith("put\n/exampleobject(腾讯云)\n")


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [("a b", "a%20b"), ("~-_.", "~-_."), ("/", "%2F"), ("腾", "%E8%85%BE"), ("=&", "%3D%26")],
)
def test_encode(raw, encoded):
    assert encode(raw) == encoded


def test_parse_authorization_round_trip():
    parsed = parse_authorization(example_2().authorization)
    assert parsed.secret_id == SECRET_ID
    assert parsed.header_list == ("date", "host")
    assert parsed.url_param_list == ("response-cache-control", "response-content-type")
    assert parsed.signature == "01681b8c9d798a678e43b685a9f1bba0f6c0e012"


def test_parse_authorization_names_missing_field():
    with pytest.raises(ValueError, match="q-signature"):
        parse_authorization(
            "q-sign-algorithm=sha1&q-ak=x&q-sign-time=1;2&q-key-time=1;2"
            "&q-header-list=host&q-url-param-list="
        )


def test_signature_repr_hides_values():
    assert "3b8851" not in repr(example_1())

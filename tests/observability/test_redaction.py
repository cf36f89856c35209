"""Every log line, whatever logger wrote it, has Slack tokens redacted by pattern; libraries
that print bodies or SQL parameters stay quiet under LOG_LEVEL=DEBUG unless named in
LOG_DEBUG_LOGGERS (the wire test is in tests/slack/test_oauth.py)."""

from __future__ import annotations

import json
import logging

import pytest

from bot import logs

TOKENS = (
    "xoxb-1234-5678-AbCdEfGh",
    "xoxp-1-2-3-abc",
    "xoxe.xoxb-1-abc",
    "xoxe-1-refresh",
    "xapp-1-A0001-99-f00d",
)


@pytest.mark.parametrize("token", TOKENS)
def test_tokens_are_redacted_from_any_logger(configured, token):
    logs.configure("DEBUG", "text", stream=configured)
    logging.getLogger("some.library").warning("response: {'access_token': '%s'}", token)
    line = configured.getvalue()
    assert "access_token" in line and logs.REDACTED in line
    assert token.split("-", 1)[1] not in line


def test_library_bodies_stay_at_info_unless_named(configured):
    logs.configure("DEBUG", "json", stream=configured, debug_loggers=["aiosqlite"])
    bolt_app = logging.getLogger("slack_bolt.AsyncApp")
    bolt_app.setLevel(logging.DEBUG)  # as Bolt does for its app logger
    bolt_app.debug("Responding with body")
    logging.getLogger("slack_sdk.web.base_client").debug("Received the following response")
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT ... ('secret param',)")
    logging.getLogger("aiosqlite").debug("executing with parameters")
    logging.getLogger("tests.redaction").debug("our own debug line")
    logging.getLogger("slack_sdk.web.base_client").info("an info line")
    text = configured.getvalue()
    assert "Responding with body" not in text and "Received the following" not in text
    assert "secret param" not in text
    assert "executing with parameters" in text, "named in LOG_DEBUG_LOGGERS"
    assert "our own debug line" in text and "an info line" in text


def test_every_key_of_a_key_list_is_redacted():
    from cryptography.fernet import Fernet

    from bot.config import load_settings

    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings = load_settings(
        {
            "ivc_secret_id": "id",
            "ivc_secret_key": "sk-0123456789",
            "token_encryption_key": f"{first},{second}",
        }
    )
    assert {first, second} <= set(logs.secret_values(settings))


# Playback addresses -------------------------------------------------------------
PLAYBACK = "https://play.ivc.example/record/ch7/hls.m3u8?starttime=1&endtime=2&token=T0kEn-s3cret"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_playback_address_is_cut_at_its_host_on_every_line(configured, fmt):
    logs.configure("DEBUG", fmt, stream=configured)
    logging.getLogger("some.library").warning("POST body {'url': '%s'}", PLAYBACK)
    logging.getLogger("bot.x").info("link", extra={"url": PLAYBACK.upper()})
    text = configured.getvalue()
    assert "play.ivc.example" in text and logs.REDACTED in text
    for part in ("T0kEn-s3cret", "/record/ch7", "hls.m3u8", "starttime="):
        assert part.lower() not in text.lower()


def test_a_token_query_value_is_hidden_in_any_address(configured):
    logs.configure("DEBUG", "text", stream=configured)
    logging.getLogger("x").info("GET https://h.example/a?b=1&token=abc123&c=2 access_token=zz9")
    line = configured.getvalue()
    assert "abc123" not in line and "zz9" not in line
    assert "b=1&token=[redacted]&c=2" in line


def test_redact_playback_leaves_other_text_alone():
    text = "GET https://ivc.myqcloud.com/ivc/record/playback/url?ChannelId=3 took 12 ms"
    assert logs.redact_playback(text) == text


DOWNLOAD = "https://userdomain.example/video.mp4?source=S0urce-s3cret&expires=600&isSupportG711=1"


@pytest.mark.parametrize("address", [DOWNLOAD, DOWNLOAD.replace(".mp4", ".ts")])
def test_a_download_address_is_cut_at_its_host_on_every_line(configured, address):
    logs.configure("DEBUG", "json", stream=configured)
    logging.getLogger("some.library").warning("answer {'Url': '%s'}", address)
    logging.getLogger("bot.x").info("download", extra={"url": address})
    text = configured.getvalue()
    assert "userdomain.example" in text and logs.REDACTED in text
    for part in ("S0urce-s3cret", "video.", "expires=600"):
        assert part not in text


def test_a_source_query_value_is_hidden_in_any_address(configured):
    logs.configure("DEBUG", "text", stream=configured)
    logging.getLogger("x").info("GET https://h.example/a?b=1&source=abc123&c=2")
    assert "b=1&source=[redacted]&c=2" in configured.getvalue()


def test_a_file_name_that_only_looks_like_a_recording_is_left_alone():
    text = "loaded https://docs.example/setup.tsx and https://h.example/report.mp4x in 3 ms"
    assert logs.redact_playback(text) == text


# Secrets learned at run time (Connect IVC) -------------------------------------------------
def test_a_learned_secret_is_hidden_in_json_even_with_characters_json_escapes(configured):
    """In JSON each value is redacted before it is serialised: a secret with a quote, a
    backslash or a control character is hidden inside a longer word, nested fields too,
    and the line stays one JSON object."""
    secret = 'sk"DISTINCTIVE\\learned\x01key-9f3a'
    logs.redact_too(secret)
    logs.configure("INFO", "json", stream=configured)
    logging.getLogger("bot.x").warning(
        "signed with x%sy", secret, extra={"answer": {"Key": [f"pre{secret}"], secret: 1}}
    )
    line = configured.getvalue()
    record = json.loads(line)
    assert record["message"] == f"signed with x{logs.REDACTED}y"
    assert record["answer"] == {"Key": [f"pre{logs.REDACTED}"], logs.REDACTED: 1}
    assert secret not in line and json.dumps(secret)[1:-1] not in line


def test_only_credential_shaped_values_are_learned(configured):
    """Shorter than 16 characters or holding whitespace: not a credential, never a
    pattern, so no typed text can break a JSON line or hide other lines' words."""
    for typed in ('"level":', "refused a request", "x" * 15, "tab\tin-a-long-enough-key"):
        logs.redact_too(typed)
    logs.configure("INFO", "json", stream=configured)
    logging.getLogger("bot.x").warning('refused a request: "level": xxxxxxxxxxxxxxx')
    record = json.loads(configured.getvalue())
    assert record["level"] == "WARNING"
    assert record["message"] == 'refused a request: "level": xxxxxxxxxxxxxxx'

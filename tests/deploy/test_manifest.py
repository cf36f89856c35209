"""manifest.yaml creates the app in one step: valid against Slack's schema, minimal scopes."""

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from tests.support import schemas
from tests.support.paths import ROOT

MANIFEST = ROOT / "manifest.yaml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    """Slack's manifest schema; the tests using it are skipped without it."""
    if not schemas.available(schemas.MANIFEST):
        pytest.skip(schemas.off_line() or "")
    schema = schemas.load(schemas.MANIFEST)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def test_validates_against_slacks_manifest_schema(manifest, validator):
    schemas.count_validated()
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(manifest)
    ]

    assert errors == []


def test_display_information(manifest):
    info = manifest["display_information"]
    assert info["name"] == "Retrieval Tasks"
    assert info["description"]
    assert manifest["features"]["bot_user"]["display_name"] == "Retrieval Tasks"


def test_slash_command(manifest):
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/retrieval-tasks"
    assert command["should_escape"] is False
    assert command["description"]
    for word in ("pending", "retrieving", "retrieved", "all", "show", "search", "summary"):
        assert word in command["usage_hint"]
    assert "url" not in command  # Socket Mode: Slack ignores request URLs


def test_minimal_bot_scopes_and_no_user_scopes(manifest):
    from bot.slack.oauth import BOT_SCOPES

    scopes = manifest["oauth_config"]["scopes"]
    assert sorted(scopes["bot"]) == sorted(BOT_SCOPES), "the install flow asks for the same"
    assert "chat:write.public" not in scopes["bot"]
    assert set(scopes) == {"bot"}


def test_interactivity_and_socket_mode(manifest):
    settings = manifest["settings"]
    assert settings["interactivity"] == {"is_enabled": True}
    assert settings["socket_mode_enabled"] is True
    assert settings["token_rotation_enabled"] is False
    assert settings["event_subscriptions"]["bot_events"] == [
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "link_shared",
        "entity_details_requested",
    ]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_http_mode_instructions_are_in_the_comments():
    text = MANIFEST.read_text(encoding="utf-8")
    assert "socket_mode_enabled to false" in text
    assert "url: https://YOUR-HOST/slack/events" in text
    assert "request_url: https://YOUR-HOST/slack/events" in text


def test_http_mode_variant_is_also_valid(manifest, validator):
    """Following the comments for HTTP mode still gives a valid manifest."""
    http = json.loads(json.dumps(manifest))
    http["settings"]["socket_mode_enabled"] = False
    http["features"]["slash_commands"][0]["url"] = "https://YOUR-HOST/slack/events"
    http["settings"]["interactivity"]["request_url"] = "https://YOUR-HOST/slack/events"
    http["settings"]["event_subscriptions"]["request_url"] = "https://YOUR-HOST/slack/events"
    http["oauth_config"]["redirect_urls"] = ["https://YOUR-HOST/slack/oauth_redirect"]

    schemas.count_validated()
    assert list(validator.iter_errors(http)) == []


def test_schema_check_would_catch_a_broken_manifest(manifest, validator):
    broken = json.loads(json.dumps(manifest))
    broken["features"]["slash_commands"][0]["command"] = "retrieval-tasks"
    broken["settings"]["interactivity"]["enabled"] = True

    messages = [e.message for e in validator.iter_errors(broken)]

    assert len(messages) == 2


def test_task_links_are_unfurled(manifest):
    """Task links: the placeholder domain (``python -m bot manifest`` puts PUBLIC_URL's),
    and the scopes an unfurl needs."""
    assert manifest["features"]["unfurl_domains"] == ["tasks.example.com"]
    assert {"links:read", "links:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])


def test_manifest_with_a_public_url_is_valid(manifest, validator):
    from bot.cli.manifest_command import MANIFEST, with_domain

    printed = yaml.safe_load(
        with_domain(MANIFEST.read_text(encoding="utf-8"), "https://ops.example.org")
    )

    schemas.count_validated()
    assert printed["features"]["unfurl_domains"] == ["ops.example.org"]
    assert list(validator.iter_errors(printed)) == []

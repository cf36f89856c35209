"""``python -m bot check``: verify the configuration, Slack's auth.test and one IVC list call."""

from __future__ import annotations

import argparse
import asyncio

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cli.simulated import settings_for
from bot.config import ConfigError, Settings
from bot.ivc.errors import IvcError
from bot.ivc.source import build_source
from bot.slack.web_client import build_web_client

OK, FAIL = "ok  ", "FAIL"


async def _check_slack(settings: Settings) -> tuple[bool, str]:
    try:
        settings.require_slack()
    except ConfigError as error:
        return False, f"Slack settings: {error}"
    client = build_web_client(settings)
    try:
        reply = await client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error", "unknown_error")
        return False, f"Slack auth.test failed ({code}): check SLACK_BOT_TOKEN"
    except (SlackClientError, OSError) as error:
        return False, f"Slack unreachable ({type(error).__name__}): check SLACK_API_URL"
    mode = "Socket Mode" if settings.socket_mode else "HTTP mode"
    return True, f"Slack auth.test: team {reply.get('team')} as {reply.get('user')} ({mode})"


async def _check_ivc(settings: Settings) -> tuple[bool, str]:
    if not settings.has_ivc_account:  # multi-workspace mode, no SHARED_IVC_TEAM_IDS
        return True, "IVC: no environment account; each workspace connects its own in App Home"
    source = build_source(settings)
    try:
        snapshot = await source.list(refresh=True)
    except IvcError as error:
        return False, f"IVC list: {error}"
    finally:
        await source.aclose()
    skipped = f", {snapshot.skipped} malformed records skipped" if snapshot.skipped else ""
    where = f"{settings.ivc_url} (IVC_API={settings.ivc_api})"
    return True, f"IVC list: {len(snapshot.tasks)} tasks from {where}{skipped}"


async def _check(simulate: bool, api: str | None) -> int:
    try:
        async with settings_for(simulate, api=api) as settings:
            print(f"{OK} configuration")
            results = [await _check_slack(settings), await _check_ivc(settings)]
    except ConfigError as error:
        print(f"{FAIL} configuration: {error}")
        return 2
    for ok, line in results:
        print(f"{OK if ok else FAIL} {line}")
    return 0 if all(ok for ok, _ in results) else 1


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_check(args.simulate, args.api))

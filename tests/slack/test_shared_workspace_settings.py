"""A workspace on the operator's IVC account (SHARED_IVC_TEAM_IDS), through the wire: its
admin cannot rewrite the operator's people settings (a forged save changes nothing, its
create and delete still reach IVC zero times), App Home shows the operator's settings
read-only, audit lines of its writes go to the operator's AUDIT_CHANNEL by the operator's
token, and overrides stored for it before are dropped at start-up with one log line."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.encryption_keys import parse_keys
from bot.features.home.people_settings import SETTINGS_ACTION, SETTINGS_VIEW
from bot.simulator.faults import WRITE_ENDPOINTS
from bot.slack.token_store import EncryptedInstallationStore
from bot.store.database import Database
from bot.store.workspace_settings import WorkspaceSettings, WorkspaceSettingsStore
from bot.views.i18n import label
from tests.support.app_fixtures import Wire, baseline_records, dump, start_wire
from tests.support.app_process import BOT_TOKEN
from tests.support.in_process import submission_payload

CLIENT_ID = "1111.2222"
KEY = Fernet.generate_key().decode()
OPERATOR, SHARED, OWN = "T0OPER", "T0SHARED", "T0OWN"
OPERATOR_TOKEN = "xoxb-DISTINCTIVE-operator-token-4e1b"
SHARED_ADMIN, SHARED_MANAGER, OWN_MANAGER = "U0SHADMIN", "U0SHMGR", "U0OWNMGR"
AUDIT = "C0OPAUDIT"
DROPPED = "dropped the people settings of 1 shared workspaces (T0SHARED)"


async def _seed(url: str) -> None:
    """What the database held before this version: both workspaces installed (each with its
    own token), and people settings saved by the shared workspace's admin and by a workspace
    with its own account."""
    db = await Database.open(url)
    try:
        installs = EncryptedInstallationStore(
            client_id=CLIENT_ID, engine=db.engine, keys=parse_keys(KEY)
        )
        for workspace, token in ((OPERATOR, OPERATOR_TOKEN), (SHARED, BOT_TOKEN), (OWN, BOT_TOKEN)):
            installation = Installation(
                app_id="A0001",
                team_id=workspace,
                bot_token=token,
                bot_id="B0001",
                bot_user_id="UBOT",
                user_id=SHARED_ADMIN,
            )
            await installs.async_save(installation)
        people = WorkspaceSettingsStore(db)
        mine = frozenset({SHARED_ADMIN})
        await people.save(
            WorkspaceSettings(SHARED, task_managers=mine, audit_channel=""), updated_by="x"
        )
        own = WorkspaceSettings(OWN, task_managers=frozenset({OWN_MANAGER}))
        await people.save(own, updated_by="x")
    finally:
        await db.aclose()


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-db") / "app.db"


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory, db_path: Path) -> Iterator[Wire]:
    url = f"sqlite+aiosqlite:///{db_path}"
    asyncio.run(_seed(url))
    with start_wire(
        tmp_path_factory.mktemp("shared"),
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET="oauth-client-secret-shared",
        SLACK_ALLOWED_TEAM_IDS=",".join((OPERATOR, SHARED, OWN)),
        SHARED_IVC_TEAM_IDS=f"{OPERATOR},{SHARED}",
        OPERATOR_TEAM_ID=OPERATOR,
        TOKEN_ENCRYPTION_KEY=KEY,
        TASK_MANAGERS=SHARED_MANAGER,  # a member of the shared workspace the operator trusts
        AUDIT_CHANNEL=AUDIT,
        DATABASE_URL=url,
    ) as w:
        w.fake.accept_bot_token(OPERATOR_TOKEN, OPERATOR)
        w.fake.set_user(SHARED_ADMIN, is_admin=True, team_id=SHARED)
        w.fake.set_user(SHARED_MANAGER, team_id=SHARED)
        yield w


def writes(wire: Wire) -> int:
    return sum(1 for r in wire.sim.requests if r.endpoint in WRITE_ENDPOINTS)


def pending(skip: int) -> str:
    return str([r for r in baseline_records() if r["Status"] == 0][skip]["TaskId"])


def people_state(**fields: str) -> dict[str, Any]:
    names = ("task_managers", "viewers", "subscription_admins", "audit_channel")
    return {
        name: {name: {"type": "plain_text_input", "value": fields.get(name) or None}}
        for name in names
    }


def stored_workspaces(db_path: Path) -> list[str]:
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute("SELECT team_id FROM workspace_settings ORDER BY team_id")
        return [row[0] for row in rows.fetchall()]


def test_overrides_stored_for_a_shared_workspace_are_dropped_at_start_up(wire, db_path):
    assert stored_workspaces(db_path) == [OWN], "a workspace with its own account keeps its own"
    lines = [line for line in wire.app.output().splitlines() if "dropped the people" in line]
    assert len(lines) == 1 and DROPPED in lines[0], lines


def test_a_shared_admins_forged_save_changes_nothing_and_their_writes_reach_ivc_zero_times(
    wire, db_path
):
    state = people_state(task_managers=SHARED_ADMIN, audit_channel="none")
    payload = submission_payload(SETTINGS_VIEW, state, user_id=SHARED_ADMIN, team_id=SHARED)
    reply = wire.interact(payload)
    assert reply.status_code == 200
    ack = reply.json()
    assert ack["response_action"] == "errors"
    assert list(ack["errors"].values()) == [label("en", "people.operators")]
    assert stored_workspaces(db_path) == [OWN], "nothing stored for the shared workspace"

    before = writes(wire)
    task = pending(0)
    command = wire.command(f"delete {task}", user_id=SHARED_ADMIN, team_id=SHARED)
    assert command.ack is not None and "TASK_MANAGERS" in command.ack["text"]
    click = wire.click("task_delete", task, user_id=SHARED_ADMIN, team_id=SHARED)
    assert "TASK_MANAGERS" in click.wait_response()["text"]
    create = {"name": {"name": {"type": "plain_text_input", "value": "forged_0312"}}}
    forged = submission_payload("new_task", create, user_id=SHARED_ADMIN, team_id=SHARED)
    created = wire.interact(forged).json()
    assert "TASK_MANAGERS" in dump(created)
    assert writes(wire) == before, "nothing reached IVC"


def test_app_home_of_a_shared_workspace_shows_the_operators_settings_read_only(wire):
    opened = {"type": "app_home_opened", "user": SHARED_ADMIN, "tab": "home"}
    assert wire.event(opened, team_id=SHARED).status_code == 200
    home = wire.fake.wait_for_sync(
        lambda: (v := wire.fake.home_view(SHARED_ADMIN)) and "Workspace settings" in dump(v) and v,
        timeout=15,
    )
    shown = dump(home)
    assert SHARED_MANAGER in shown and AUDIT in shown, "the operator's settings"
    assert label("en", "people.operators") in shown, "says who sets them"
    assert SETTINGS_ACTION not in shown and "Edit settings" not in shown

    before = len(wire.fake.calls("views.open"))
    click = wire.click(SETTINGS_ACTION, SETTINGS_ACTION, user_id=SHARED_ADMIN, team_id=SHARED)
    assert click.status == 200
    call = wire.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[before]
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert label("en", "people.operators") in dump(view)
    assert not [b for b in view["blocks"] if b["type"] == "input"], "no form to submit"


def test_a_write_on_the_shared_account_is_audited_in_the_operators_channel(wire):
    """By the operator's task manager, from the shared workspace: posted by the operator's
    token, not the shared workspace's."""
    task = pending(1)
    before = writes(wire)
    done = wire.click("task_delete", task, user_id=SHARED_MANAGER, team_id=SHARED)
    assert "Deleted" in done.wait_response()["text"]
    assert writes(wire) == before + 1
    posts = wire.fake.wait_for_sync(
        lambda: [
            c
            for c in wire.fake.calls("chat.postMessage")
            if c.params.get("channel") == AUDIT and task in dump(c.params)
        ],
        timeout=15,
    )
    assert [post.token for post in posts] == [OPERATOR_TOKEN], "the operator's token posted"
    assert all(post.ok for post in posts)

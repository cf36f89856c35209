"""Multi-workspace install mode with an IVC account per workspace, in process:
each workspace reads its own account (commands, buttons, App Home), a forged channel
changes nothing, a workspace without an account gets one line, Connect IVC tests the typed
key (IVC's refusal in the modal, nothing stored) and stores it encrypted, Disconnect pauses
the workspace's subscriptions and watches."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.features.home.people_settings import (
    SETTINGS_VIEW,
    PeopleForm,
    render_people_modal,
    render_saved_modal,
)
from bot.features.ivc_connection.connector import TypedAccount
from bot.features.ivc_connection.views import (
    API_BLOCK,
    CONNECT_VIEW,
    ORGANIZATION_BLOCK,
    REGION_BLOCK,
    SECRET_ID_BLOCK,
    SECRET_KEY_BLOCK,
    TOKEN_BLOCK,
    FormValues,
    render_connect_modal,
)
from bot.simulator.accounts import ivc_secret_id, tenant_secret_id, tenant_secret_key
from bot.store.stored_accounts import StoredAccount
from tests.support.app_fixtures import dump
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import InProcess, start_in_process, submission_payload
from tests.support.polling import wait_until
from tests.support.slack_connect import from_partner, in_installed_modal, org_context, selected
from tests.support.work_objects import entity_details_requested

KEY = Fernet.generate_key().decode()
ONE, TWO, SHARED, NEW, GONE = "T0001", "T0002", "T0003", "T0004", "T0005"
ADMIN, MEMBER = "UADMIN1", "UMEMBER1"
TENANTS = {ONE: 1, TWO: 2, NEW: 3}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    tmp = tmp_path_factory.mktemp("workspaces")
    with start_in_process(
        tmp,
        sim_kwargs={"accounts": 3, "account_tasks": 6},
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="oauth-client-secret-ws",
        SLACK_ALLOWED_TEAM_IDS=",".join((ONE, TWO, SHARED, NEW, GONE)),
        SHARED_IVC_TEAM_IDS=SHARED,
        TOKEN_ENCRYPTION_KEY=KEY,
        CACHE_TTL_SECONDS="1",
        POLL_INTERVAL_SECONDS="1",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'app.db'}",
    ) as wire:
        wire.fake.set_user(ADMIN, is_admin=True)
        own = wire.runtime.own
        assert own is not None
        for workspace in (ONE, TWO, SHARED, NEW, GONE):
            install(wire, workspace)
        for workspace in (ONE, TWO):
            secret_id = tenant_secret_id(TENANTS[workspace])
            typed = _typed(secret_id, tenant_secret_key(secret_id))
            outcome = wire.app.call(own.connector.save(workspace, typed, "en"))
            assert outcome.ok, outcome.line
        yield wire


def install(app: InProcess, workspace: str) -> None:
    """The workspace's installation, as the OAuth flow stores it."""
    installations = app.runtime.installations
    assert installations is not None
    installation = Installation(
        app_id="A0001",
        team_id=workspace,
        bot_token=app.fake.token_for(workspace),
        bot_id="B0001",
        bot_user_id="UBOT",
        user_id=ADMIN,
    )
    app.app.call(installations.async_save(installation))


def _typed(secret_id: str, secret_key: str) -> TypedAccount:
    return TypedAccount("ivc", secret_id, secret_key, "", "", "")


def tenant_ids(app: InProcess, workspace: str) -> set[str]:
    sim = app.sim.account_for(tenant_secret_id(TENANTS[workspace]))
    return {record["TaskId"] for record in sim.records()}


def shared_ids(app: InProcess) -> set[str]:
    return {record["TaskId"] for record in app.sim.records()}


def stored(app: InProcess, workspace: str) -> StoredAccount | None:
    assert app.runtime.own is not None
    connector = app.runtime.own.connector
    return app.app.call(connector.stored_accounts.load(workspace))


def form_state(secret_id: str, secret_key: str, api: str = "ivc") -> dict[str, Any]:
    def text(block: str, value: str) -> dict[str, Any]:
        return {block: {block: {"type": "plain_text_input", "value": value or None}}}

    chosen = {"type": "static_select", "selected_option": {"value": api}}
    return {
        API_BLOCK: {API_BLOCK: chosen},
        **text(SECRET_ID_BLOCK, secret_id),
        **text(SECRET_KEY_BLOCK, secret_key),
        **text(TOKEN_BLOCK, ""),
        **text(REGION_BLOCK, ""),
        **text(ORGANIZATION_BLOCK, ""),
    }


def submit(app: InProcess, workspace: str, user: str, secret_id: str, key: str) -> dict[str, Any]:
    payload = submission_payload(
        CONNECT_VIEW, form_state(secret_id, key), user_id=user, team_id=workspace
    )
    reply = app.interact(payload)
    assert reply.status_code == 200
    return reply.json() if reply.content else {}


# Isolation ----------------------------------------------------------------------------------
def test_each_workspace_lists_only_its_own_account(app):
    one, two = tenant_ids(app, ONE), tenant_ids(app, TWO)
    assert one and two and not one & two
    for workspace, mine in ((ONE, one), (TWO, two)):
        text = dump(app.ask("all", team_id=workspace))
        assert all(task_id in text for task_id in mine)
        others = (one | two | shared_ids(app)) - mine
        assert not any(task_id in text for task_id in others), workspace


def test_the_shared_workspace_reads_the_environments_account(app):
    text = dump(app.ask("all", team_id=SHARED))
    assert any(task_id in text for task_id in shared_ids(app))
    assert not any(task_id in text for task_id in tenant_ids(app, ONE) | tenant_ids(app, TWO))


def test_a_forged_channel_gets_nothing_of_the_other_account(app):
    """The workspace is the signed request's: naming the other workspace's channel (or one of its
    TaskIds) reads nothing of that account."""
    other = sorted(tenant_ids(app, TWO))[0]
    text = dump(app.ask(f"show {other}", team_id=ONE, channel_id="C0TWOCHANNEL"))
    assert other not in text or "not" in text.lower()
    listed = dump(app.ask("all", team_id=ONE, channel_id="C0TWOCHANNEL"))
    assert not any(task_id in listed for task_id in tenant_ids(app, TWO))


# Slack Connect -----------------------------------------------------------------------------
CARD = {"type": "message", "ts": "1700000000.000100", "text": "card", "blocks": []}


def test_a_person_of_another_workspace_sees_nothing_of_this_ones_account(app):
    """A card of ONE in a channel shared with TWO: TWO's member picks a task of ONE."""
    task = sorted(tenant_ids(app, ONE))[0]
    reply = app.click_shaped(
        lambda p: selected(from_partner(p, TWO), "task_pick", task),
        "task_pick",
        task,
        team_id=ONE,
        user_id=MEMBER,
        is_ephemeral=False,
        message=CARD,
    )
    text = dump(reply.wait_response())
    assert "another organisation" in text and task not in text


def test_a_click_that_names_no_workspace_reads_no_account(app):
    """``team: null`` (an org context): not the environment's account, one line instead."""
    task = sorted(shared_ids(app))[0]
    reply = app.click_shaped(
        lambda p: selected(org_context(p, SHARED, enterprise=None), "task_pick", task),
        "task_pick",
        task,
        team_id=SHARED,
        user_id=MEMBER,
    )
    text = dump(reply.wait_response())
    assert "did not say which workspace" in text and task not in text


def test_a_form_of_one_workspace_submitted_by_another_s_member_changes_nothing(app):
    own = app.runtime.own
    assert own is not None
    before = app.app.call(own.workspaces.overrides(ONE))
    payload = in_installed_modal(
        from_partner(submission_payload(SETTINGS_VIEW, {}, user_id=ADMIN, team_id=TWO), TWO),
        ONE,
    )
    reply = app.interact(payload)
    answer = reply.json()
    assert answer["response_action"] == "update" and "another organisation" in dump(answer)
    after = app.app.call(own.workspaces.overrides(ONE))
    assert after == before


def rows(app: InProcess, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    path = Path(str(app.runtime.settings.database_url).split("///", 1)[1])
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def polled(app: InProcess, workspace: str) -> bool:
    sql = "SELECT last_polled_at FROM account_polls WHERE account_key = ?"
    return any(row[0] for row in rows(app, sql, f"team:{workspace}"))


def test_notifications_come_from_each_workspaces_own_account(app):
    """Each account is polled on its own (claimed with a lease); a new task of one account
    is posted only in its workspace's channel."""
    app.command("subscribe notify", team_id=ONE, channel_id="C0ONE").wait_response()
    app.command("subscribe notify", team_id=TWO, channel_id="C0TWO").wait_response()
    wait_until(lambda: polled(app, ONE) and polled(app, TWO), "both accounts polled", 15)
    tenant = app.sim.account_for(tenant_secret_id(TENANTS[ONE]))
    before = len(rows(app, "SELECT * FROM account_polls WHERE account_key = 'team:T0001'"))
    new_id = "e" * 32
    tenant.add_task(dict(tenant.records()[0], TaskId=new_id, Status=2))
    card = app.fake.wait_for_sync(
        lambda: [m for m in app.fake.messages("C0ONE") if new_id in dump(m)], timeout=15
    )
    assert card
    assert before == 1, "one poll row per account"
    assert not [m for m in app.fake.messages("C0TWO") if new_id in dump(m)]
    shared_channel = app.fake.messages("C0TWO")
    assert not any(task_id in dump(shared_channel) for task_id in tenant_ids(app, ONE))
    history = rows(app, "SELECT DISTINCT account FROM task_history WHERE team_id = ?", ONE)
    assert history == [("team:T0001",)]


def test_app_home_shows_the_workspaces_own_account(app):
    for workspace in (ONE, TWO):
        app.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"}, team_id=workspace)
        tail = tenant_secret_id(TENANTS[workspace])[-4:]
        view = app.fake.wait_for_sync(
            lambda t=tail: (v := app.fake.home_view(ADMIN)) and f"`{t}`" in dump(v) and v
        )
        blocks = dump(view)
        assert "Disconnect" in blocks and "Edit connection" in blocks
        assert tenant_secret_key(tenant_secret_id(TENANTS[workspace])) not in blocks


def test_a_workspace_without_an_account_gets_one_line(app):
    answer = dump(app.command("all", team_id=NEW).ack)
    assert "an admin must connect IVC in App Home" in answer
    assert not any(task_id in answer for task_id in shared_ids(app))


def test_a_workspace_without_an_account_answers_a_flexpane_with_one_line(app):
    seen = len(app.fake.presented())
    event = entity_details_requested("a" * 32)

    assert app.event(event, team_id=NEW).status_code == 200

    answer = app.fake.wait_for_sync(lambda: next(iter(app.fake.presented()[seen:]), None))
    assert answer["trigger_id"] == event["trigger_id"]
    assert "an admin must connect IVC in App Home" in answer["error"]["custom_message"]
    assert "metadata" not in answer


def test_a_workspace_without_an_account_answers_in_the_openers_language(app):
    seen = len(app.fake.presented())

    event = entity_details_requested("a" * 32, locale="zh-CN")
    assert app.event(event, team_id=NEW).status_code == 200

    answer = app.fake.wait_for_sync(lambda: next(iter(app.fake.presented()[seen:]), None))
    assert "请管理员在应用主页中连接 IVC" in answer["error"]["custom_message"], "payload's zh-CN"


# Connect IVC --------------------------------------------------------------------------------
def test_a_wrong_key_shows_ivcs_refusal_and_stores_nothing(app):
    secret_id = tenant_secret_id(TENANTS[NEW])
    ack = submit(app, NEW, ADMIN, secret_id, "sk-wrong-DISTINCTIVE-key")
    assert ack["response_action"] == "errors"
    assert "IVC refused" in ack["errors"][SECRET_KEY_BLOCK]
    assert stored(app, NEW) is None
    assert "sk-wrong-DISTINCTIVE-key" not in app.app.output()


def test_only_an_admin_may_connect(app):
    secret_id = tenant_secret_id(TENANTS[NEW])
    ack = submit(app, NEW, MEMBER, secret_id, tenant_secret_key(secret_id))
    assert ack["response_action"] == "errors"
    assert stored(app, NEW) is None


def opened_form(app: InProcess, workspace: str) -> str:
    """Click App Home's Connect IVC as the admin; the id of the form Slack shows."""
    before = len(app.fake.calls("views.open"))
    assert app.click("ivc_connect", "ivc_connect", team_id=workspace, user_id=ADMIN).status == 200
    app.fake.wait_for_calls_sync("views.open", before + 1)
    view_id = ""
    for number in range(1, 1000):
        shown = app.fake.modal(f"VM{number:04d}")
        if shown is None:
            break
        if shown.get("callback_id") == CONNECT_VIEW:
            view_id = f"VM{number:04d}"
    assert view_id
    return view_id


def test_the_forms_test_button_shows_the_outcome_in_the_modal(app):
    secret_id = tenant_secret_id(TENANTS[NEW])
    view_id = opened_form(app, NEW)
    form = app.fake.modal(view_id)
    assert form is not None
    assert_valid_modal(form)
    payload = {
        "type": "block_actions",
        "user": {"id": ADMIN, "team_id": NEW},
        "team": {"id": NEW, "domain": "fake-team"},
        "api_app_id": "A0001",
        "trigger_id": "1111.2222.trigger",
        "container": {"type": "view", "view_id": view_id},
        "actions": [{"action_id": "ivc_test", "block_id": "ivc_test_actions", "value": "ivc_test"}],
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": CONNECT_VIEW,
            "private_metadata": "",
            "state": {"values": form_state(secret_id, tenant_secret_key(secret_id))},
        },
    }
    before = len(app.fake.calls("views.update"))
    assert app.interact(payload).status_code == 200
    app.fake.wait_for_calls_sync("views.update", before + 1)
    view = app.fake.modal(view_id)
    assert view is not None
    assert_valid_modal(view)
    assert "IVC answered: 6 tasks listed" in dump(view)
    assert tenant_secret_key(secret_id) not in dump(view)
    assert stored(app, NEW) is None, "a Test stores nothing"


def test_connect_then_disconnect(app, tmp_path):
    secret_id = tenant_secret_id(TENANTS[NEW])
    key = tenant_secret_key(secret_id)
    ack = submit(app, NEW, ADMIN, secret_id, key)
    assert ack["response_action"] == "update", ack
    account = stored(app, NEW)
    assert account is not None and account.last_ok_at is not None
    text = dump(app.ask("all", team_id=NEW))
    assert all(task_id in text for task_id in tenant_ids(app, NEW))
    assert key not in app.app.output()

    app.command("subscribe notify", team_id=NEW, channel_id="C0NEW").wait_response()
    app.command("subscribe daily 09:00", team_id=NEW, channel_id="C0NEW").wait_response()
    reply = app.click("ivc_disconnect", "ivc_disconnect", team_id=NEW, user_id=ADMIN)
    assert reply.status == 200
    wait_until(lambda: stored(app, NEW) is None, timeout=10, what="the account deleted")
    store = app.runtime.features.subscriptions.subscriptions.store
    subs = app.app.call(store.for_channel(NEW, "C0NEW"))
    assert subs and all(s.paused_reason == "ivc_disconnected" for s in subs)
    answer = dump(app.command("all", team_id=NEW).ack)
    assert "an admin must connect IVC in App Home" in answer


def test_the_connect_modal_is_valid_block_kit_in_both_languages():
    for lang in ("en", "zh"):
        for editing in (False, True):
            values = FormValues("cloudapi", "AKIDx", "ap-guangzhou", "org1")
            assert_valid_modal(render_connect_modal(values, editing=editing, lang=lang, note="ok"))


def test_credentials_are_encrypted_at_rest(app):
    path = Path(str(app.runtime.settings.database_url).split("///", 1)[1])
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT secret_id, secret_key FROM ivc_connections").fetchall()
    assert rows
    for secret_id, sealed in rows:
        assert tenant_secret_key(secret_id) not in sealed


# No environment account ---------------------------------------------------------------------
def test_without_an_environment_account_each_workspace_reads_its_own(tmp_path):
    """IVC_SECRET_ID/IVC_SECRET_KEY may be left out in multi-workspace mode (no
    SHARED_IVC_TEAM_IDS): nothing calls the environment's account; a connected workspace
    reads its own, any other gets the one line."""
    with start_in_process(
        tmp_path,
        sim_kwargs={"accounts": 1, "account_tasks": 5},
        IVC_SECRET_ID=None,  # type: ignore[arg-type]
        IVC_SECRET_KEY=None,  # type: ignore[arg-type]
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="oauth-client-secret-ws",
        SLACK_ALLOWED_TEAM_IDS=f"{ONE},{TWO}",
        TOKEN_ENCRYPTION_KEY=KEY,
        POLL_INTERVAL_SECONDS="1",
        CACHE_TTL_SECONDS="1",
    ) as bare:
        own = bare.runtime.own
        assert own is not None
        assert not bare.runtime.settings.has_ivc_account
        for workspace in (ONE, TWO):
            install(bare, workspace)
        secret_id = tenant_secret_id(1)
        typed = _typed(secret_id, tenant_secret_key(secret_id))
        assert bare.app.call(own.connector.save(ONE, typed, "en")).ok
        text = dump(bare.ask("all", team_id=ONE))
        mine = {r["TaskId"] for r in bare.sim.account_for(secret_id).records()}
        assert all(task_id in text for task_id in mine)
        refused = dump(bare.command("all", team_id=TWO).ack)
        assert "an admin must connect IVC in App Home" in refused
        wait_until(lambda: polled(bare, ONE), "the workspace's own account polled", 15)
        named = {ivc_secret_id(r.headers.get("Authorization")) for r in bare.sim.requests}
        assert named == {secret_id}, "only the workspace's own account was called"


# People settings ----------------------------------------------------------------------------
def people_state(**fields: str) -> dict[str, Any]:
    names = ("task_managers", "viewers", "subscription_admins", "audit_channel")
    return {
        name: {name: {"type": "plain_text_input", "value": fields.get(name) or None}}
        for name in names
    }


def save_people(app: InProcess, workspace: str, user: str, **fields: str) -> dict[str, Any]:
    payload = submission_payload(
        SETTINGS_VIEW, people_state(**fields), user_id=user, team_id=workspace
    )
    reply = app.interact(payload)
    assert reply.status_code == 200
    return reply.json() if reply.content else {}


def test_an_admin_sets_the_workspaces_own_viewers(app):
    """VIEWERS of one workspace, set in its App Home, leave the other workspace alone."""
    app.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"}, team_id=ONE)
    home = app.fake.wait_for_sync(
        lambda: (v := app.fake.home_view(ADMIN)) and "Workspace settings" in dump(v) and v
    )
    assert "Edit settings" in dump(home)
    bad = save_people(app, ONE, ADMIN, viewers="not an id")
    assert bad["response_action"] == "errors" and "viewers" in bad["errors"]
    refused = save_people(app, ONE, MEMBER, viewers="U0VIEWER")
    assert refused["response_action"] == "errors"
    try:
        saved = save_people(app, ONE, ADMIN, viewers="U0VIEWER", audit_channel="none")
        assert saved["response_action"] == "update", saved
        stranger = dump(app.command("all", team_id=ONE, user_id="U0STRANGER").ack)
        assert "VIEWERS" in stranger
        assert all(t not in stranger for t in tenant_ids(app, ONE))
        allowed = dump(app.ask("all", team_id=ONE, user_id="U0VIEWER"))
        assert any(t in allowed for t in tenant_ids(app, ONE))
        other = dump(app.ask("all", team_id=TWO, user_id="U0STRANGER"))
        assert any(t in other for t in tenant_ids(app, TWO))
        # the admin, not among the viewers now, still reaches the settings: never locked out
        app.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"}, team_id=ONE)
        app.fake.wait_for_sync(
            lambda: (v := app.fake.home_view(ADMIN)) and "VIEWERS" in dump(v) and v
        )
        assert "Edit settings" in dump(app.fake.home_view(ADMIN))
        # the worker's direct messages to watchers follow each workspace's own VIEWERS
        assert app.runtime.own is not None
        workspaces, client = app.runtime.own.workspaces, app.runtime.bolt.client
        assert app.app.call(workspaces.refusal(client, ONE, "U0STRANGER")) is not None
        assert app.app.call(workspaces.refusal(client, TWO, "U0STRANGER")) is None
    finally:
        assert save_people(app, ONE, ADMIN)["response_action"] == "update"


def test_the_people_form_is_valid_block_kit_in_both_languages():
    for lang in ("en", "zh"):
        form = PeopleForm("U0A,S0B", "", "none", "C0AUDIT")
        assert_valid_modal(render_people_modal(form, lang=lang))
        assert_valid_modal(render_saved_modal(lang))


def test_an_uninstall_deletes_the_workspaces_ivc_credentials(app):
    secret_id = tenant_secret_id(TENANTS[NEW])
    assert app.runtime.own is not None
    connector = app.runtime.own.connector
    typed = _typed(secret_id, tenant_secret_key(secret_id))
    assert app.app.call(connector.save(GONE, typed, "en")).ok
    assert app.event({"type": "app_uninstalled"}, team_id=GONE).status_code == 200
    wait_until(lambda: stored(app, GONE) is None, "the credentials deleted", 10)

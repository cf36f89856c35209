"""Per-workspace overrides of TASK_MANAGERS, VIEWERS, SUBSCRIPTION_ADMINS and AUDIT_CHANNEL
(migration 0007): unset falls back to the environment, set (even empty) wins."""

from __future__ import annotations

import pytest

from bot.config import Settings, load_settings
from bot.store.database import Database
from bot.store.workspace_settings import WorkspaceSettings, WorkspaceSettingsStore
from tests.support.clock import FakeClock


def env() -> Settings:
    return load_settings(
        {
            "ivc_secret_id": "id",
            "ivc_secret_key": "sk-0123456789",
            "task_managers": "U0ENVMGR,S0ENVGROUP",
            "viewers": "U0ENVVIEW",
            "subscription_admins": "U0ENVADMIN",
            "audit_channel": "C0ENVAUDIT",
        }
    )


async def test_a_workspace_without_overrides_uses_the_environment(db: Database) -> None:
    stored = await WorkspaceSettingsStore(db).load("T0001")
    assert stored == WorkspaceSettings("T0001")
    people = stored.over(env())
    assert people.task_manager_ids == {"U0ENVMGR", "S0ENVGROUP"}
    assert people.viewer_ids == {"U0ENVVIEW"} and people.admin_user_ids == {"U0ENVADMIN"}
    assert people.audit_channel == "C0ENVAUDIT"


async def test_overrides_are_kept_per_workspace(db: Database) -> None:
    store = WorkspaceSettingsStore(db, clock=FakeClock())
    mine = WorkspaceSettings(
        "T0001",
        task_managers=frozenset({"S0OURGROUP", "U0ME"}),
        viewers=frozenset(),
        audit_channel="",
    )
    saved = await store.save(mine, updated_by="U0ADMIN")
    loaded = await store.load("T0001")
    assert loaded == saved and loaded.updated_by == "U0ADMIN"
    people = loaded.over(env())
    assert people.task_manager_ids == {"S0OURGROUP", "U0ME"}
    assert people.viewer_ids == frozenset(), "an empty set is an override: nobody restricted"
    assert people.admin_user_ids == {"U0ENVADMIN"}, "unset: the environment's"
    assert people.audit_channel is None, "an empty channel turns the audit channel off"
    assert (await store.load("T0002")).over(env()).task_manager_ids == {"U0ENVMGR", "S0ENVGROUP"}
    await store.save(WorkspaceSettings("T0001", audit_channel="C0OURS"), updated_by="U0ADMIN")
    replaced = (await store.load("T0001")).over(env())
    assert (
        replaced.task_manager_ids == {"U0ENVMGR", "S0ENVGROUP"}
        and replaced.audit_channel == "C0OURS"
    )
    await store.delete("T0001")
    assert await store.load("T0001") == WorkspaceSettings("T0001")


@pytest.mark.parametrize(
    "overrides",
    [
        {"task_managers": frozenset({"<!channel>"})},
        {"viewers": frozenset({"u0lower"})},
        {"audit_channel": "#general"},
    ],
)
def test_only_slack_ids_are_accepted(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WorkspaceSettings("T0001", **overrides)  # type: ignore[arg-type]


async def test_deleting_the_overrides_of_some_workspaces_says_which_had_some(db: Database) -> None:
    store = WorkspaceSettingsStore(db)
    for workspace in ("T0001", "T0002", "T0003"):
        await store.save(WorkspaceSettings(workspace, viewers=frozenset()), updated_by="U0ADMIN")
    assert await store.delete_workspaces({"T0003", "T0001", "T0009"}) == ["T0001", "T0003"]
    assert await store.delete_workspaces({"T0003", "T0001"}) == [], "nothing left: idempotent"
    assert (await store.load("T0002")).viewers == frozenset(), "other workspaces keep theirs"
    assert await store.delete_workspaces(()) == []

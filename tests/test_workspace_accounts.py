"""Multi-workspace mode's own accounts (issue 15): another replica's write to one account
drops that account's cached list here, and no other's."""

from __future__ import annotations

from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from bot.config import load_settings
from bot.ivc.accounts import Account, team_key
from bot.ivc.actions import TaskActions
from bot.ivc.credentials import Credentials
from bot.ivc.source import TaskSource
from bot.slack.workspaces import AccountServices, AccountServicesMap
from bot.workspace_accounts import drop_changed, notice_key
from tests.support.simulator import RunningSim, backend_for


async def test_a_notice_drops_only_its_accounts_cached_list(simulator: RunningSim) -> None:
    settings = load_settings({"ivc_secret_id": "AKIDx", "ivc_secret_key": "sk-not-used"})
    services: AccountServicesMap = WeakKeyDictionary()
    sources = []
    for team in ("T0001", "T0002"):
        account = Account(team_key(team), "ivc", Credentials(f"AKID{team}", "sk-x"))
        backend = backend_for("ivc", simulator)
        source = TaskSource(backend, ttl=3600, max_stale=0, details_ttl=3600)
        await source.list()
        actions = TaskActions(backend, source, zone=ZoneInfo("Asia/Shanghai"))
        key = notice_key(settings, account)
        services[source] = AccountServices(backend, actions, None, False, notice_key=key)
        sources.append((key, source))
    (key_one, one), (key_two, two) = sources
    assert key_one != key_two and "AKIDT0001" not in key_one, "a hash, not the SecretId"
    assert drop_changed(services, key_one, None) == 1
    assert one.peek() is None and two.peek() is not None
    await one.list()
    assert drop_changed(services, None, None) == 2, "listening again drops every account's"
    for _, source in sources:
        await source.aclose()

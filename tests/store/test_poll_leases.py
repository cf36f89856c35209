"""Poll leases per IVC account: across replicas each account is polled once
per interval, spread over it; a dead replica's accounts are taken over within one interval."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.store.database import Database
from bot.store.poll_leases import PollLeases, next_due, phase

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTERVAL = timedelta(seconds=60)
LEASE = timedelta(seconds=30)
STEP = timedelta(seconds=1)


def keys(count: int) -> list[str]:
    return [f"team:T{n:04d}" for n in range(count)]


def test_phases_are_stable_and_spread_over_nine_tenths_of_the_interval() -> None:
    """The last tenth is headroom: a first cycle's polls finish within one interval."""
    phases = [phase(key, INTERVAL) for key in keys(600)]
    assert phases == [phase(key, INTERVAL) for key in keys(600)]
    assert all(timedelta(0) <= p < INTERVAL * 0.9 for p in phases)
    per_tenth = Counter(int(p / (INTERVAL / 10)) for p in phases)
    assert sorted(per_tenth) == list(range(9)) and max(per_tenth.values()) < 600 / 9 * 1.5


def test_next_due_keeps_the_phase() -> None:
    due = NOW + timedelta(seconds=7)
    assert next_due(due, due + timedelta(seconds=2), INTERVAL) == due + INTERVAL
    assert next_due(due, due + 2.5 * INTERVAL, INTERVAL) == due + 3 * INTERVAL


async def test_accounts_are_due_at_their_phase_and_ensure_is_idempotent(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(keys(5), NOW)
    await leases.ensure(keys(5), NOW + timedelta(seconds=30))  # another replica, later
    assert await leases.claim("r1", NOW - STEP, LEASE) == []
    claimed = await leases.claim("r1", NOW + INTERVAL, LEASE)
    assert {c.account_key for c in claimed} == set(keys(5))
    assert all(c.due_at == NOW + phase(c.account_key, INTERVAL) for c in claimed)


async def test_a_claimed_account_is_not_claimed_again_until_its_lease_ends(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(["team:T1"], NOW)
    at = NOW + INTERVAL
    [claim] = await leases.claim("r1", at, LEASE)
    assert await leases.claim("r2", at + STEP, LEASE) == []
    [taken_over] = await leases.claim("r2", at + LEASE + STEP, LEASE)
    assert taken_over.worker == "r2"
    assert await leases.finish(claim, at + LEASE + 2 * STEP) is False, "r1 lost its lease"
    assert await leases.finish(taken_over, at + LEASE + 2 * STEP, error="IVC timed out\nagain")
    due = next_due(claim.due_at, at + LEASE + 2 * STEP, INTERVAL)  # the phase kept
    assert await leases.claim("r1", due - STEP, LEASE) == []
    [again] = await leases.claim("r1", due, LEASE)
    assert again.due_at == due


async def test_three_replicas_poll_each_account_once_per_interval(db: Database) -> None:
    accounts = keys(40)
    replicas = [PollLeases(db, interval=INTERVAL) for _ in range(3)]
    for leases in replicas:
        await leases.ensure(accounts, NOW)
    polls: Counter[tuple[str, int]] = Counter()
    moment = NOW
    while moment < NOW + 3 * INTERVAL:
        for number, leases in enumerate(replicas):
            for claim in await leases.claim(f"r{number}", moment, LEASE, limit=4):
                polls[claim.account_key, (claim.due_at - NOW) // INTERVAL] += 1
                assert await leases.finish(claim, moment)
        moment += STEP
    assert set(polls.values()) == {1}, "no account polled twice in an interval"
    assert {key for key, _ in polls} == set(accounts)
    assert {cycle for _, cycle in polls} == {0, 1, 2}
    assert len(polls) == 3 * len(accounts)


async def test_concurrent_claims_never_share_an_account(db: Database) -> None:
    replicas = [PollLeases(db, interval=INTERVAL) for _ in range(4)]
    await replicas[0].ensure(keys(30), NOW)
    batches = await asyncio.gather(
        *(r.claim(f"r{n}", NOW + INTERVAL, LEASE, limit=10) for n, r in enumerate(replicas))
    )
    claimed = [c.account_key for batch in batches for c in batch]
    assert len(claimed) == len(set(claimed)) == 30


async def test_a_dead_replicas_accounts_are_taken_over_within_one_interval(
    db: Database,
) -> None:
    dead, alive = PollLeases(db, interval=INTERVAL), PollLeases(db, interval=INTERVAL)
    await dead.ensure(keys(10), NOW)
    held = await dead.claim("dead", NOW + INTERVAL, LEASE, limit=10)
    assert len(held) == 10  # and never finished
    moment, taken = NOW + INTERVAL, set()
    while moment <= NOW + 2 * INTERVAL:
        taken |= {c.account_key for c in await alive.claim("alive", moment, LEASE, limit=10)}
        moment += STEP
    assert taken == set(keys(10))


async def test_release_and_remove(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(keys(3), NOW)
    at = NOW + INTERVAL
    assert len(await leases.claim("r1", at, LEASE)) == 3
    assert await leases.release("r1") == 3
    await leases.remove("team:T0000")
    assert {c.account_key for c in await leases.claim("r2", at, LEASE)} == set(keys(3)[1:])


async def test_the_next_claimable_moment_is_a_due_time_or_a_later_lease_end(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    assert await leases.next_claimable() is None
    [first, second] = sorted(keys(2), key=lambda key: phase(key, INTERVAL))
    await leases.ensure([first, second], NOW)
    assert await leases.next_claimable() == NOW + phase(first, INTERVAL)
    at = NOW + INTERVAL
    claims = await leases.claim("r1", at, LEASE)  # both due; held until at + LEASE
    assert await leases.next_claimable() == at + LEASE, "a held account waits for its lease"
    [held_first, held_second] = claims
    assert await leases.finish(held_first, at)
    first_again = NOW + phase(first, INTERVAL) + INTERVAL  # due again a whole interval on
    assert await leases.next_claimable() == min(first_again, at + LEASE)
    assert await leases.finish(held_second, at)
    assert await leases.next_claimable() == NOW + phase(first, INTERVAL) + INTERVAL


async def test_a_write_brings_the_accounts_next_poll_forward_to_now(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(keys(2), NOW)
    written = keys(2)[0]
    await leases.due_now(written, NOW)
    [claim] = await leases.claim("r1", NOW, LEASE)
    assert claim.account_key == written, "due now, the other at its phase"
    assert await leases.finish(claim, NOW + STEP)
    await leases.due_now(written, NOW + 2 * STEP)  # while nothing holds it: due again
    assert [c.account_key for c in await leases.claim("r2", NOW + 2 * STEP, LEASE)] == [written]


async def test_bringing_a_poll_forward_leaves_a_held_lease_alone(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(["team:T1"], NOW)
    [claim] = await leases.claim("r1", NOW + INTERVAL, LEASE)
    await leases.due_now("team:T1", NOW + INTERVAL + STEP)
    assert await leases.claim("r2", NOW + INTERVAL + STEP, LEASE) == [], "r1 still polls it"
    assert await leases.finish(claim, NOW + INTERVAL + 2 * STEP), "r1 keeps its lease"

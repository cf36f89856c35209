"""The same Slack answer whichever IVC API the app reads from (IVC_API=ivc or cloudapi)."""

from typing import Any

from tests.support.in_process import start_in_process
from tests.support.simulator import IVC_APIS

VOLATILE_BLOCKS = {
    "tasks_footer",
    "csum_footer",
    "csum_oldest",
    "csum_expiring",
    "csum_estimate",
}
"""Blocks that state a duration from now ("updated 2 s ago", "waiting 3 h 12 min", "expires in
…", and the expiry estimate's note that comes with the expiring list): the two apps answer
seconds apart on a real clock, each with a fresh memory of when it first saw a copy retrieved,
so a copy kept one day may be listed as expiring within 24 h by one and not the other."""


def stable(payload: dict[str, Any]) -> dict[str, Any]:
    blocks = [b for b in payload["blocks"] if b.get("block_id") not in VOLATILE_BLOCKS]
    return {"text": payload["text"], "blocks": blocks}


def test_each_command_answers_the_same_from_either_api(tmp_path):
    answers: dict[str, list[dict[str, Any]]] = {}
    cloudapi_calls: dict[str, int] = {}
    for api in IVC_APIS:
        workdir = tmp_path / api
        workdir.mkdir()
        with start_in_process(workdir, IVC_API=api, CACHE_TTL_SECONDS="600") as wire:
            task_id = wire.sim.records()[0]["TaskId"]
            texts = ("pending", "retrieved", "all", "summary", f"show {task_id}", "search 1")
            answers[api] = [stable(wire.ask(text)) for text in texts]
            cloudapi_calls[api] = wire.sim.stats()["cloudapi_requests"]
    assert cloudapi_calls == {"ivc": 0, "cloudapi": cloudapi_calls["cloudapi"]}
    assert cloudapi_calls["cloudapi"] > 0, "the cloudapi app really read API 3.0"
    ivc, cloudapi = (answers[api] for api in IVC_APIS)
    assert ivc[0]["text"].startswith("Pending")
    assert ivc == cloudapi

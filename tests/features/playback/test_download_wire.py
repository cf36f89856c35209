"""Download over the wire: the app as a process (``python -m bot serve -v``, debug logging) on
API 3.0; ``download`` and the modal's submission answer the person alone with a fresh link, and
the process's whole output (debug lines of every library included) holds no download link
past its host and no ``source=`` secret."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.simulator.downloads import DOWNLOAD_HOST
from tests.features.playback.test_downloading import one_camera_task, submit, values
from tests.support.app_fixtures import Wire, buttons, start_wire


@pytest.fixture(scope="module")
def verbose(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp("download-wire"), verbose=True, IVC_API="cloudapi"
    ) as wire:
        yield wire


def test_links_answer_the_person_alone_and_nothing_is_logged_even_at_debug(verbose: Wire) -> None:
    task_id, camera, _ = one_camera_task(verbose)
    body = verbose.command(f"download {task_id} {camera}").wait_response()
    assert body["replace_original"] is True, "replaces the private 'fetching' note"
    urls = [buttons(body)["task_download_open"]["url"]]
    opened = len(verbose.fake.calls("views.open"))
    click = verbose.click("task_download", task_id)
    modal = verbose.fake.wait_for_calls_sync("views.open", opened + 1, timeout=15)[opened]
    shown = modal.response["view"]
    assert submit(verbose, shown, values(shown))["response_action"] == "update"
    answer = click.wait_response()
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    urls.append(buttons(answer)["task_download_open"]["url"])
    verbose.click("task_download_open", urls[-1])  # Slack reports the url button's click too
    assert urls[0] != urls[1] and all(DOWNLOAD_HOST in u for u in urls)
    assert verbose.sim.calls["download"] == 2 and not verbose.fake.calls("chat.postMessage")
    output = verbose.app.output()
    assert " DEBUG " in output and "download link for task" in output
    for source in verbose.sim.download_book.sources:
        assert source not in output and source[:12] not in output
    for part in (f"{DOWNLOAD_HOST}/", "video.mp4", "source="):
        assert part not in output

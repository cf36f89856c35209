"""Retrieve again's prefilled form: the task's cameras as picker options the
submission parser accepts, its window in the user's zone, its days to keep, a fresh name."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.features.retrievals.camera_options import parse_camera_value
from bot.features.retrievals.form_input import read_form
from bot.features.retrievals.form_prefill import again_values, fresh_name
from bot.features.retrievals.new_task_form import FormOrigin, render_new_task_form
from bot.ivc.task_rules import check_name
from tests.support.blockkit import assert_valid_modal
from tests.support.tasks import make_channel, make_details, make_task

START = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, 02:00 in Paris


def details():
    task = make_task(
        name="gate_0312", start=START, end=START.replace(hour=2, minute=30), expiration_days=30
    )
    return make_details(task, [make_channel(1), make_channel(2, channel_name="Door <b>")])


def test_the_window_is_shown_in_the_users_zone() -> None:
    values = again_values(details(), "Asia/Shanghai")
    assert (values.day, values.start, values.end) == (date(2026, 3, 12), time(9), time(10, 30))
    paris = again_values(details(), "Europe/Paris")
    assert (paris.start, paris.end, paris.zone) == (time(2), time(3, 30), "Europe/Paris")
    assert values.expiration_days == 30


def test_cameras_are_device_channel_options_the_submission_reads_back() -> None:
    values = again_values(details(), "UTC")
    texts = [o["text"]["text"] for o in values.cameras]
    assert texts == ["Gate 1 · Camera 1", "Gate 2 · Door <b>"]
    refs = [parse_camera_value(o["value"]) for o in values.cameras]
    assert [(r.device_id, r.channel_id) for r in refs if r] == [("dev1", "ch1"), ("dev2", "ch2")]
    state = {
        "name": {"name": {"value": values.name}},
        "date": {"date": {"selected_date": values.day.isoformat()}},
        "start": {"start": {"selected_time": values.start.strftime("%H:%M")}},
        "end": {"end": {"selected_time": values.end.strftime("%H:%M")}},
        "cameras": {"cameras": {"selected_options": list(values.cameras)}},
        "expiration": {"expiration": {"value": str(values.expiration_days)}},
    }
    form = read_form(state, "UTC", fallback_zone="UTC", known=lambda _ref: True)
    assert form.problems == () and form.task is not None
    assert (form.task.start, form.task.end) == (START, START.replace(hour=2, minute=30))
    assert [c.channel_id for c in form.task.channels] == ["ch1", "ch2"]


def test_the_name_is_fresh_and_valid() -> None:
    day = date(2026, 3, 12)
    assert fresh_name("gate_0312", day, set()) == "gate_0312"
    assert fresh_name("gate_0312", day, {"gate_0312"}) == "gate-2_0312"
    assert fresh_name("gate-2_0312", day, {"gate_0312", "gate-2_0312"}) == "gate-3_0312"
    assert fresh_name("", day, set()) == "retrieval_0312"
    long = fresh_name("x" * 40 + "_0101", day, {"x" * 27 + "_0312"})
    assert check_name(long) is None and long not in {"x" * 27 + "_0312"}
    values = again_values(details(), "UTC", taken={"gate_0312"})
    assert values.name == "gate-2_0312"


def test_the_prefilled_form_is_valid_block_kit_in_both_languages() -> None:
    values = again_values(details(), "Asia/Shanghai")
    for lang in ("en", "zh"):
        view = render_new_task_form(
            values, FormOrigin(zone="Asia/Shanghai"), lang=lang, with_describe=True
        )
        assert_valid_modal(view)
        cameras = next(b for b in view["blocks"] if b["block_id"] == "cameras")
        assert cameras["element"]["initial_options"] == list(values.cameras)

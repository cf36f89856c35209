"""The create form (pure): valid Block Kit in both languages, prefilled, with the origin
carried in private_metadata; the description only where the API takes one."""

from datetime import date, time

import pytest

from bot.features.retrievals.new_task_form import (
    FormField,
    FormOrigin,
    FormValues,
    render_new_task_form,
)
from bot.ivc.task_rules import check_name
from tests.support.blockkit import assert_valid_modal

VALUES = FormValues("retrieval_0312", date(2026, 3, 12), time(9), time(10), "Europe/Paris")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("with_describe", [True, False])
def test_the_form_is_a_valid_modal_in_both_languages(lang: str, with_describe: bool) -> None:
    view = render_new_task_form(
        VALUES, FormOrigin("https://x/r", "C1"), lang=lang, with_describe=with_describe
    )
    assert_valid_modal(view)
    ids = [b["block_id"] for b in view["blocks"]]
    assert (FormField.DESCRIBE.value in ids) is with_describe
    assert ids[:6] == ["name", "date", "start", "end", "cameras", "expiration"]


def test_the_form_is_prefilled_and_bounded() -> None:
    view = render_new_task_form(VALUES, FormOrigin(), with_describe=False)
    by_id = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert by_id["name"]["initial_value"] == "retrieval_0312"
    assert check_name(by_id["name"]["initial_value"]) is None
    assert by_id["date"]["initial_date"] == "2026-03-12"
    assert (by_id["start"]["initial_time"], by_id["end"]["initial_time"]) == ("09:00", "10:00")
    assert by_id["cameras"]["max_selected_items"] == 32
    assert by_id["expiration"]["initial_value"] == "7"
    assert (by_id["expiration"]["min_value"], by_id["expiration"]["max_value"]) == ("1", "365")


def test_the_origin_round_trips_and_a_forged_one_is_empty() -> None:
    origin = FormOrigin("https://hooks.slack.com/commands/1/2", "C0001")
    assert FormOrigin.decode(origin.encode()) == origin
    assert FormOrigin.decode("not json") == FormOrigin()
    assert FormOrigin.decode("[1]") == FormOrigin()

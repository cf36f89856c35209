"""Untrusted text (names, ids, search text, errors) never pings, breaks out or overflows."""

import pytest

from bot.commands import parse_command
from bot.features.tasks.command import render_command
from bot.features.tasks.task_details import render_details
from bot.features.tasks.task_list import render_list
from bot.ivc.errors import IvcApiError
from bot.views.errors import render_error
from tests.support.blockkit import assert_no_pings
from tests.support.tasks import NOW, make_channel, make_details, make_snapshot, make_task
from tests.views.helpers import block, checked, dump, field_texts

HOSTILE = {
    "channel": "<!channel>",
    "here": "<!here|here>",
    "user": "<@U123>",
    "chan": "<#C123|general>",
    "subteam": "<!subteam^S123>",
    "link": "<https://evil.example|click>",
    "bold": "*bold* _it_ ~s~ `code`",
    "entity": "&amp; &lt;",
    "controls": "a\x00b\x07c\nd\r\ne\x1b[31m",
    "rtl": "\u202eevil\u202c\u200f",
    "long": "名" * 10_000,
    "date": "<!date^1^{date}|x>",
}


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_names_in_the_list(name: str) -> None:
    snapshot = make_snapshot([make_task(name=name, task_id=name)])
    message = checked(render_list(snapshot, parse_command(""), now=NOW))
    name_field, id_field = field_texts(block(message, "task_1"))[:2]
    assert "<" not in name_field and "<" not in id_field
    assert not any(c in name_field for c in "\x00\x07\r\x1b\u202e\u200f")
    assert len(name_field) < 600


def test_names_are_escaped_exactly() -> None:
    snapshot = make_snapshot([make_task(name="<!channel> & <@U1>")])
    message = checked(render_list(snapshot, parse_command(""), now=NOW))
    assert (
        field_texts(block(message, "task_1"))[0]
        == "*Task name*\n&lt;!channel&gt; &amp; &lt;@\u200bU1&gt;"
    )


def test_long_names_are_cut_to_100_characters_with_an_ellipsis() -> None:
    snapshot = make_snapshot([make_task(name="x" * 10_000)])
    message = checked(render_list(snapshot, parse_command(""), now=NOW))
    assert field_texts(block(message, "task_1"))[0] == "*Task name*\n" + "x" * 99 + "…"


def test_blank_name_gets_a_placeholder() -> None:
    message = render_list(make_snapshot([make_task(name=" \x00 ")]), parse_command(""), now=NOW)
    assert field_texts(block(checked(message), "task_1"))[0] == "*Task name*\n(no name)"


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_search_text_is_echoed_safely(query: str) -> None:
    message = checked(render_list(make_snapshot([]), parse_command(f"search {query}"), now=NOW))
    assert_no_pings(message.to_payload())


@pytest.mark.parametrize("word", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_unknown_words_are_echoed_safely(word: str) -> None:
    message = checked(render_command(parse_command(word), make_snapshot([]), now=NOW))
    assert "&lt;" in dump(message) or "<" not in word


def test_hostile_channels_in_details() -> None:
    channels = [
        make_channel(i, device_name=name, channel_name=name, channel_id=name)
        for i, name in enumerate(HOSTILE.values())
    ]
    message = checked(render_details(make_details(channels=channels), fetched_at=NOW, now=NOW))
    assert "&lt;!channel&gt;" in dump(message)


def test_hostile_upstream_error_message() -> None:
    error = IvcApiError(
        code=500, status_code=400, api_message="<!everyone> " + "y" * 5000, request_id="<@U9>"
    )
    message = checked(render_error(error))
    assert message.text.startswith(":x: IVC refused the request: &lt;!everyone&gt;")
    assert len(message.text) <= 600


def test_hostile_stale_error_in_the_footer() -> None:
    error = IvcApiError(code=1, status_code=2, api_message="<!here>\n<@U1>", request_id="r")
    snapshot = make_snapshot([], stale=True, error=error)
    checked(render_list(snapshot, parse_command(""), now=NOW))

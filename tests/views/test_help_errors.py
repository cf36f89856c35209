"""Help, problems with the command, errors, the fetching message and the dispatcher."""

import pytest

from bot.commands import STATUS_WORDS, Command, CommandKind, parse_command
from bot.commands import words as grammar
from bot.features.tasks.command import render_command
from bot.features.tasks.help import render_help
from bot.ivc.errors import IvcAuthError, IvcHttpError
from bot.views.errors import render_error
from bot.views.notices import render_fetching
from tests.support.tasks import NOW, make_snapshot, make_tasks
from tests.views.helpers import block, checked, dump

EVERY_WORD = [
    *[w for words in STATUS_WORDS.values() for w in words],
    *grammar.SHOW_WORDS,
    *grammar.SEARCH_WORDS,
    *grammar.SUMMARY_WORDS,
    *grammar.HELP_WORDS,
    *grammar.REFRESH_WORDS,
    *grammar.PUBLIC_WORDS,
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_lists_every_word_of_both_languages(lang: str) -> None:
    text = dump(checked(render_help(lang)))
    for word in EVERY_WORD:
        assert f"`{word}" in text, word


def test_help_problem_comes_first_and_is_escaped() -> None:
    message = checked(render_help(problem="Unknown command `<!here>`"))
    assert block(message, "help_problem")["text"]["text"] == (
        ":warning: Unknown command `&lt;!here&gt;`"
    )
    assert message.text == "Unknown command `&lt;!here&gt;`"


def test_unknown_command_renders_the_word_in_code_plus_usage() -> None:
    message = checked(render_command(parse_command("frobnicate now"), make_snapshot(), now=NOW))
    assert (
        block(message, "help_problem")["text"]["text"] == ":warning: Unknown command `frobnicate`"
    )
    assert "help" in {b.get("block_id") for b in message.blocks}


def test_backticks_in_the_word_cannot_close_the_code_span() -> None:
    message = checked(render_command(parse_command("a`b"), make_snapshot(), now=NOW))
    assert block(message, "help_problem")["text"]["text"].endswith("`aˋb`")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("show", "`show` needs a TaskId, e.g. `show 0123abcd…`"),
        ("search", "`search` needs some text to look for, e.g. `search lobby`"),
    ],
)
def test_missing_arguments_explain_themselves(text: str, line: str) -> None:
    message = checked(render_command(parse_command(text), make_snapshot(), now=NOW))
    assert message.text == line


def test_chinese_problem_line() -> None:
    message = checked(render_command(parse_command("乱码"), make_snapshot(), now=NOW, lang="zh"))
    assert message.text == "未知命令 `乱码`"


@pytest.mark.parametrize(
    ("text", "header_id"),
    [
        ("pending", "tasks_header"),
        ("search x", "tasks_header"),
        ("summary", "csum_header"),
        ("help", "help_header"),
    ],
)
def test_dispatcher_routes_each_kind(text: str, header_id: str) -> None:
    message = checked(render_command(parse_command(text), make_snapshot(make_tasks(3)), now=NOW))
    assert message.blocks[0]["block_id"] == header_id


def test_dispatcher_passes_the_page() -> None:
    message = render_command(parse_command(""), make_snapshot(make_tasks(50)), now=NOW, page=3)
    assert block(checked(message), "tasks_range")["elements"][0]["text"].startswith("41–50")


def test_dispatcher_refuses_show() -> None:
    with pytest.raises(ValueError, match="render_details"):
        render_command(Command(CommandKind.SHOW, task_id="x"), make_snapshot(), now=NOW)


def test_ivc_errors_show_their_message_and_hint() -> None:
    error = IvcAuthError(code=500, status_code=401, api_message="bad signature", request_id="r-1")
    message = checked(render_error(error))
    assert message.text == (
        ":x: IVC refused the request: bad signature (Code 500, StatusCode 401, RequestId r-1): "
        "check IVC_SECRET_ID and IVC_SECRET_KEY, and that this machine's clock is right"
    )
    assert checked(render_error(IvcHttpError(502), "zh")).text.startswith(":x: IVC 出错：")


@pytest.mark.parametrize(
    "error", [RuntimeError("db password=hunter2"), KeyError("secret"), ValueError()]
)
def test_other_errors_are_generic_and_leak_nothing(error: Exception) -> None:
    message = checked(render_error(error))
    assert message.text == ":x: Something went wrong on our side; try again in a moment."
    assert "hunter2" not in dump(message) and "Traceback" not in dump(message)


def test_fetching_message() -> None:
    assert checked(render_fetching()).text == ":hourglass: Fetching tasks from IVC…"
    assert checked(render_fetching("zh")).text == ":hourglass: 正在从 IVC 获取任务…"

"""The command grammar: every word in both languages, modifiers, and bad input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands import Command, CommandKind, Problem, parse_command
from bot.tasks import StatusFilter

LIST_WORDS = [
    ("pending", StatusFilter.PENDING),
    ("待取回", StatusFilter.PENDING),
    ("retrieving", StatusFilter.RETRIEVING),
    ("running", StatusFilter.RETRIEVING),
    ("取回中", StatusFilter.RETRIEVING),
    ("retrieved", StatusFilter.RETRIEVED),
    ("done", StatusFilter.RETRIEVED),
    ("ready", StatusFilter.RETRIEVED),
    ("已取回", StatusFilter.RETRIEVED),
    ("all", StatusFilter.ALL),
    ("全部", StatusFilter.ALL),
]


@pytest.mark.parametrize(("word", "expected"), LIST_WORDS)
def test_status_words_list_with_their_filter(word: str, expected: StatusFilter) -> None:
    command = parse_command(word)
    assert command == Command(CommandKind.LIST, expected)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u3000"])
def test_empty_text_lists_all(text: str) -> None:
    assert parse_command(text) == Command(CommandKind.LIST, StatusFilter.ALL)


@pytest.mark.parametrize("text", ["PENDING", "Pending", "pEnDiNg", "ＰＥＮＤＩＮＧ"])
def test_words_are_case_insensitive(text: str) -> None:
    assert parse_command(text).status_filter is StatusFilter.PENDING


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("summary", CommandKind.SUMMARY),
        ("汇总", CommandKind.SUMMARY),
        ("SUMMARY", CommandKind.SUMMARY),
        ("help", CommandKind.HELP),
        ("帮助", CommandKind.HELP),
        ("Help", CommandKind.HELP),
    ],
)
def test_summary_and_help(text: str, kind: CommandKind) -> None:
    assert parse_command(text).kind is kind


@pytest.mark.parametrize("word", ["show", "详情", "SHOW"])
def test_show_takes_a_task_id_keeping_its_case(word: str) -> None:
    command = parse_command(f"{word} 0123ABCDef")
    assert command.kind is CommandKind.SHOW
    assert command.task_id == "0123ABCDef"


def test_show_strips_quotes_around_the_id() -> None:
    assert parse_command("show `abc123`").task_id == "abc123"


@pytest.mark.parametrize("word", ["search", "搜索", "Search"])
def test_search_takes_the_rest_of_the_text(word: str) -> None:
    command = parse_command(f"{word} Lobby  Cam")
    assert command.kind is CommandKind.SEARCH
    assert command.query == "Lobby Cam"


@pytest.mark.parametrize(
    ("text", "refresh", "public"),
    [
        ("refresh", True, False),
        ("刷新", True, False),
        ("public", False, True),
        ("公开", False, True),
        ("pending refresh", True, False),
        ("REFRESH pending", True, False),
        ("public pending 刷新", True, True),
        ("待取回 公开", False, True),
    ],
)
def test_modifiers_anywhere(text: str, refresh: bool, public: bool) -> None:
    command = parse_command(text)
    assert (command.refresh, command.public) == (refresh, public)
    assert command.kind is CommandKind.LIST


def test_modifiers_alone_list_all() -> None:
    command = parse_command("refresh public")
    assert command == Command(CommandKind.LIST, StatusFilter.ALL, refresh=True, public=True)


def test_modifiers_inside_show_and_search() -> None:
    show = parse_command("refresh show abc public")
    assert (show.kind, show.task_id, show.refresh, show.public) == (
        CommandKind.SHOW,
        "abc",
        True,
        True,
    )
    search = parse_command("search gate refresh 3")
    assert (search.query, search.refresh) == ("gate 3", True)


@pytest.mark.parametrize("text", ["frobnicate", "<!here>", "pendingx", "'pending'"])
def test_unknown_word_is_invalid_with_the_word(text: str) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.INVALID
    assert command.problem is Problem.UNKNOWN_WORD
    assert command.error == text


@pytest.mark.parametrize(
    ("text", "offending"),
    [("pending soon", "soon"), ("summary now", "now"), ("show a b", "b"), ("what now", "what")],
)
def test_extra_words_are_reported(text: str, offending: str) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.INVALID
    assert command.error == offending


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("show", Problem.MISSING_TASK_ID),
        ("详情", Problem.MISSING_TASK_ID),
        ("show refresh", Problem.MISSING_TASK_ID),
        ("search", Problem.MISSING_QUERY),
        ("搜索 公开", Problem.MISSING_QUERY),
    ],
)
def test_missing_arguments(text: str, problem: Problem) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.INVALID
    assert command.problem is problem


def test_modifiers_are_kept_on_invalid_commands() -> None:
    command = parse_command("bogus public")
    assert command.kind is CommandKind.INVALID and command.public


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x7f",
        "a" * 10_000,
        "search " + "x" * 10_000,
        "show " + "\u202e" * 50,
        '"""',
        "\ud800",
        "\ufdfa" * 40,
        "<!channel> <@U123>",
    ],
)
def test_never_raises_on_odd_input(text: str) -> None:
    assert isinstance(parse_command(text), Command)


def test_non_string_input_lists_all() -> None:
    assert parse_command(None).kind is CommandKind.LIST  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    command = parse_command(text)
    assert isinstance(command, Command)
    assert (command.kind is CommandKind.INVALID) == (command.problem is not None)


@pytest.mark.parametrize("text", ["new", "新建", "NEW", "new refresh"])
def test_new_opens_the_create_form(text: str) -> None:
    assert parse_command(text).kind is CommandKind.NEW


def test_new_takes_no_argument() -> None:
    parsed = parse_command("new gate")
    assert (parsed.kind, parsed.problem, parsed.error) == (
        CommandKind.INVALID,
        Problem.UNKNOWN_WORD,
        "gate",
    )


@pytest.mark.parametrize("word", ["delete", "删除", "DELETE"])
def test_delete_takes_a_task_id_keeping_its_case(word: str) -> None:
    parsed = parse_command(f"{word} AbC123")
    assert (parsed.kind, parsed.task_id) == (CommandKind.DELETE, "AbC123")


@pytest.mark.parametrize(
    ("text", "problem"), [("delete", Problem.MISSING_TASK_ID), ("delete a b", Problem.UNKNOWN_WORD)]
)
def test_delete_needs_exactly_one_task_id(text: str, problem: Problem) -> None:
    parsed = parse_command(text)
    assert (parsed.kind, parsed.problem) == (CommandKind.INVALID, problem)


@pytest.mark.parametrize(
    ("text", "days"), [("report", 7), ("report 7d", 7), ("report 30D", 30), ("报告 30天", 30)]
)
def test_report_periods(text: str, days: int) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.REPORT and command.report_days == days


def test_report_with_an_unknown_period_is_invalid() -> None:
    command = parse_command("report 9d")
    assert command.kind is CommandKind.INVALID and command.problem is Problem.BAD_PERIOD


@pytest.mark.parametrize("word", ["play", "PLAY", "播放"])
def test_play_takes_a_task_id_and_an_optional_channel(word: str) -> None:
    assert parse_command(f"{word} AbC") == Command(CommandKind.PLAY, task_id="AbC")
    played = parse_command(f"{word} `AbC` 'ch-2' public")
    assert (played.kind, played.task_id, played.channel_id) == (CommandKind.PLAY, "AbC", "ch-2")
    assert played.public is False, "a playback link is never posted for everyone"
    assert parse_command(word).problem is Problem.MISSING_TASK_ID
    assert parse_command(f"{word} a b c").error == "c"

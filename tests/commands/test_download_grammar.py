"""``download <TaskId> [ChannelId] [HH:MM-HH:MM]`` / ``下载``: the camera and the clip in either
order, full-width times, and one problem for a clip that is no clip."""

from __future__ import annotations

import pytest

from bot.commands import Command, CommandKind, Problem, parse_command

TASK = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("text", "channel", "clip"),
    [
        (f"download {TASK}", None, None),
        (f"下载 {TASK}", None, None),
        (f"download {TASK} 2", "2", None),
        (f"download {TASK} 09:00-09:30", None, (540, 570)),
        (f"download {TASK} 2 9:05-10:00", "2", (545, 600)),
        (f"download {TASK} 23:30-00:10 `cam-1`", "cam-1", (1410, 10)),
        (f"下载 {TASK} ０９：００－０９：３０", None, (540, 570)),
        (f"下载 {TASK} 09:00至09:30 2", "2", (540, 570)),
        (f"DOWNLOAD `{TASK}` refresh", None, None),
    ],
)
def test_the_camera_and_the_clip_in_either_order(
    text: str, channel: str | None, clip: tuple[int, int] | None
) -> None:
    parsed = parse_command(text)
    assert parsed.kind is CommandKind.DOWNLOAD and parsed.task_id == TASK
    assert (parsed.channel_id, parsed.clip) == (channel, clip)
    assert not parsed.public, "a link is never answered in the channel"


def test_public_is_ignored() -> None:
    assert parse_command(f"download {TASK} public").public is False


@pytest.mark.parametrize(
    ("text", "problem", "word"),
    [
        ("download", Problem.MISSING_TASK_ID, "download"),
        ("下载", Problem.MISSING_TASK_ID, "下载"),
        (f"download {TASK} 25:00-26:00", Problem.BAD_CLIP, "25:00-26:00"),
        (f"download {TASK} 09:00-09:00", Problem.BAD_CLIP, "09:00-09:00"),
        (f"download {TASK} 9:00", Problem.BAD_CLIP, "9:00"),
        (f"download {TASK} 09:60-10:00", Problem.BAD_CLIP, "09:60-10:00"),
        (f"download {TASK} 1 2", Problem.UNKNOWN_WORD, "2"),
        (f"download {TASK} 09:00-09:10 10:00-10:10", Problem.UNKNOWN_WORD, "10:00-10:10"),
        (f"download {TASK} 1 09:00-09:10 x", Problem.UNKNOWN_WORD, "x"),
    ],
)
def test_bad_input_is_one_problem(text: str, problem: Problem, word: str) -> None:
    parsed = parse_command(text)
    assert parsed == Command(CommandKind.INVALID, error=word, problem=problem)

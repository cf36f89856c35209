"""A task's link and the TaskId a posted link names."""

import pytest

from bot.views.task_link import TaskLinks

LINKS = TaskLinks("https://Tasks.example.com/ops")


def test_a_task_link():
    assert LINKS.url("8f3c_a-1") == "https://Tasks.example.com/ops/tasks/8f3c_a-1"
    assert LINKS.url("a/b") is None and LINKS.url("") is None


@pytest.mark.parametrize(
    ("posted", "task_id"),
    [
        ("https://tasks.example.com/ops/tasks/8f3c", "8f3c"),
        ("https://tasks.example.com/ops/tasks/8f3c/?from=mail#top", "8f3c"),
        ("http://tasks.example.com/ops/tasks/8f3c", None),
        ("https://tasks.example.com/tasks/8f3c", None),
        ("https://tasks.example.com.evil.test/ops/tasks/8f3c", None),
        ("https://tasks.example.com/ops/tasks/8f3c/more", None),
        ("https://tasks.example.com/ops/tasks/", None),
        ("https://tasks.example.com/ops/tasks/%3Cb%3E", None),
        ("not a link", None),
    ],
)
def test_the_task_id_a_link_names(posted, task_id):
    assert LINKS.task_id_of(posted) == task_id

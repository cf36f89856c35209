"""Chinese rendering: every label translated, nothing English leaking into the list."""

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.commands import parse_command
from bot.features.tasks.task_list import render_list
from bot.ivc.errors import IvcTimeoutError
from bot.ivc.models import TaskStatus
from bot.views.i18n import EN, ZH, label, normalise_lang
from tests.support.tasks import NOW, make_snapshot, make_task, make_tasks
from tests.views.helpers import block, buttons, checked, dump, field_texts

# Labels equal in both languages by design (units, separators, placeholders).
SHARED = {"header.count", "capacity.none", "ivc.api", "ivc.secret_id", "ivc.secret_key"}


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(EN) == set(ZH)


def test_every_chinese_label_is_translated() -> None:
    same = {key for key in EN if EN[key] == ZH[key]}
    assert same <= SHARED


def _english_words(text: str) -> set[str]:
    """Words of a label that are English prose (not placeholders, emoji, code or units)."""
    text = re.sub(r"\{[^}]*\}|:[a-z0-9_]+:|`[^`]*`|<[^>]*>", " ", text)
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in {"IVC", "TaskId"}}


LIST_VIEW_WORDS = sorted(
    {
        word
        for key, text in EN.items()
        if not key.startswith(
            (
                "help.",
                "problem.",
                "details.",
                "summary.",
                "error.",
                "form.",
                "refusal.",
                "delete.",
                "watch.",  # direct messages and watch answers, never in the list
                "ivc.",  # the IVC connection: App Home and its modal, never in the list
            )
        )
        and not key.startswith("play.")  # Play labels never show in a list
        and not key.startswith("download.")  # nor do Download's (its menu item is "menu.")
        for word in _english_words(text)
    }
)


def test_the_english_word_list_is_not_empty() -> None:
    assert {"Pending", "Previous", "Next", "Refresh", "updated", "kept"} <= set(LIST_VIEW_WORDS)


def _shown_text(value: Any) -> list[str]:
    """The strings Slack displays: every ``text`` value (button values are not shown)."""
    if isinstance(value, dict):
        own = [value["text"]] if isinstance(value.get("text"), str) else []
        return own + [s for key, item in value.items() if key != "value" for s in _shown_text(item)]
    if isinstance(value, list):
        return [s for item in value for s in _shown_text(item)]
    return []


@pytest.mark.parametrize("text", ["", "待取回", "pending", "搜索 任务", "搜索 无此任务"])
def test_no_english_label_leaks_into_the_chinese_list(text: str) -> None:
    tasks = [replace(t, name=f"任务{i}") for i, t in enumerate(make_tasks(45))]
    tasks.append(make_task(task_id="odd", name="奇怪", status=9, mode=2))
    error = IvcTimeoutError("timeout")
    snapshot = make_snapshot(
        tasks,
        stale=True,
        error=error,
        skipped=2,
        fetched_at=NOW - timedelta(minutes=4),
    )
    message = checked(render_list(snapshot, parse_command(text), page=2, now=NOW, lang="zh"))
    # the IVC error's own text is embedded as it is (its English words are not labels)
    shown = " ".join(_shown_text(message.to_payload())).replace(str(error), "")
    leaked = [word for word in LIST_VIEW_WORDS if re.search(rf"\b{word}\b", shown)]
    assert leaked == []


def test_chinese_field_labels_and_buttons() -> None:
    snapshot = make_snapshot(make_tasks(45))
    message = checked(render_list(snapshot, parse_command("全部"), page=2, now=NOW, lang="zh"))
    assert block(message, "tasks_header")["text"]["text"] == "全部任务 · 45"
    labels = [f.split("\n")[0] for f in field_texts(block(message, "task_21"))]
    assert labels == [
        "*任务名称*",
        "*任务 ID*",
        "*状态*",
        "*时间范围*",
        "*模式*",
        "*容量*",
        "*副本有效期*",
    ]
    assert [b["text"]["text"] for b in buttons(message).values()] == ["上一页", "下一页", "刷新"]
    assert "更新于 12 秒前" in dump(message)


@pytest.mark.parametrize(
    ("filter_word", "title"),
    [("待取回", "待取回任务"), ("取回中", "取回中任务"), ("已取回", "已取回任务")],
)
def test_chinese_filter_titles(filter_word: str, title: str) -> None:
    snapshot = make_snapshot([make_task(status=TaskStatus.PENDING)])
    message = checked(render_list(snapshot, parse_command(filter_word), now=NOW, lang="zh"))
    assert block(message, "tasks_header")["text"]["text"].startswith(title)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "zh"), ("zh-CN", "zh"), ("zh_TW", "zh"), ("en", "en"), ("fr", "en"), (None, "en")],
)
def test_language_normalisation(lang: str | None, expected: str) -> None:
    assert normalise_lang(lang) == expected


def test_unknown_language_falls_back_to_english() -> None:
    assert label("de", "button.next") == "Next"

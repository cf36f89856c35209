"""The per-user limit: a sliding window per workspace and user, on the
injected clock; refused requests do not count; the refusal is one line in en and zh."""

from __future__ import annotations

from bot.slack.user_throttle import UserThrottle
from bot.views.message import MessageKind
from bot.views.notices import render_too_fast
from tests.support.clock import FakeClock


def test_ten_per_ten_seconds_per_workspace_and_user():
    clock = FakeClock()
    throttle = UserThrottle(10, 10.0, clock=clock)
    for _ in range(10):
        assert throttle.wait("T1", "U1") == 0
        clock.advance(0.5)
    assert throttle.wait("T1", "U1") == 5.0  # the first of the ten leaves the window then
    assert throttle.wait("T1", "U2") == 0, "another user"
    assert throttle.wait("T2", "U1") == 0, "the same user id in another workspace"
    clock.advance(4.9)
    assert throttle.wait("T1", "U1") > 0
    clock.advance(0.1)
    assert throttle.wait("T1", "U1") == 0


def test_refusals_do_not_count():
    clock = FakeClock()
    throttle = UserThrottle(2, 10.0, clock=clock)
    assert throttle.wait("T", "U") == 0 and throttle.wait("T", "U") == 0
    for _ in range(50):
        assert throttle.wait("T", "U") > 0
    clock.advance(10)
    assert throttle.wait("T", "U") == 0


def test_the_refusal_is_one_line_in_both_languages():
    en, zh = render_too_fast(3, "en"), render_too_fast(3, "zh")
    assert en.kind is zh.kind is MessageKind.REFUSED
    assert en.text == ":raised_hand: Too many requests in a short time: try again in 3 s."
    assert zh.text == ":raised_hand: 短时间内请求过多：请 3 秒后再试。"
    assert len(en.blocks) == len(zh.blocks) == 1

"""The learned secrets' matcher: every occurrence of every secret is found, wherever it lies
in the text and inside longer words, however many secrets share pieces; the oldest is
forgotten beyond the limit; values too short to be credentials are refused."""

from __future__ import annotations

import random
import string

import pytest

from bot.secret_set import MIN_LENGTH, PIECE, SecretSet

R = "[r]"
CHARS = string.ascii_letters + string.digits


def random_keys(count: int, length: int = 32, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(CHARS, k=length)) for _ in range(count)]


def test_a_secret_is_found_at_every_offset_inside_a_longer_word():
    secret = 'sk-Aa0"Bb1\\Cc2 Dd3'[:MIN_LENGTH]  # quotes and backslashes are just characters
    secrets = SecretSet(10)
    secrets.add(secret)
    for before in range(2 * PIECE + 1):
        for after in range(PIECE + 1):
            text = "x" * before + secret + "y" * after
            assert secrets.redact(text, R) == "x" * before + R + "y" * after, (before, after)


def test_every_occurrence_is_replaced_and_overlapping_secrets_are_one_span():
    first, second = "AAAA1111BBBB2222", "BBBB2222CCCC3333DDDD"  # second starts inside first
    secrets = SecretSet(10)
    secrets.add(first)
    secrets.add(second)
    text = f"a {first} b {first}CCCC3333DDDD c {second}{first} d"
    assert secrets.redact(text, R) == f"a {R} b {R} c {R}{R} d"  # side by side: two
    assert secrets.redact("nothing here at all, 1234567890", R) == "nothing here at all, 1234567890"


def test_ten_thousand_secrets_are_each_found():
    keys = random_keys(10_000)
    secrets = SecretSet(20_000)
    for key in keys:
        secrets.add(key)
    for number, key in enumerate(keys[::97]):
        text = f"{'z' * (number % 11)}{key}tail"
        assert secrets.redact(text, R) == f"{'z' * (number % 11)}{R}tail"


def test_tokens_sharing_a_long_prefix_are_each_found():
    prefix = "STS" + "p" * 200
    tokens = [prefix + tail for tail in random_keys(300, length=24)]
    secrets = SecretSet(1000)
    for token in tokens:
        secrets.add(token)
    for token in tokens:
        assert secrets.spans(f"q{token}q") == [(1, 1 + len(token))]
    assert secrets.spans(f"q{prefix}q") == []


def test_the_oldest_secret_is_forgotten_beyond_the_limit_unless_added_again():
    first, second, third = random_keys(3)
    secrets = SecretSet(2)
    secrets.add(first)
    secrets.add(second)
    secrets.add(first)  # used again: the most recent now
    secrets.add(third)
    assert (first in secrets, second in secrets, third in secrets) == (True, False, True)
    assert secrets.redact(f"{first} {second} {third}", R) == f"{R} {second} {R}"


def test_a_value_too_short_to_be_a_credential_is_refused():
    with pytest.raises(ValueError, match="at least 16 characters"):
        SecretSet(10).add("x" * (MIN_LENGTH - 1))

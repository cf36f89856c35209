"""The folder's ``wire``: its module's app (``wire_session``, from ``app_session``) reset
before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import reset_for_test
from tests.support.in_process import InProcess


@pytest.fixture
def wire(wire_session: InProcess) -> Iterator[InProcess]:
    with reset_for_test(wire_session) as wire:
        yield wire

"""The reliability suite: every app it starts and every payload it collects is checked for
credentials once the session ends (``AUDIT``)."""

from collections.abc import Iterator

import pytest

from tests.support.reliability import AUDIT, SecretAudit, record_result


@pytest.fixture(scope="session", autouse=True)
def secret_audit() -> Iterator[SecretAudit]:
    """The session's audit; at the end, no credential may appear in anything it collected."""
    yield AUDIT
    places, chars = AUDIT.size()
    if places:
        record_result(
            "secrets",
            {
                "places_checked": places,
                "characters_checked": chars,
                "apps": len(AUDIT.apps),
                "leaks": AUDIT.leaks(),
            },
        )
    AUDIT.check()

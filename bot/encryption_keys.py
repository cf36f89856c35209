"""The keys of TOKEN_ENCRYPTION_KEY, parsed once: the settings check them at start-up and the
stores encrypt with them (a module of its own so that the settings need nothing of the store)."""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet

GENERATE_HINT = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def parse_keys(text: str) -> MultiFernet:
    """The keys of TOKEN_ENCRYPTION_KEY (comma-separated, first used for writing).

    Raises ``ValueError`` naming the position of a bad key, never its value."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise ValueError(f"no key given; generate one with {GENERATE_HINT}")
    keys = []
    for position, part in enumerate(parts, 1):
        try:
            keys.append(Fernet(part.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            raise ValueError(
                f"key {position} is not a Fernet key (32 url-safe base64-encoded bytes); "
                f"generate one with {GENERATE_HINT}"
            ) from None
    return MultiFernet(keys)

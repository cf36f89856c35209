"""``python -m bot manifest``: ``manifest.yaml`` with PUBLIC_URL's domain in ``unfurl_domains``
(the repository's copy keeps a placeholder), ready to paste into Slack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bot import logs
from bot.config import ConfigError, load_settings

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"
PLACEHOLDER = "    - tasks.example.com\n"
"""The one ``unfurl_domains`` entry of the repository's manifest."""


def with_domain(manifest: str, public_url: str) -> str:
    """``manifest`` with the placeholder domain replaced by ``public_url``'s host."""
    host = (urlsplit(public_url).hostname or "").lower()
    if PLACEHOLDER not in manifest:
        raise ConfigError("manifest.yaml has no placeholder unfurl domain (tasks.example.com)")
    return manifest.replace(PLACEHOLDER, f"    - {host}\n", 1)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(need_ivc=False)
        base = settings.public_base
        if base is None:
            raise ConfigError(
                "PUBLIC_URL is not set: set it to the app's public address (e.g. "
                "https://tasks.example.com) to print the manifest with its domain"
            )
        if not MANIFEST.is_file():
            raise ConfigError(f"{MANIFEST} not found: run this from a checkout of the repository")
        sys.stdout.write(with_domain(MANIFEST.read_text(encoding="utf-8"), base))
    except ConfigError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
    return 0

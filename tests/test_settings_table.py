"""The README's settings table is the one generated from the settings class."""

from __future__ import annotations

from bot.cli.settings_table import settings_rows, settings_table
from bot.config import Settings
from tests.support.paths import ROOT

README = ROOT / "README.md"


def readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n### Settings\n", 1)[1].split("\n### ", 1)[0]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join(lines[start:end])


def test_readme_table_is_the_generated_one():
    assert readme_table() == settings_table(), (
        "README's settings table is out of date: paste `python -m bot settings-table` "
        "into the 'Settings' subsection"
    )


def test_every_setting_has_a_row_and_secrets_are_marked():
    rows = {
        variable.strip("`"): (default, secret) for variable, default, secret, _ in settings_rows()
    }
    assert set(rows) == {name.upper() for name in Settings.model_fields}
    for name in (
        "IVC_SECRET_KEY",
        "IVC_SECURITY_TOKEN",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_CLIENT_SECRET",
        "TOKEN_ENCRYPTION_KEY",
    ):
        assert rows[name][1] == "**secret**", name
    assert rows["IVC_SECRET_ID"][1] == "" and rows["PORT"] == ("`3000`", "")
    assert rows["SHUTDOWN_TIMEOUT_SECONDS"][0] == "`20`"

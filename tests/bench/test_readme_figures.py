"""The README's figures are the recorded results files' figures, from one ``bot/`` tree."""

from pathlib import Path
from typing import Any

import pytest

from bench import readme
from bench.recorded import Recorded, Refused, load
from tests.support.paths import ROOT


def test_the_readme_agrees_with_the_results_files() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = readme.rewrite(text, readme.sections(load()))
    assert expected == text, "README.md's figures drifted: run python -m bench readme"


def test_every_section_is_marked_once_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in readme.SECTIONS:
        assert text.count(f"<!-- figures:{name} -->") == 1, name
        assert text.count(f"<!-- /figures:{name} -->") == 1, name


def _stamp(tree: str, *, clean: bool = True, date: str = "2026-12-06T08:00:00+00:00") -> Any:
    return {"commit": "c" * 40, "bot_tree": tree, "clean": clean, "date": date}


def _recorded(*stamps: Any) -> Recorded:
    first, *rest = stamps
    reliability = {f"r{i}": {"recorded": s} for i, s in enumerate(rest)}
    return Recorded({"b1_cache_hit": {"recorded": first}}, reliability, {"recorded": first})


def test_files_from_one_bot_tree_are_quoted_with_the_newest_stamp() -> None:
    newest = _stamp("a", date="2026-12-06T09:00:00+00:00")
    assert _recorded(_stamp("a"), newest).stamp() is newest


@pytest.mark.parametrize(
    ("stamps", "message"),
    [
        ((_stamp("a"), _stamp("b")), "different bot/ trees"),
        ((_stamp("a"), _stamp("a", clean=False)), "uncommitted changes"),
        ((_stamp("a"), None), "not recorded by python -m bench record"),
    ],
)
def test_files_that_cannot_be_quoted_together_are_refused(stamps: Any, message: str) -> None:
    with pytest.raises(Refused, match=message):
        _recorded(*stamps).stamp()


def test_a_section_is_replaced_between_its_markers_only() -> None:
    text = "a\n<!-- figures:x -->\nold\nlines\n<!-- /figures:x -->\nb\n"
    assert (
        readme.rewrite(text, {"x": "new"}) == "a\n<!-- figures:x -->\nnew\n<!-- /figures:x -->\nb\n"
    )
    empty = "<!-- figures:x -->\n<!-- /figures:x -->"
    assert readme.rewrite(empty, {"x": "new"}) == "<!-- figures:x -->\nnew\n<!-- /figures:x -->"
    with pytest.raises(Refused, match="no <!-- figures:y -->"):
        readme.rewrite(text, {"y": "new"})


def test_the_readme_command_refuses_mixed_files(tmp_path: Path, monkeypatch) -> None:
    mixed = _recorded(_stamp("a"), _stamp("b"))
    monkeypatch.setattr(readme, "load", lambda: mixed)
    page = tmp_path / "README.md"
    page.write_text("<!-- figures:x -->\n<!-- /figures:x -->\n")
    assert readme.main(["--readme", str(page)]) == 2
    assert page.read_text() == "<!-- figures:x -->\n<!-- /figures:x -->\n"

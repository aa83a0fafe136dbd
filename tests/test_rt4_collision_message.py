"""Red team 4: two cases of one run whose diarienummer give one file name are named so that the user
sees what differs: an invisible character or a line break in one of them is shown as an escape, on one line
(the hint printed 'KS 2024/1' and 'KS 2024/1' for a zero-width space, and broke the line for a newline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import VALID, run_tjs


@pytest.mark.parametrize(("written", "shown"), [("\\u200b", "\\u200b"), ("\\u202e", "\\u202e"), ("\\n", "\\n")])
def test_the_collision_hint_shows_what_differs_on_one_line(tmp_path: Path, capsys, written: str, shown: str) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(VALID, encoding="utf-8")
    second.write_text(VALID.replace("KS 2021/123", f'"KS 2021/123{written}"'), encoding="utf-8")
    code, _, err = run_tjs(capsys, "render", first, second, "-o", tmp_path / "out", "-j", "1")
    assert code == 1
    hint = next(line for line in err.splitlines() if "hint:" in line)
    assert f"'KS 2021/123' and 'KS 2021/123{shown}' both give the file name KS-2021-123.docx" in hint, err

"""Red team 4: an output folder (-o) whose name is taken by a file or a link to no folder is named as such;
the message said only "File exists" (of a folder the user meant to be created)."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import VALID, run_tjs, write


@pytest.mark.parametrize("kind", ["file", "case file", "broken link", "looping link"])
def test_an_output_folder_that_is_no_folder_is_named_so(tmp_path: Path, capsys, kind: str) -> None:
    case = write(tmp_path, VALID)
    out = case if kind == "case file" else tmp_path / "out"
    if kind == "file":
        out.write_text("x", encoding="utf-8")
    elif kind == "broken link":
        out.symlink_to(tmp_path / "nowhere")
    elif kind == "looping link":
        out.symlink_to(tmp_path / "other")
        (tmp_path / "other").symlink_to(out)
    before = case.read_bytes()
    code, _, err = run_tjs(capsys, "render", case, "-o", out)
    assert code == 1 and "internal error" not in err, err
    assert f"cannot create the output folder {out}: it is a file, or a link to no folder; nothing was written" in err
    assert "hint: render into a folder (-o FOLDER)" in err
    assert case.read_bytes() == before  # -o the case file itself: left as it was

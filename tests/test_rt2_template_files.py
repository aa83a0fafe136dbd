"""Red team 2: odd files named like templates in a project's template folder (a folder, a pipe, a
broken link): an error naming the file, or nothing when no render uses them; never exit 3 or a hang."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from samples import VALID, run_tjs

KINDS: dict[str, Callable[[Path], None]] = {
    "folder": lambda path: path.mkdir(),
    "pipe": lambda path: os.mkfifo(path),  # reading it for the inputs digest never returned
    "broken link": lambda path: path.symlink_to(path.with_name("finns-inte.md.j2")),
}


def _project(tmp_path: Path, name: str, kind: str) -> Path:
    (tmp_path / "mallar" / "delar").mkdir(parents=True)
    KINDS[kind](tmp_path / "mallar" / name)
    (tmp_path / "tjs.yaml").write_text("mallar: mallar\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(VALID, encoding="utf-8")
    return case


@pytest.mark.parametrize("kind", KINDS)
def test_one_in_place_of_a_built_in_template_is_an_error_at_validate_and_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    case = _project(tmp_path, "delar/avsnitt.md.j2", kind)
    commands: list[list[str | Path]] = [["validate", case], ["render", case, "-o", tmp_path / "ut", "-j", "1"]]
    for command in commands:
        code, _, err = run_tjs(capsys, *command)
        assert code == 1 and "mallar/delar/avsnitt.md.j2 is not a regular file" in err, err
    code, _, err = run_tjs(capsys, "templates", "list", "--config", tmp_path / "tjs.yaml")
    assert code != 3 and "internal error" not in err, err


@pytest.mark.parametrize("kind", KINDS)
def test_one_no_template_uses_is_passed_over(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    # `sources` took the first regular file of that name on the search path: IndexError, exit 3.
    case = _project(tmp_path, "egen.md.j2", kind)
    code, _, err = run_tjs(capsys, "validate", case)  # validate compiles every *.j2 file it finds, used or not
    assert (code, err) == (0, "1 of 1 case valid\n") if kind == "folder" else "egen.md.j2 is not a regular" in err
    for _ in range(2):  # the second run compares the inputs digest
        code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "ut", "-j", "1")
        assert code == 0, err
    assert (tmp_path / "ut" / "KS-2021-123.docx").is_file()


def test_a_template_not_in_utf8_is_named_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _project(tmp_path, "egen.md.j2", "folder")
    (tmp_path / "mallar" / "egen.md.j2").rmdir()
    (tmp_path / "mallar" / "egen.md.j2").write_bytes("Rad ett\nRad två\nR\xe4d tre\n".encode("latin-1"))
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "egen.md.j2 is not UTF-8 text (line 2, byte 14)" in err, err

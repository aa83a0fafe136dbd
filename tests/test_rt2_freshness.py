"""Red team 2: an incremental run knows a project's templates by walking its folders; a template it
would not see (in a hidden or a linked folder) is refused, never rendered once and then left stale."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest
from samples import REPO, VALID, run_tjs

BUILTIN = (REPO / "templates" / "tjansteskrivelse.md.j2").read_text(encoding="utf-8")


def _project(tmp_path: Path, folder: str) -> Path:
    """A case whose memo template includes ``folder/extra.md.j2`` (with one line of its own)."""
    mallar = tmp_path / "mallar"
    (mallar / "delar").mkdir(parents=True)
    (mallar / "tjansteskrivelse.md.j2").write_text(f'{{% include "{folder}/extra.md.j2" %}}\n' + BUILTIN, "utf-8")
    (tmp_path / "tjs.yaml").write_text("mallar: mallar\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(VALID, encoding="utf-8")
    return case


def _render(capsys: pytest.CaptureFixture[str], case: Path) -> tuple[int, str]:
    code, _, err = run_tjs(capsys, "render", case, "-o", case.parent / "ut", "-j", "1")
    return code, err


def test_a_template_in_a_hidden_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _project(tmp_path, ".delar")
    (tmp_path / "mallar" / ".delar").mkdir()
    (tmp_path / "mallar" / ".delar" / "extra.md.j2").write_text("Första versionen.\n", encoding="utf-8")
    code, err = _render(capsys, case)
    # It was rendered, and a change to it was never seen again: the next run said "up to date".
    assert code == 1 and "tjansteskrivelse.md.j2:1: template " in err and "in a hidden folder (.delar)" in err, err
    assert not (tmp_path / "ut" / "KS-2021-123.docx").exists()


def test_a_template_in_a_linked_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _project(tmp_path, "lankad")
    (tmp_path / "mallar" / "delar" / "extra.md.j2").write_text("Första versionen.\n", encoding="utf-8")
    (tmp_path / "mallar" / "lankad").symlink_to(tmp_path / "mallar" / "delar", target_is_directory=True)
    code, err = _render(capsys, case)
    assert code == 1 and "in a linked folder (lankad)" in err, err


def test_a_template_in_an_ordinary_folder_is_seen_when_it_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _project(tmp_path, "delar")
    extra = tmp_path / "mallar" / "delar" / "extra.md.j2"
    extra.write_text("Första versionen.\n", encoding="utf-8")
    assert _render(capsys, case) == (0, "1 of 1 case rendered\n")
    extra.write_text("Andra versionen.\n", encoding="utf-8")
    os.utime(extra, (1_600_000_000, 1_600_000_000))  # a copy keeps its old time
    assert _render(capsys, case) == (0, "1 of 1 case rendered\n")
    text = [p.text for p in docx.Document(str(tmp_path / "ut" / "KS-2021-123.docx")).paragraphs]
    assert "Andra versionen." in text and "Första versionen." not in text

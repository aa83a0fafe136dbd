"""Incremental runs notice a tjs.yaml or a template override deleted or added since the last run.

No file time shows such a change (what the render falls back to is old; a copied file keeps its
time), so each .docx carries a digest of what it was made from (freshness.py) and a second run
compares it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import pytest
from samples import REPO, VALID, run_tjs

from tjansteskrivelse.accessibility import check_document
from tjansteskrivelse.freshness import STAMP, stamp, stamped

A_WHILE_AGO = 1_600_000_000  # seconds; inputs older than any output written now
OWN_LINE = "Egen rad ur mallen."
RENDERED, SKIPPED = "1 of 1 case rendered\n", "0 of 1 case rendered, 1 skipped, up to date\n"


def _old(*paths: Path) -> None:
    for path in paths:
        os.utime(path, (A_WHILE_AGO, A_WHILE_AGO))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A case under a tjs.yaml whose `mallar:` overrides delar/avsnitt.md.j2 with one line more; all old."""
    (tmp_path / "mallar" / "delar").mkdir(parents=True)
    builtin = (REPO / "templates" / "delar" / "avsnitt.md.j2").read_text(encoding="utf-8")
    override = tmp_path / "mallar" / "delar" / "avsnitt.md.j2"
    override.write_text(builtin + f"\n{OWN_LINE}\n", encoding="utf-8")
    (tmp_path / "tjs.yaml").write_text("mallar: mallar\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(VALID, encoding="utf-8")
    _old(override, tmp_path / "tjs.yaml", case)
    return case


def _render(capsys: pytest.CaptureFixture[str], case: Path) -> str:
    code, _, err = run_tjs(capsys, "render", case, "-o", case.parent / "ut", "-j", "1")
    assert code == 0, err
    return err


def _memo_text(case: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(case.parent / "ut" / "KS-2021-123.docx")).paragraphs)


def test_a_deleted_template_override_renders_the_case_again(project: Path, capsys) -> None:
    assert _render(capsys, project) == RENDERED and OWN_LINE in _memo_text(project)
    assert _render(capsys, project) == SKIPPED
    (project.parent / "mallar" / "delar" / "avsnitt.md.j2").unlink()
    assert _render(capsys, project) == RENDERED
    assert OWN_LINE not in _memo_text(project)
    assert _render(capsys, project) == SKIPPED


def test_a_deleted_tjs_yaml_renders_the_case_again(project: Path, capsys) -> None:
    assert _render(capsys, project) == RENDERED
    (project.parent / "tjs.yaml").unlink()
    assert _render(capsys, project) == RENDERED
    assert OWN_LINE not in _memo_text(project)


def test_an_added_tjs_yaml_or_override_with_an_old_file_time_renders_the_case_again(project: Path, capsys) -> None:
    config, override = project.parent / "tjs.yaml", project.parent / "mallar" / "delar" / "avsnitt.md.j2"
    config.rename(project.parent / "tjs.yaml.bak")
    assert _render(capsys, project) == RENDERED and OWN_LINE not in _memo_text(project)
    (project.parent / "tjs.yaml.bak").rename(config)  # back, with its old time (as `cp -p` or a restore leaves it)
    assert _render(capsys, project) == RENDERED and OWN_LINE in _memo_text(project)
    # --templates: an override added (copied with its old time) is noticed too
    shutil.copy2(override, project.parent / "avsnitt.md.j2")
    override.unlink()
    args: list[str | Path] = ["--templates", project.parent / "mallar"]
    assert run_tjs(capsys, "render", project, "-o", project.parent / "ut", "-j", "1", *args)[2] == RENDERED
    assert OWN_LINE not in _memo_text(project)
    shutil.copy2(project.parent / "avsnitt.md.j2", override)
    assert run_tjs(capsys, "render", project, "-o", project.parent / "ut", "-j", "1", *args)[2] == RENDERED
    assert OWN_LINE in _memo_text(project)


def test_a_case_file_put_back_with_an_old_file_time_renders_again(project: Path, capsys) -> None:
    """`cp -p` of a backup, or an unpacked archive, gives the case file a time older than its documents."""
    assert _render(capsys, project) == RENDERED
    project.write_text(VALID.replace("rubrik: Ny förskola i Kolla", "rubrik: Ny förskola i Vallda"), encoding="utf-8")
    _old(project)
    assert _render(capsys, project) == RENDERED
    assert "Ny förskola i Vallda" in _memo_text(project)
    project.write_text(VALID + "# a comment changes no value\n", encoding="utf-8")  # back, with a comment
    _old(project)
    assert _render(capsys, project) == RENDERED and "Ny förskola i Kolla" in _memo_text(project)
    _old(project)
    assert _render(capsys, project) == SKIPPED


def test_the_stamp_is_the_zip_comment_and_the_document_stays_valid(project: Path, capsys) -> None:
    _render(capsys, project)
    memo = project.parent / "ut" / "KS-2021-123.docx"
    digest = stamped(memo)
    assert digest is not None and len(digest) == 64
    assert memo.read_bytes().endswith(STAMP + digest.encode("ascii"))
    assert check_document(memo) == []
    assert stamp(b"not a zip", digest) == b"not a zip"  # never stamped: never counts as up to date


def test_line_endings_do_not_change_the_bytes(project: Path, capsys) -> None:
    """A checkout with CRLF line endings renders the same bytes (YAML and Jinja read both alike)."""
    _render(capsys, project)
    memo = project.parent / "ut" / "KS-2021-123.docx"
    before = memo.read_bytes()
    for path in (project.parent / "tjs.yaml", project.parent / "mallar" / "delar" / "avsnitt.md.j2"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert _render(capsys, project) == RENDERED  # newer files: rendered again, to the same bytes
    assert memo.read_bytes() == before

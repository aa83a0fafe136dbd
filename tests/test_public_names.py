"""Two cases whose diarienummer differ only by a personnummer share one public file name: refused, clearly.

Telling the two public versions apart by name would need something derived from the personnummer,
which the public version must not show (public_names.py); so the second case is refused, naming
both case files where they write the diarienummer, and the first case's public version stays.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from samples import TWIN_NUMBERS, run_tjs, twin_cases

PUBLIC = "KS-2024-AAMMDD-XXXX-publicering.docx"
NUMBERS = TWIN_NUMBERS


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_cases_in_one_run_are_refused_naming_both_case_files(tmp_path: Path, capsys, jobs: str) -> None:
    a, b = twin_cases(tmp_path, "KS 2024/")
    code, _, err = run_tjs(capsys, "render", a, b, "-o", tmp_path / "ut", "--publicering", "-j", jobs)
    assert code == 1
    assert f"{b}:1:15: the public version {PUBLIC} would also be the public version of {a}:1:15" in err
    assert "differ only by a personnummer" in err and "render the two cases into different folders" in err
    assert not any(number in err for number in NUMBERS)  # the message shows no personnummer
    names = sorted(p.name for p in (tmp_path / "ut").iterdir())
    assert names == ["KS-2024-19121212-1212.docx", PUBLIC]  # a's documents; nothing of b
    assert "Ärende a" in _text(tmp_path / "ut" / PUBLIC) and "Ärende b" not in _text(tmp_path / "ut" / PUBLIC)


def test_a_later_run_does_not_overwrite_the_other_cases_public_version(tmp_path: Path, capsys) -> None:
    a, b = twin_cases(tmp_path, "KS 2024/")
    out = tmp_path / "ut"
    assert run_tjs(capsys, "render", a, "-o", out, "--publicering")[0] == 0
    before = (out / PUBLIC).read_bytes()
    code, _, err = run_tjs(capsys, "render", b, "-o", out, "--publicering")
    assert code == 1
    assert f"{b}:1:15: the public version {PUBLIC} would also be the public version of the case whose document" in err
    assert not any(number in err for number in NUMBERS)
    assert (out / PUBLIC).read_bytes() == before and "Ärende a" in _text(out / PUBLIC)
    assert not (out / "KS-2024-19121212-1204.docx").exists()
    # The case's own public version is still rewritten; without --publicering b renders as before.
    assert run_tjs(capsys, "render", a, "-o", out, "--publicering", "--force")[0] == 0
    assert run_tjs(capsys, "render", b, "-o", out)[0] == 0
    # b's official document now in the folder: a's public version is refused in turn.
    code, _, err = run_tjs(capsys, "render", a, "-o", out, "--publicering", "--force")
    assert code == 1 and f"{a}:1:15: the public version {PUBLIC}" in err


def test_a_public_file_another_case_wrote_is_never_taken_as_up_to_date(tmp_path: Path, capsys) -> None:
    a, b = twin_cases(tmp_path, "KS 2024/")
    out = tmp_path / "ut"
    assert run_tjs(capsys, "render", b, "-o", out)[0] == 0  # b's official documents only
    assert run_tjs(capsys, "render", a, "-o", out, "--publicering")[0] == 1  # refused: b's are there
    (out / "KS-2024-19121212-1204.docx").unlink()
    assert run_tjs(capsys, "render", a, "-o", out, "--publicering")[0] == 0  # a's public version
    assert run_tjs(capsys, "render", b, "-o", out)[0] == 0  # b's official ones again, newer than it
    # b with --publicering: every file it would have exists and is new, but the public one is a's
    code, _, err = run_tjs(capsys, "render", b, "-o", out, "--publicering")
    assert code == 1 and "skipped" not in err and f"{b}:1:15: the public version {PUBLIC}" in err
    assert "Ärende a" in _text(out / PUBLIC)

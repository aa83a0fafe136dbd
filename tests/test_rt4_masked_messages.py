"""Red team 4: two diarienummer that differ only inside a personnummer (a dash pasted from Word, '–' for
'-') give one file name; the refusal showed both masked, so it read "belongs to case 'KS ÅÅMMDD-XXXX', not
'KS ÅÅMMDD-XXXX'": the user could not see why. It now says where they differ, still without the number."""

from __future__ import annotations

from pathlib import Path

from samples import VALID, run_tjs

NOTE = "(they differ inside a personnummer, which is not shown)"


def _cases(folder: Path) -> tuple[Path, Path]:
    paths = []
    for name, number in (("a", "19121212-1212"), ("b", "19121212–1212")):  # hyphen, en dash
        path = folder / f"{name}.yaml"
        path.write_text(VALID.replace("KS 2021/123", f"KS {number}"), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_across_runs_the_refusal_says_where_they_differ(tmp_path: Path, capsys) -> None:
    a, b = _cases(tmp_path)
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", a, "-o", out)[0] == 0
    code, _, err = run_tjs(capsys, "render", b, "-o", out)
    assert code == 1
    assert f"belongs to case 'KS ÅÅMMDD-XXXX', not 'KS ÅÅMMDD-XXXX' {NOTE}, which gives the same file name" in err
    assert "19121212" not in err.replace("KS-19121212-1212.docx", "")  # only the official file's own name shows it


def test_in_one_run_the_hint_says_where_they_differ(tmp_path: Path, capsys) -> None:
    a, b = _cases(tmp_path)
    code, _, err = run_tjs(capsys, "render", a, b, "-o", tmp_path / "out", "-j", "1")
    assert code == 1
    assert f"'KS ÅÅMMDD-XXXX' and 'KS ÅÅMMDD-XXXX' {NOTE} both give the file name" in err, err

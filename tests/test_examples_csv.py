"""examples/csv: render_csv.py renders one memo per CSV row with the Python API; a bad row is
reported at its CSV line and the other rows are still rendered."""

from __future__ import annotations

import csv
import runpy
import sys
from pathlib import Path

import pytest
from docx import Document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "csv"
SCRIPT = EXAMPLE / "render_csv.py"


def run(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``python render_csv.py ARGS`` in ``cwd``, run as __main__ in this process (a new one would spend
    ~0.3 s importing tjs): (exit status, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), *args])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    captured = capsys.readouterr()
    assert isinstance(done.value.code, int), done.value.code
    return done.value.code, captured.out, captured.err


def rows() -> list[dict[str, str]]:
    with (EXAMPLE / "arenden.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_row_becomes_a_memo_with_its_text(tmp_path: Path, monkeypatch, capsys) -> None:
    code, out, err = run(tmp_path, monkeypatch, capsys)
    assert code == 0, err
    expected = {r["diarienummer"].replace(" ", "-").replace("/", "-") + ".docx": r for r in rows()}
    assert out.split() == [str(Path("out") / name) for name in expected]
    for name, row in expected.items():
        document = Document(str(tmp_path / "out" / name))
        assert document.core_properties.title == row["rubrik"]
        header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
        assert "Exempel kommun" in header  # the organisation comes from the example's tjs.yaml
        # As a reader sees it: typography may make a space non-breaking (30 m², 9 kap.), never change a letter.
        text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
        for paragraph in row["text"].split("\n\n"):  # each CSV paragraph reaches the memo
            assert paragraph in text
        for point in row["förslag"].splitlines():
            assert point in text


def test_a_row_with_a_bad_date_is_reported_at_its_line_and_the_others_render(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    lines = (EXAMPLE / "arenden.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("BN 2026/102,"))
    lines[number - 1] = lines[number - 1].replace("2026-12-03", "2026-02-30", 1)
    (tmp_path / "export.csv").write_text("".join(lines), encoding="utf-8")
    code, _, err = run(tmp_path, monkeypatch, capsys, "export.csv", "-o", "utdata")
    assert code == 1
    assert err.startswith(f"export.csv rad {number}: error: 'datum': '2026-02-30' is not a real date")
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "utdata").iterdir()) == ["BN-2026-101.docx", "BN-2026-103.docx"]

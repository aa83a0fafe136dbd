"""examples/csv: render_csv.py renders one memo per CSV row with the Python API; a bad row is
reported at its CSV line and the other rows are still rendered."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from docx import Document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "csv"
SCRIPT = EXAMPLE / "render_csv.py"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def rows() -> list[dict[str, str]]:
    with (EXAMPLE / "arenden.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_row_becomes_a_memo_with_its_text(tmp_path: Path) -> None:
    done = run(tmp_path)
    assert done.returncode == 0, done.stderr
    expected = {r["diarienummer"].replace(" ", "-").replace("/", "-") + ".docx": r for r in rows()}
    assert done.stdout.split() == [str(Path("out") / name) for name in expected]
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


def test_a_row_with_a_bad_date_is_reported_at_its_line_and_the_others_render(tmp_path: Path) -> None:
    lines = (EXAMPLE / "arenden.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("BN 2026/102,"))
    lines[number - 1] = lines[number - 1].replace("2026-12-03", "2026-02-30", 1)
    (tmp_path / "export.csv").write_text("".join(lines), encoding="utf-8")
    done = run(tmp_path, "export.csv", "-o", "utdata")
    assert done.returncode == 1
    assert done.stderr.startswith(f"export.csv rad {number}: error: 'datum': '2026-02-30' is not a real date")
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in (tmp_path / "utdata").iterdir()) == ["BN-2026-101.docx", "BN-2026-103.docx"]

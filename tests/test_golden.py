"""Whole-document golden dumps of the example cases: text, style names, list labels, header, footer
and core properties, reviewed by a person once and compared on every run.

After a deliberate change, rewrite them and review the diff before committing:
    TJS_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from docx_dump import golden

from tjansteskrivelse.api import render_case

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CASES = [
    ROOT / "cases" / "RUN-572-2020.yaml",
    ROOT / "examples" / "kungsbacka" / "BN-2019-0412.yaml",
    *sorted((ROOT / "tests" / "cases").glob("*.yaml")),
]
UPDATE = os.environ.get("TJS_UPDATE_GOLDEN") == "1"


def rendered_dump(case: Path, out: Path) -> str:
    """Every document of the case, memo first then extracts by name, dumped one after the other."""
    files = sorted(render_case(case, out), key=lambda p: ("-utdrag-" in p.name, p.name))
    return "\n".join(golden(path) for path in files)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_documents_match_their_reviewed_golden_dump(case: Path, tmp_path: Path) -> None:
    expected_path = GOLDEN / f"{case.stem}.txt"
    actual = rendered_dump(case, tmp_path)
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not expected_path.exists():
        pytest.fail(f"no golden dump for {case.name}: run TJS_UPDATE_GOLDEN=1 pytest {Path(__file__).name}")
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{expected_path.name}",
            tofile=f"rendered from {case.relative_to(ROOT)}",
        )
        pytest.fail(
            "the rendered documents differ from the reviewed golden dump; if the change is intended, "
            f"run TJS_UPDATE_GOLDEN=1 pytest tests/{Path(__file__).name} and review the diff\n" + "".join(diff),
            pytrace=False,
        )

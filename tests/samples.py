"""Shared test data and the one way tests run the real `tjs` command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tjansteskrivelse.cli import main
from tjansteskrivelse.project import find_config

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "cases" / "RUN-572-2020.yaml"

# A small valid case; the line numbers in tests rely on it.
VALID = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
  telefon: 0701234567
rubrik: Ny förskola i Kolla
avsnitt:
  - rubrik: Bakgrund
    text: Text.
förslag:
  punkter:
    - Punkt.
"""
VALID_WITHOUT_ORGANISATION = VALID.replace("organisation: Kungsbacka kommun\n", "")


def run_tjs(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``tjs ARGS`` through its real entry point: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def write(folder: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    """Write a case file byte for byte (no newline translation)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture(autouse=True)
def no_stray_config(tmp_path: Path) -> None:
    """Cases are written into tmp_path; a tjs.yaml above it would change the results."""
    assert find_config(tmp_path / "case.yaml") is None, "a tjs.yaml above the pytest temp folder"

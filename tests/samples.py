"""Shared test data, the one way tests run the real `tjs` command line, and a PNG encoder."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import settings

from tjansteskrivelse.cli import main

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
#: Two personnummer that mask alike (both Luhn-valid): diarienummer holding them give one public name.
TWIN_NUMBERS = ("19121212-1212", "19121212-1204")


def twin_cases(folder: Path, prefix: str) -> tuple[Path, Path]:
    """a.yaml and b.yaml, VALID with the diarienummer ``prefix`` + each of TWIN_NUMBERS and the titles
    "Ärende a" and "Ärende b": two cases whose public versions share a name."""
    a, b = (
        write(
            folder,
            VALID.replace("KS 2021/123", prefix + number).replace("Ny förskola i Kolla", f"Ärende {name}"),
            f"{name}.yaml",
        )
        for name, number in zip("ab", TWIN_NUMBERS, strict=True)
    )
    return a, b


def examples(in_ci: int) -> int:
    """A property test's number of examples: ``in_ci`` under the "ci" profile, scaled down with the
    developer's profile (conftest.py); never under 5 (or ``in_ci``, if that is fewer)."""
    profile = settings.default
    assert profile is not None
    return min(in_ci, max(5, in_ci * profile.max_examples // 100))


def run_tjs(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``tjs ARGS`` through its real entry point: (exit code, stdout, stderr). A test that renders several
    cases but is not about parallel runs passes ``-j 1``: a pool of worker processes costs more CPU than the
    cases (test_api_batch tests the pool)."""
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    code = done.value.code
    assert code is None or isinstance(code, int), code
    return code or 0, captured.out, captured.err


def write(folder: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    """Write a case file byte for byte (no newline translation)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def png(width: int = 60, height: int = 20) -> bytes:
    """A small one-colour RGB PNG, encoded by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1e\x5a\x96" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


#: Whether the running test is marked ``libreoffice`` (set for each test by conftest.py).
LIBREOFFICE_MARKED = False


def libreoffice_text(data: bytes, folder: Path, name: str = "document") -> str:
    """The text of ``data`` (a .docx) as LibreOffice lays it out in a PDF, read by ``pdftotext -layout``;
    pages are separated by form feeds. Skips the test when soffice or pdftotext is missing.
    Only for tests marked ``libreoffice`` (the quick run, ``-m "not libreoffice"``, leaves them out)."""
    assert LIBREOFFICE_MARKED, "mark this test @pytest.mark.libreoffice: it converts with LibreOffice"
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not on PATH")
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    pdf = folder / f"{name}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

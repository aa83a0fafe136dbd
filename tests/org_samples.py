"""Cases and projects for the other organisations' tests (test_org*.py): tjs.yaml only, no templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from samples import REPO, run_tjs, write

EXAMPLES = REPO / "examples"
LONG_TEXT = " ".join(["Planförslaget har tagits fram i dialog med fastighetsägarna och remissinstanserna."] * 6)

# A Kungsbacka-style matter decided at the meeting, long enough for an extract of two pages or more.
DECIDED = f"""\
diarienummer: BN 2024/0013
datum: 2024-04-22
organisation: Kungsbacka kommun
avdelning: Förvaltningen för Bygg & Miljö
handläggare:
  namn: Karin Ek
  titel: Planarkitekt
rubrik: Detaljplan för Kolla 3:14 – antagande
förslag:
  numrerad: false
  punkter:
    - Byggnadsnämnden antar detaljplanen för Kolla 3:14.
sammanfattning: |
  Sammanfattningen av ärendet.

{"".join(f"  Stycke {n}. {LONG_TEXT}{chr(10)}{chr(10)}" for n in range(1, 13))}beslutsunderlag:
  - Tjänsteskrivelse 2024-04-22
  - Plankarta 2024-04-01
utdrag_till:
  - Kommunstyrelsen
beslut:
  organ: Byggnadsnämnden
  datum: 2024-05-13
  paragraf: 145
  diarienummer: 2024-00013
  yrkanden: |
    Lena Ny (L) yrkar bifall till förslaget.
  beslutsgang: |
    Ordföranden ställer proposition och finner att nämnden bifaller förslaget.
  reservationer:
    - Karin Åberg (S) reserverar sig mot beslutet.
  justerare:
    - Karin Åberg
  justerat: 2024-05-15
  sekreterare: Görel Lund
"""


def project(folder: Path, config: str | None, case: str, name: str = "case.yaml") -> Path:
    """A project folder holding ``tjs.yaml`` (when given) and one case; returns the case's path."""
    if config is not None:
        write(folder, config, "tjs.yaml")
    return write(folder, case, name)


def kungsbacka(folder: Path, case: str = DECIDED, extra: str = "") -> Path:
    """A case in a project with Kungsbacka's tjs.yaml from examples/ (plus ``extra`` lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "kungsbacka" / "tjs.yaml", folder / "tjs.yaml")
    if extra:
        with (folder / "tjs.yaml").open("a", encoding="utf-8") as config:
            config.write(extra)
    return write(folder, case)


def render(capsys: pytest.CaptureFixture[str], case: Path, *args: str) -> dict[str, Path]:
    """``tjs render CASE -o OUT``: the files written, by name; the command must succeed."""
    out = case.parent / "out"
    code, _, err = run_tjs(capsys, "render", case, "-o", out, "--force", *args)
    assert code == 0, err
    return {path.name: path for path in sorted(out.glob("*.docx"))}

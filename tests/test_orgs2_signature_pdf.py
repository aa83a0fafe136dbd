"""Stacked signatures at the foot of a page, as LibreOffice lays them out: a name never leaves its title.

Name and title were two paragraphs joined by keep-with-next (the styles Underskriftsnamn and
Underskrift). LibreOffice 7.4 follows keep-with-next only one paragraph back: when C moves to the
next page, B (keep) goes with it, but A (keep, before B) stays (a bare python-docx document shows the
same). The signature is such a chain (closing phrase, name, title, name, title, then the
distribution list's heading), so a name that exactly filled page 1 left its title on page 2. Each
person is now one paragraph, the title after a line break, in a style that keeps its lines together.
The closing phrase can still end a page alone in LibreOffice (Word keeps the whole chain).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from samples import write

from tjansteskrivelse.api import Renderer, load_case

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and pdftotext are needed",
    ),
]
SIGNERS = [("Namn Ett", "Titel Ett"), ("Namn Två", "Titel Två"), ("Namn Tre", "Titel Tre")]


def case_text(paragraphs: int, lines: int) -> str:
    filler = [f"  Rad {i} med lite text." for i in range(paragraphs)]
    last = "\\\n".join(f"  Extra {i}" for i in range(lines))
    summary = "\n\n".join([*filler, last])
    people = "".join(f"    - {{namn: {name}, titel: {title}}}\n" for name, title in SIGNERS)
    return (
        f"diarienummer: K {paragraphs}-{lines}\ndatum: 2024-01-02\norganisation: X kommun\n"
        f"handläggare: {{namn: A B}}\nrubrik: Test\nsammanfattning: |\n{summary}\n"
        f"förslag: {{punkter: [Ja.]}}\nunderskrift:\n  personer:\n{people}"
    )


def test_a_name_at_the_foot_of_a_page_keeps_its_title(tmp_path: Path) -> None:
    renderer = Renderer()
    documents = []
    for paragraphs in (15, 16, 17, 18):
        for lines in (1, 2, 3):
            case = load_case(write(tmp_path, case_text(paragraphs, lines), f"k{paragraphs}-{lines}.yaml"))
            for name, data in renderer.documents(case).items():
                documents.append(tmp_path / name)
                documents[-1].write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, documents)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    split_somewhere = False
    for document in documents:
        text = subprocess.run(
            ["pdftotext", "-layout", str(document.with_suffix(".pdf")), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = text.split("\f")
        page_of = {word: next(n for n, page in enumerate(pages) if word in page) for pair in SIGNERS for word in pair}
        for name, title in SIGNERS:
            assert page_of[name] == page_of[title], f"{document.name}: {name} on page {page_of[name] + 1}, title not"
        split_somewhere |= page_of["Namn Ett"] != page_of["Namn Tre"]
    assert split_somewhere  # the signatures did meet the foot of a page in some document

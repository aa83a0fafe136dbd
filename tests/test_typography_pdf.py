"""Swedish typography end to end: numbers, units, dates, § and phone numbers never split across lines in the PDF
that LibreOffice lays out; with typography off the same text does split (so the test can fail)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from samples import run_tjs, write

# (as written in the case, what must stand on one line in the PDF: 'den' may end a line, '12' may not)
PHRASES = [
    ("2023-10-31", "2023-10-31"),
    ("den 12 juni", "12 juni"),
    ("30 mnkr", "30 mnkr"),
    ("§ 145", "§ 145"),
    ("21 kap. 7 §", "21 kap. 7 §"),
    ("08-581 690 00", "08-581 690 00"),
    ("250 000 kronor", "250 000 kronor"),
    ("den 12 **juni**", "12 juni"),  # the space stands between two runs
]
# Filler of 2..3*SHIFTS characters before each phrase: one of them ends a line inside the phrase.
SHIFTS = range(18, 48)

CASE = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
rubrik: Typografi
avsnitt:
  - rubrik: Text
    text: {text}
förslag:
  punkter:
    - Punkt.
"""


def body() -> str:
    return "\n\n".join(f"{'ab ' * shift}{written} slut." for written, _ in PHRASES for shift in SHIFTS)


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace("\u00a0", " ").replace("\u2011", "-")


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext"
)
def test_no_phrase_is_split_across_lines_and_without_typography_some_are(tmp_path, capsys):
    text = CASE.format(text=json.dumps(body(), ensure_ascii=False))
    for folder, setting in (("on", "pa"), ("off", "av")):
        write(tmp_path / folder, f"typografi: {setting}\n", "tjs.yaml")
        code, _, err = run_tjs(capsys, "render", write(tmp_path / folder, text), "-o", tmp_path / folder, "--pdf")
        assert code == 0, err
    on, off = (pdf_text(tmp_path / folder / "KS-2021-123.pdf") for folder in ("on", "off"))

    both = {shown for _, shown in PHRASES}
    expected = {shown: sum(len(SHIFTS) for _, s in PHRASES if s == shown) for shown in both}
    counted_on = {shown: on.count(shown) for shown in both}
    counted_off = {shown: off.count(shown) for shown in both}
    assert counted_on == expected
    assert on.count("slut.") == off.count("slut.") == len(PHRASES) * len(SHIFTS)  # every paragraph is there
    split = {shown for shown in both if counted_off[shown] < expected[shown]}
    assert split, "without typography no phrase split: the filler does not reach the line ends"
    assert len(split) >= 5, split


def test_typography_sees_a_paragraphs_text_across_runs(tmp_path, capsys):
    text = "Den 12 **juni** och *30* mnkr, [länk](https://example.se) 7 §, 2023-~~10~~-31."
    case = write(tmp_path, CASE.format(text=json.dumps(text, ensure_ascii=False)))
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 0, err
    document = docx.Document(str(tmp_path / "out" / "KS-2021-123.docx"))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Den 12"))
    runs = [(r.text, bool(r.bold), bool(r.italic), bool(r.font.strike)) for r in paragraph.runs]
    assert runs[:4] == [
        ("Den 12\u00a0", False, False, False),
        ("juni", True, False, False),
        (" och ", False, False, False),
        ("30", False, True, False),
    ]
    assert runs[4][0] == "\u00a0mnkr, "
    xml = paragraph._p.xml
    # The ISO date's hyphens do not break, though the date is split over three runs.
    assert xml.count("<w:noBreakHyphen/>") == 2
    assert "2023-10-31" in paragraph.text.replace("\u00a0", " ")
    assert " 7\u00a0§" in "".join(t for t in paragraph._p.itertext())

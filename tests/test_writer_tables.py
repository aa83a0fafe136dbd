"""Tables: widths from content, fixed layout, rows never split, header repeats; checked in LibreOffice's PDF."""

from __future__ import annotations

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

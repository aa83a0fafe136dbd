"""check_document: each accessibility rule is reported, naming where."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import docx.enum.style
import docx.enum.text
import docx.text.paragraph
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree
from samples import png

from tjansteskrivelse.accessibility import Finding, check_document
from tjansteskrivelse.accessibility.schema import SETTINGS, ranks
from tjansteskrivelse.errors import TjsError, UsageError

PNG = png(1, 1)
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def set_language(document: docx.document.Document, lang: str | None) -> None:
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    if lang is not None:
        etree.SubElement(r_pr, qn("w:lang")).set(qn("w:val"), lang)


def clean_document() -> docx.document.Document:
    document = docx.Document()
    document.core_properties.title = "Yttrande över remiss"
    set_language(document, "sv-SE")
    document.add_heading("Yttrande över remiss", 1)
    document.add_paragraph("Förvaltningen föreslår att nämnden antar yttrandet.")
    document.add_heading("Bakgrund", 2)
    document.add_paragraph("Remissen kom den 20 november 2020.")
    return document


def check(document: docx.document.Document, tmp_path: Path, name: str = "memo.docx") -> list[Finding]:
    # python-docx's template leaves out w:percent, which ISO/IEC 29500 requires (test_accessibility_structure).
    document.settings.element.find(qn("w:zoom")).set(qn("w:percent"), "100")
    path = tmp_path / name
    document.save(str(path))
    return check_document(path)


def where(findings: list[Finding], text: str) -> list[str]:
    """Locations of the findings whose message contains ``text``."""
    return [f.location for f in findings if text in f.message]


def test_clean_document_passes(tmp_path: Path) -> None:
    assert check(clean_document(), tmp_path) == []


def test_finding_prints_like_a_diagnostic() -> None:
    finding = Finding("a.docx", "paragraf 3", "empty paragraph")
    assert str(finding) == "a.docx: paragraf 3: empty paragraph"


def test_missing_language(tmp_path: Path) -> None:
    document = clean_document()
    set_language(document, None)
    findings = check(document, tmp_path)
    assert where(findings, "no document language (sv-SE)") == ["word/styles.xml"]
    assert len(findings) == 1


def test_language_in_core_properties_is_enough(tmp_path: Path) -> None:
    document = clean_document()
    set_language(document, None)
    document.core_properties.language = "sv-SE"
    assert check(document, tmp_path) == []


def test_language_that_is_not_swedish(tmp_path: Path) -> None:
    document = clean_document()
    set_language(document, "en-US")
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["word/styles.xml"]
    assert "en-US, not Swedish (sv-SE)" in findings[0].message


def test_missing_title(tmp_path: Path) -> None:
    document = clean_document()
    document.core_properties.title = ""
    findings = check(document, tmp_path)
    assert [(f.location, "no title" in f.message) for f in findings] == [("docProps/core.xml", True)]
    assert str(findings[0]).startswith(f"{tmp_path / 'memo.docx'}: docProps/core.xml: ")


def test_skipped_heading_level(tmp_path: Path) -> None:
    document = clean_document()  # paragraphs 1-4
    document.add_heading("Ekonomiska konsekvenser", 4)  # paragraph 5: 2 -> 4
    findings = check(document, tmp_path)
    assert len(findings) == 1
    assert findings[0].location == "paragraf 5"
    assert '"Ekonomiska konsekvenser"' in findings[0].message
    assert "level 4" in findings[0].message and "Heading 3" in findings[0].message


def test_first_heading_must_be_level_one(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "T"
    set_language(document, "sv-SE")
    document.add_paragraph("Inledning")
    document.add_heading("Bakgrund", 2)
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["paragraf 2"]
    assert "first heading" in findings[0].message


def test_heading_found_through_based_on_chain_and_outline_level(tmp_path: Path) -> None:
    document = clean_document()
    styles = document.styles
    # A style built on Heading 4 (level by name via basedOn), and one with only an outline level.
    based = styles.add_style("Egen rubrik", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = styles["Heading 4"]
    outlined = styles.add_style("Kapitel", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    p_pr = outlined.element.get_or_add_pPr()
    etree.SubElement(p_pr, qn("w:outlineLvl")).set(qn("w:val"), "2")  # level 3
    document.add_paragraph("Egen", style="Egen rubrik")  # paragraph 5: 2 -> 4, skip
    document.add_heading("Nivå 1", 1)  # 6
    document.add_paragraph("Kapitel", style="Kapitel")  # paragraph 7: 1 -> 3, skip
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["paragraf 5", "paragraf 7"]


def add_picture(document: docx.document.Document) -> etree._Element:
    """Add an inline picture in its own paragraph; return its wp:docPr."""
    run = document.add_paragraph().add_run()
    run.add_picture(io.BytesIO(PNG), width=Cm(1))
    return run._r.find(".//" + qn("wp:docPr"))


def test_image_without_alt_text(tmp_path: Path) -> None:
    document = clean_document()
    add_picture(document)  # paragraph 5
    with_alt = add_picture(document)  # paragraph 6
    with_alt.set("descr", "Kommunens logotyp")
    decorative = add_picture(document)  # paragraph 7
    ext_lst = etree.SubElement(decorative, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    etree.SubElement(ext, f"{{{ADEC}}}decorative", val="1")
    document.add_paragraph("Slut.")
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["paragraf 5"]
    assert "alt text" in findings[0].message


def test_image_in_header_without_alt_text(tmp_path: Path) -> None:
    document = clean_document()
    header = document.sections[0].header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(PNG), width=Cm(1))
    findings = check(document, tmp_path)
    assert len(findings) == 1
    assert findings[0].location.startswith("sidhuvud (word/header")
    assert "alt text" in findings[0].message


def test_empty_paragraphs_as_spacing(tmp_path: Path) -> None:
    document = clean_document()
    document.add_paragraph()  # 5
    document.add_paragraph("   ")  # 6: only spaces is still empty
    document.add_paragraph("Text.")  # 7
    document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)  # 8: page break
    document.add_paragraph("Sista stycket.")  # 9
    document.add_paragraph()  # 10: the last paragraph is allowed
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["paragraf 5", "paragraf 6"]
    assert "empty paragraph used as spacing" in findings[0].message
    assert findings[1].message == "another empty paragraph: delete it"


def test_empty_paragraph_in_table_cell_and_header_is_fine(tmp_path: Path) -> None:
    document = clean_document()
    table = document.add_table(rows=2, cols=1)
    mark_header_row(table)
    table.cell(0, 0).text = "Rubrik"  # row 2 stays an empty cell paragraph
    document.sections[0].header.add_paragraph()
    document.add_paragraph("Efter tabellen.")
    assert check(document, tmp_path) == []


def test_empty_paragraph_between_two_tables_is_needed(tmp_path: Path) -> None:
    document = clean_document()
    for _ in range(2):
        mark_header_row(document.add_table(rows=2, cols=2))
        document.add_paragraph()  # 5 separates the tables; 7 is the last paragraph
    assert check(document, tmp_path) == []


def test_findings_come_in_reading_order(tmp_path: Path) -> None:
    document = clean_document()
    document.core_properties.title = ""
    document.add_paragraph()  # 5
    document.add_paragraph("1. Skrivet nummer")  # 6
    document.add_table(rows=1, cols=1)  # tabell 1
    document.add_paragraph()  # 7
    document.add_paragraph("Slut.")  # 8
    locations = [f.location for f in check(document, tmp_path)]
    assert locations == ["docProps/core.xml", "paragraf 5", "paragraf 6", "tabell 1", "paragraf 7"]


def mark_header_row(table: docx.table.Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    etree.SubElement(tr_pr, qn("w:tblHeader"))


def test_table_without_header_row_and_merged_cells(tmp_path: Path) -> None:
    document = clean_document()
    first = document.add_table(rows=2, cols=2)  # tabell 1: fine
    mark_header_row(first)
    document.add_paragraph("Mellan.")
    second = document.add_table(rows=3, cols=3)  # tabell 2: no header, merged cells
    second.cell(1, 0).merge(second.cell(1, 1))  # rad 2, cell 1 spans 2 columns
    second.cell(1, 2).merge(second.cell(2, 2))  # vertical merge from rad 2
    document.add_paragraph("Efter.")
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == [
        "tabell 2",
        "tabell 2, rad 2, cell 1",
        "tabell 2, rad 2, cell 2",
    ]
    assert "header row" in findings[0].message
    assert "spans 2 columns" in findings[1].message
    assert "merged with the cells below" in findings[2].message


def test_layout_table_is_exempt(tmp_path: Path) -> None:
    document = clean_document()
    layout = document.styles.add_style("Layouttabell", docx.enum.style.WD_STYLE_TYPE.TABLE)
    table = document.add_table(rows=1, cols=2, style=layout)
    table.cell(0, 0).text = "Anna Andersson\nFörvaltningschef"
    table.cell(0, 1).text = "Bo Berg\nHandläggare"
    document.add_paragraph("Efter.")
    assert check(document, tmp_path) == []


def test_number_typed_as_text(tmp_path: Path) -> None:
    document = clean_document()
    document.add_paragraph("1. Nämnden antar yttrandet.")  # 5: typed
    document.add_paragraph("2) Paragrafen justeras omedelbart.")  # 6: typed
    document.add_paragraph("Nämnden antar yttrandet.", style="List Number")  # 7: real list
    document.add_paragraph("2020 var ett bra år.")  # 8: not a list number
    table = document.add_table(rows=2, cols=1)
    mark_header_row(table)
    table.cell(1, 0).text = "3. I en tabell"
    document.add_paragraph("Slut.")
    findings = check(document, tmp_path)
    assert [f.location for f in findings] == ["paragraf 5", "paragraf 6", "tabell 1, rad 2, cell 1"]
    assert all("number typed as text" in f.message for f in findings)
    assert all("use a numbered list" in f.message for f in findings)


def test_number_with_direct_numbering_is_fine(tmp_path: Path) -> None:
    document = clean_document()
    paragraph = document.add_paragraph("1. Numrerad med numPr direkt.")
    num_pr = etree.SubElement(paragraph._p.get_or_add_pPr(), qn("w:numPr"))
    etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), "0")
    etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), "1")
    document.add_paragraph("Slut.")
    assert check(document, tmp_path) == []


def add_page_field(paragraph: docx.text.paragraph.Paragraph, simple: bool) -> None:
    if simple:
        field = etree.SubElement(paragraph._p, qn("w:fldSimple"))
        field.set(qn("w:instr"), " PAGE ")
        run = etree.SubElement(field, qn("w:r"))
        etree.SubElement(run, qn("w:t")).text = "1"
        return
    for kind, instr in (("begin", None), (None, " NUMPAGES "), ("end", None)):
        run = paragraph.add_run()._r
        if kind:
            etree.SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), kind)
        else:
            etree.SubElement(run, qn("w:instrText")).text = instr


@pytest.mark.parametrize("simple", [True, False], ids=["fldSimple", "instrText"])
def test_page_fields_do_not_need_update_fields(tmp_path: Path, simple: bool) -> None:
    # Word updates PAGE/NUMPAGES in headers and footers itself; w:updateFields only adds a question on opening.
    document = clean_document()
    add_page_field(document.sections[0].footer.paragraphs[0], simple)
    assert check(document, tmp_path) == []

    settings = document.settings.element
    rank = ranks(SETTINGS)
    after = next(c for c in settings if rank.get(etree.QName(c).localname, -1) > rank["updateFields"])
    update = etree.Element(qn("w:updateFields"))
    update.set(qn("w:val"), "true")
    after.addprevious(update)  # in its schema place, so only the question is found
    findings = check(document, tmp_path, "asks.docx")
    assert [(f.category, f.location) for f in findings] == [("integrity", "word/settings.xml")]
    assert "w:updateFields makes Word ask" in findings[0].message


def test_many_problems_at_once(tmp_path: Path) -> None:
    document = docx.Document()  # no title; python-docx's template says en-US
    set_language(document, None)
    document.add_heading("Rubrik", 2)
    document.add_paragraph()
    document.add_paragraph("Text.")
    locations = {f.location for f in check(document, tmp_path)}
    assert {"word/styles.xml", "docProps/core.xml", "paragraf 1", "paragraf 2"} <= locations


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, not a zip", b"PK\x03\x04 broken"],
    ids=["empty", "text", "broken-zip"],
)
def test_not_a_docx_is_a_user_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    with pytest.raises(TjsError) as error:
        check_document(path)
    assert "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_zip_without_document_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "hi")
    with pytest.raises(TjsError, match="not a Word document"):
        check_document(path)


def test_damaged_xml_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    clean_document().save(str(path))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(TjsError, match="damaged Word document: 'word/document.xml'"):
        check_document(broken)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        check_document(tmp_path / "nowhere.docx")

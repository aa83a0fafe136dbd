"""writer.write_document against the real reference document, read back with python-docx/lxml."""

from __future__ import annotations

import datetime as dt
import runpy
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from samples import libreoffice_text, png

from tjansteskrivelse.errors import MarkdownError, ReferenceDocumentError
from tjansteskrivelse.markdown import SUPPORTED_NODE_TYPES
from tjansteskrivelse.spec import MEMO, DocumentProperties, DocumentSpec
from tjansteskrivelse.writer import REQUIRED_STYLES, BodyWriter, Reference, write_document

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_PATH = ROOT / "templates" / "referens.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
BLOCKS = {
    "logotyp": "",
    "sekretessrad": "::: Sekretess\nSEKRETESS enligt 21 kap. 7 § OSL\n:::",
    "sidhuvud": "::: Etikett\nDatum\n:::\n\n::: Sidhuvudtext\n2020-11-20\n:::",
    "sidfot": "::: Sidfotstext\nRegion Jämtland Härjedalen · Box 654\n:::",
    "sidhuvud_foljande": "",
    "sidfot_foljande": "::: Sidfotstext\nRegion Jämtland Härjedalen · Box 654\n:::",
}
FIELDS = {
    "organisation": "Region Jämtland Härjedalen",
    "dokumenttyp": "TJÄNSTESKRIVELSE",
    "diarienummer": "RUN/572/2020",
    "sidetikett": "",
}
PROPS = DocumentProperties(
    title="Samverkansavtal UCCN",
    subject="TJÄNSTESKRIVELSE RUN/572/2020",
    keywords="RUN/572/2020",
    author="Marina Gregorsson",
    created=dt.datetime(2020, 11, 20, 8, 30, tzinfo=dt.UTC),
    category="Tjänsteskrivelse",
    custom={"Diarienummer": "RUN/572/2020", "Sekretess": "21 kap. 7 § OSL"},
)
TWO_LISTS = "# Förslag\n\n1. Ett\n2. Två\n\nMellan listorna.\n\n1. Tre\n2. Fyra\n"


def render(
    reference: Reference, body: str, *, blocks=None, fields=None, properties=PROPS, typography=True, **kw
) -> bytes:
    spec = DocumentSpec(
        typography=typography,
        kind=MEMO,
        file_name="memo.docx",
        body=body,
        blocks=BLOCKS if blocks is None else blocks,
        fields=FIELDS if fields is None else fields,
        properties=properties,
    )
    return write_document(reference, spec, **kw)


def open_doc(data: bytes):
    return docx.Document(BytesIO(data))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def body_paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in open_doc(data).paragraphs]


def modified_reference(tmp_path: Path, change) -> Path:
    """A copy of the reference document after ``change(document)``."""
    document = docx.Document(str(REFERENCE_PATH))
    change(document)
    target = tmp_path / "ref.docx"
    document.save(str(target))
    return target


# ---------------------------------------------------------------- body


def test_every_supported_node_type_has_a_handler(reference):
    writer = BodyWriter(reference, reference.open(), None)
    structural = {"root", "inline", "list_item", "thead", "tbody", "tr", "th", "td", "footnote"}
    assert SUPPORTED_NODE_TYPES == set(writer.block_handlers) | set(writer.inline_handlers) | structural


def test_headings_and_paragraphs_use_named_styles(reference):
    data = render(reference, "# Ett\n\n## Två\n\n### Tre\n\n#### Fyra\n\nBrödtext\nsom fortsätter.\n")
    assert body_paragraphs(data) == [
        ("Heading 1", "Ett"),
        ("Heading 2", "Två"),
        ("Heading 3", "Tre"),
        ("Heading 4", "Fyra"),
        ("Normal", "Brödtext som fortsätter."),
    ]


def test_heading_5_is_an_error_with_line(reference):
    with pytest.raises(MarkdownError, match=r"^tjansteskrivelse:3: heading level 5"):
        render(reference, "Text\n\n##### Fem\n")


def test_text_arrives_literally(reference):
    data = render(reference, "a \\*b\\* \\<b>x\\</b> &amp; `kod`\n")
    assert body_paragraphs(data) == [("Normal", "a *b* <b>x</b> & `kod`")]


def test_bold_italic_and_nesting(reference):
    paragraph = open_doc(render(reference, "vanlig **fet *båda*** *kursiv*\n")).paragraphs[0]
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs]
    assert runs == [
        ("vanlig ", False, False),
        ("fet ", True, False),
        ("båda", True, True),
        (" ", False, False),
        ("kursiv", False, True),
    ]


def test_hard_break_is_a_line_break_not_a_new_paragraph(reference):
    data = render(reference, "rad ett  \nrad två\n")
    paragraphs = part_xml(data, "word/document.xml").findall(".//w:body/w:p", NS)
    assert len(paragraphs) == 1
    assert len(paragraphs[0].findall(".//w:br", NS)) == 1


def test_no_empty_paragraphs(reference):
    data = render(reference, "# Rubrik\n\n\n\nText\n\n- a\n- b\n\n| a |\n|---|\n| b |\n")
    for paragraph in open_doc(data).paragraphs:
        assert paragraph.text.strip(), "an empty paragraph was emitted"


def _num_ids(document) -> list[str | None]:
    out = []
    for p in document.paragraphs:
        ppr = p._p.pPr
        out.append(str(ppr.numPr.numId.val) if ppr is not None and ppr.numPr is not None else None)
    return out


def test_each_ordered_list_gets_its_own_num_restarting_at_its_start(reference):
    data = render(reference, TWO_LISTS + "\nOch sedan:\n\n7. Sju\n8. Åtta\n")
    document = open_doc(data)
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("List Number") == 6
    ids = [n for n in _num_ids(document) if n]
    first, second, third = ids[0], ids[2], ids[4]
    assert ids == [first, first, second, second, third, third]
    assert len({first, second, third}) == 3
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.xpath(f'./w:num[@w:numId="{style_num}"]/w:abstractNumId/@w:val')[0]
    starts = []
    for num_id in (first, second, third):
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        assert num.xpath("./w:abstractNumId/@w:val") == [abstract]
        starts.append(num.xpath('./w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val'))
    assert starts == [["1"], ["1"], ["7"]]
    level0 = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]')[0]
    assert level0.xpath("./w:numFmt/@w:val", namespaces=NS) == ["decimal"]
    assert level0.xpath("./w:lvlText/@w:val", namespaces=NS) == ["%1."]
    # numbers come from Word, never from the text
    assert [p.text for p in document.paragraphs if p.style.name == "List Number"][:2] == ["Ett", "Två"]


def test_nested_lists_use_depth_styles_and_levels(reference):
    document = open_doc(render(reference, "- a\n  - b\n    - c\n- d\n\n1. ett\n   1. ett.ett\n   - punkt\n"))
    got = []
    for p in document.paragraphs:
        ppr = p._p.pPr
        ilvl = ppr.numPr.ilvl.val if ppr is not None and ppr.numPr is not None else None
        got.append((p.style.name, p.text, ilvl))
    assert got == [
        ("List Bullet", "a", None),
        ("List Bullet 2", "b", None),
        ("List Bullet 3", "c", None),
        ("List Bullet", "d", None),
        ("List Number", "ett", 0),
        ("List Number 2", "ett.ett", 1),
        ("List Bullet 2", "punkt", None),
    ]
    ids = _num_ids(document)
    assert ids[4] != ids[5]  # a nested list has its own numbering instance: it counts from 1 under each item
    bullet = document.styles["List Bullet 2"].element.pPr.numPr
    assert bullet.ilvl.val == 1 and bullet.numId.val


def test_lists_deeper_than_three_are_an_error(reference):
    with pytest.raises(MarkdownError, match=r"^tjansteskrivelse:4: lists nested deeper"):
        render(reference, "- a\n  - b\n    - c\n      - d\n")


def test_table_has_repeating_bold_header_and_alignment(reference):
    data = render(reference, "| Namn | Belopp |\n|:--|--:|\n| *Anna* | 100 |\n| Bo | 2 000 |\n")
    document = open_doc(data)
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Namn", "Belopp"],
        ["Anna", "100"],
        ["Bo", "2\u00a0000"],
    ]  # typography: digit groups
    tbl = table._tbl
    assert tbl.xpath("./w:tr[1]/w:trPr/w:tblHeader") and not tbl.xpath("./w:tr[2]/w:trPr/w:tblHeader")
    assert not tbl.xpath(".//w:gridSpan | .//w:vMerge | .//w:hMerge")
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].italic
    assert not table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right


def test_container_sets_paragraph_style(reference):
    data = render(reference, "::: Underskrift\nI tjänsten\n\nHans Svensson\n:::\n\nEfter.\n")
    assert body_paragraphs(data) == [
        ("Underskrift", "I tjänsten"),
        ("Underskrift", "Hans Svensson"),
        ("Normal", "Efter."),
    ]


def test_unknown_container_style_is_an_error(reference):
    with pytest.raises(MarkdownError, match=r"^tjansteskrivelse:3: style 'Finns inte'") as caught:
        render(reference, "Text\n\n::: Finns inte\nx\n:::\n")
    assert "reference document" in caught.value.message


def test_layout_table_in_table_style_container(reference):
    body = (
        "::: Layouttabell\n| | |\n|---|---|\n"
        "| Hans Svensson | Marina Gregorsson |\n| Regiondirektör | Områdeschef |\n:::\n"
    )
    (table,) = open_doc(render(reference, body)).tables
    assert table.style.name == "Layouttabell"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Hans Svensson", "Marina Gregorsson"],
        ["Regiondirektör", "Områdeschef"],
    ]
    assert not table._tbl.xpath(".//w:tblHeader")
    assert not any(run.bold for row in table.rows for cell in row.cells for run in cell.paragraphs[0].runs)


def test_links_are_real_hyperlinks(reference):
    data = render(reference, 'Se [regionen](https://www.regionjh.se/ "Webb") och <https://example.se/a>.\n')
    document = open_doc(data)
    links = document.paragraphs[0]._p.findall(qn("w:hyperlink"))
    assert len(links) == 2
    targets = []
    for link in links:
        rel = document.part.rels[link.get(qn("r:id"))]
        assert rel.is_external
        targets.append(rel.target_ref)
        assert link.xpath("./w:r/w:rPr/w:rStyle/@w:val") == [document.styles["Hyperlink"].style_id]
    assert targets == ["https://www.regionjh.se/", "https://example.se/a"]
    assert document.paragraphs[0].text.startswith("Se regionen och https://example.se/a")


def test_image_with_alt_text_and_decorative_image(reference, tmp_path):
    (tmp_path / "logo.png").write_bytes(png(4, 2))
    data = render(reference, "![Regionens logotyp](logo.png) och ![](logo.png)\n", base_dir=tmp_path)
    doc_prs = part_xml(data, "word/document.xml").findall(".//wp:docPr", NS)
    assert [d.get("descr") for d in doc_prs] == ["Regionens logotyp", ""]
    assert [d.get("id") for d in doc_prs] == ["1", "2"]
    assert doc_prs[1].xpath(".//*[local-name()='decorative']/@val") == ["1"]
    assert not doc_prs[0].xpath(".//*[local-name()='decorative']")


def test_missing_image_is_an_error(reference, tmp_path):
    with pytest.raises(MarkdownError, match=r"^tjansteskrivelse:3: image file not found"):
        render(reference, "Text\n\n![logo](saknas.png)\n", base_dir=tmp_path)


# ---------------------------------------------------------------- headers and footers


def header_texts(data: bytes) -> dict[str, list[str]]:
    section = open_doc(data).sections[0]
    return {
        "first": [p.text for p in section.first_page_header.paragraphs],
        "default": [p.text for p in section.header.paragraphs],
        "first_footer": [p.text for p in section.first_page_footer.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
    }


def test_header_placeholders_are_filled(reference):
    data = render(reference, "Text\n")
    texts = header_texts(data)
    assert texts["first"] == [
        "SEKRETESS enligt 21\u00a0kap.\u00a07\u00a0§ OSL",
        "Region Jämtland Härjedalen\tTJÄNSTESKRIVELSE\t1 (1)",
        "Datum",
        "2020-11-20",
    ]
    assert texts["default"] == [  # typography applies in headers too
        "SEKRETESS enligt 21\u00a0kap.\u00a07\u00a0§ OSL",
        "Region Jämtland Härjedalen\tRUN/572/2020\t1 (1)",
    ]
    assert texts["first_footer"] == texts["footer"] == ["Region Jämtland Härjedalen · Box 654"]
    section = open_doc(data).sections[0]
    styles = [p.style.name for p in section.first_page_header.paragraphs]
    assert styles == ["Sekretess", "Header", "Etikett", "Sidhuvudtext"]
    doctype = [r for r in section.first_page_header.paragraphs[1].runs if r.text == "TJÄNSTESKRIVELSE"]
    assert doctype and doctype[0].bold
    assert "{{" not in "".join(t for part in texts.values() for t in part)


def test_page_fields_and_no_update_fields(reference):
    data = render(reference, "Text\n")
    for name in ("word/header1.xml", "word/header2.xml"):
        instructions = [t.text.strip() for t in part_xml(data, name).iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
    settings = part_xml(data, "word/settings.xml")
    assert settings.find(qn("w:updateFields")) is None  # Word would ask on opening
    assert settings.xpath("./w:zoom/@w:percent", namespaces=NS) == ["100"]


def test_field_values_are_inserted_literally(reference):
    fields = {**FIELDS, "organisation": "**Inte fet** {{ sida }} <b>"}
    texts = header_texts(render(reference, "Text\n", fields=fields))
    assert texts["default"][1].startswith("**Inte fet** {{ sida }} <b>\t")


def test_empty_blocks_remove_paragraphs_but_keep_one(reference):
    blocks = {name: "" for name in BLOCKS}
    texts = header_texts(render(reference, "Text\n", blocks=blocks))
    assert texts["first"] == ["Region Jämtland Härjedalen\tTJÄNSTESKRIVELSE\t1 (1)"]
    assert texts["footer"] == [""]  # a footer keeps one (empty) paragraph


def test_placeholder_split_across_runs_keeps_first_run_format(tmp_path):
    def split(document):
        paragraph = document.sections[0].header.paragraphs[1]
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        first = paragraph.add_run("Org: {{ orga")
        first.italic = True
        paragraph.add_run("nisa")
        paragraph.add_run("tion }} sida {{sida}}")

    ref = Reference.load(modified_reference(tmp_path, split))
    data = render(ref, "Text\n")
    paragraph = open_doc(data).sections[0].header.paragraphs[1]
    assert paragraph.text == "Org: Region Jämtland Härjedalen sida 1"
    org = [r for r in paragraph.runs if "Region" in r.text]
    assert org and org[0].italic
    assert [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))] == ["PAGE"]


def test_existing_page_field_in_reference_is_kept(tmp_path):
    def add_field(document):
        footer = document.sections[0].footer
        paragraph = footer.add_paragraph("Sida ")
        paragraph._p.append(
            etree.fromstring(f'<w:fldSimple xmlns:w="{NS["w"]}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )

    data = render(Reference.load(modified_reference(tmp_path, add_field)), "Text\n", blocks={**BLOCKS, "sidfot": ""})
    footer = part_xml(data, "word/footer2.xml")
    assert footer.xpath(".//w:fldSimple/@w:instr", namespaces=NS) == [" PAGE "]


def test_unknown_placeholder_names_it_and_lists_known(reference):
    fields = {k: v for k, v in FIELDS.items() if k != "diarienummer"}
    with pytest.raises(ReferenceDocumentError) as caught:
        render(reference, "Text\n", fields=fields)
    assert "{{ diarienummer }}" in caught.value.message
    assert "organisation" in (caught.value.hint or "") and "sida" in (caught.value.hint or "")


# ---------------------------------------------------------------- reference document


def test_reference_has_every_required_style():
    document = docx.Document(str(REFERENCE_PATH))
    names = {style.name for style in document.styles}
    assert set(REQUIRED_STYLES) <= names
    assert document.sections[0].different_first_page_header_footer
    assert document.styles["Layouttabell"].type == 3  # table


def test_missing_style_is_named_with_the_fix(tmp_path):
    path = modified_reference(tmp_path, lambda d: d.styles["Etikett"].delete())
    with pytest.raises(ReferenceDocumentError) as caught:
        Reference.load(path)
    assert "'Etikett'" in caught.value.message
    assert "add a paragraph style named 'Etikett' in Word" in (caught.value.hint or "")
    assert "tjs templates export" in (caught.value.hint or "")


@pytest.mark.parametrize("kind", ["not-zip", "no-document", "missing"])
def test_broken_reference_is_a_clean_error(tmp_path, kind):
    path = tmp_path / "ref.docx"
    if kind == "not-zip":
        path.write_bytes(b"this is not a zip file")
    elif kind == "no-document":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hej")
    with pytest.raises(ReferenceDocumentError, match="reference document"):
        Reference.load(path)


# ---------------------------------------------------------------- package


def test_bytes_are_deterministic(reference):
    """No sleep between the renders: the zip headers carry a constant time, so no clock reaches the bytes
    (test_archive renders again in another process, time zone and locale)."""
    first = render(reference, TWO_LISTS + "\n[l](https://x.se)\n")
    second = render(reference, TWO_LISTS + "\n[l](https://x.se)\n")
    assert first == second
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_reference_build_script_is_deterministic(tmp_path, monkeypatch, capsys):
    out = tmp_path / "referens.docx"
    script = ROOT / "scripts" / "make_reference.py"
    monkeypatch.setattr(sys, "argv", [str(script), str(out)])
    with pytest.raises(SystemExit) as done:  # as __main__ in this process: a new one spends ~0.15 s starting
        runpy.run_path(str(script), run_name="__main__")
    assert done.value.code == 0, capsys.readouterr().err
    assert out.read_bytes() == REFERENCE_PATH.read_bytes(), "templates/referens.docx is stale: run the script"


def test_python_docx_appears_nowhere(reference):
    data = render(reference, "Text\n")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name), name
    with zipfile.ZipFile(REFERENCE_PATH) as archive:
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name), name


def test_core_and_custom_properties(reference):
    data = render(reference, "Text\n")
    core = open_doc(data).core_properties
    assert core.title == "Samverkansavtal UCCN"
    assert core.language == "sv-SE"
    assert core.author == core.last_modified_by == "Marina Gregorsson"
    assert core.created == core.modified == dt.datetime(2020, 11, 20, 8, 30, tzinfo=dt.UTC)
    assert core.category == "Tjänsteskrivelse"
    assert core.revision == 1
    assert core.comments == ""
    custom = part_xml(data, "docProps/custom.xml")
    props = {p.get("name"): (p.get("pid"), p[0].text) for p in custom}
    assert props == {"Diarienummer": ("2", "RUN/572/2020"), "Sekretess": ("3", "21 kap. 7 § OSL")}
    content_types = part_xml(data, "[Content_Types].xml")
    assert any(o.get("PartName") == "/docProps/custom.xml" for o in content_types)
    rels = part_xml(data, "_rels/.rels")
    assert any(r.get("Target").endswith("docProps/custom.xml") for r in rels)


def test_language_is_swedish_in_defaults_and_styles(reference):
    styles = part_xml(render(reference, "Text\n"), "word/styles.xml")
    assert styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS) == ["sv-SE"]
    for style in styles.xpath("./w:style[@w:type='paragraph' or @w:type='character']", namespaces=NS):
        assert style.xpath("./w:rPr/w:lang/@w:val", namespaces=NS) == ["sv-SE"], style.get(qn("w:styleId"))


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def pdf_text(reference, tmp_path_factory) -> str:
    data = render(reference, TWO_LISTS + "\n| Namn | Belopp |\n|---|--:|\n| Anna | 100 |\n")
    return libreoffice_text(data, tmp_path_factory.mktemp("pdf"), "listor")


@pytest.mark.libreoffice
def test_libreoffice_restarts_each_numbered_list(pdf_text):
    lines = [" ".join(line.split()) for line in pdf_text.splitlines() if line.strip()]
    numbered = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.")]
    assert numbered == ["1. Ett", "2. Två", "1. Tre", "2. Fyra"]


@pytest.mark.libreoffice
def test_libreoffice_shows_header_and_page_numbers(pdf_text):
    assert "SEKRETESS enligt 21 kap. 7 § OSL" in pdf_text
    assert "TJÄNSTESKRIVELSE" in pdf_text
    assert "1 (1)" in pdf_text
    assert "Anna" in pdf_text and "Region Jämtland Härjedalen · Box 654" in pdf_text


def test_logo_block_renders_a_picture_in_the_header(reference, tmp_path):
    (tmp_path / "logo.png").write_bytes(png(4, 2))
    blocks = {**BLOCKS, "logotyp": "![Region Jämtland Härjedalen](logo.png)"}
    data = render(reference, "![Bild](logo.png)\n", blocks=blocks, base_dir=tmp_path)
    header = part_xml(data, "word/header1.xml")
    assert header.xpath(".//wp:docPr/@descr", namespaces=NS) == ["Region Jämtland Härjedalen"]
    assert part_xml(data, "word/document.xml").xpath(".//wp:docPr/@id", namespaces=NS) == ["1"]
    assert header.xpath(".//wp:docPr/@id", namespaces=NS) == ["2"]  # unique across parts

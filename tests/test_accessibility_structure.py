"""Package integrity (issue 10): every rule flags a crafted bad document, and all our outputs pass.

"Word opens every file without a question or a repair." The ISO/IEC 29500
XSDs are not shipped by PyPI or Debian here; openxml-audit (a port of the Open
XML SDK's schema validation, MIT) is, so every output is also validated with it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from accessibility_docs import CT, EXAMPLE, NS, R, add_relationship, body_paragraph, craft, w
from lxml import etree

from tjansteskrivelse.accessibility import Finding, check_document
from tjansteskrivelse.accessibility.package import Package
from tjansteskrivelse.accessibility.schema import SEQUENCES
from tjansteskrivelse.accessibility.structure import CHECKS
from tjansteskrivelse.writer import Reference

DOC = "word/document.xml"
SETTINGS = "word/settings.xml"


@pytest.fixture(scope="module")
def outputs(our_outputs: list[Path]) -> list[Path]:
    return our_outputs


@pytest.fixture(scope="module")
def clean(outputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example memo and the table case's memo, as tjs writes them (copied: tests edit them)."""
    folder = tmp_path_factory.mktemp("clean")
    memo = next(p for p in outputs if p.parent.name == EXAMPLE.stem and "-utdrag-" not in p.name)
    table = next(p for p in outputs if p.parent.name == "tabell")
    return {name: craft(source, folder / f"{name}.docx") for name, source in (("memo", memo), ("table", table))}


def integrity(path: Path) -> list[Finding]:
    return [f for f in check_document(path) if f.category == "integrity"]


@pytest.fixture(scope="module")
def packages(outputs: list[Path]) -> dict[str, Package]:
    """Our outputs, each read once for every rule (as check_document runs all rules on one Package)."""
    return {path.name: Package(path) for path in outputs}


@pytest.mark.parametrize("rule", list(CHECKS))
def test_all_our_outputs_pass_each_integrity_rule(packages: dict[str, Package], rule: str) -> None:
    assert len(packages) >= 8
    problems = {name: CHECKS[rule](package) for name, package in packages.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_copied_outputs_have_no_integrity_finding(clean: dict[str, Path]) -> None:
    for path in clean.values():
        assert integrity(path) == []


def test_all_our_outputs_pass_the_open_xml_sdk_schema_validation(outputs: list[Path], validator: Any) -> None:
    for path in outputs:
        result = validator.validate(str(path))
        assert result.is_valid, (path.name, [str(e) for e in result.errors][:5])


def test_a_list_in_a_block_quote_passes_the_open_xml_sdk_schema_validation(
    reference: Reference, tmp_path: Path, validator: Any
) -> None:
    """test_writer_quote_lists's document. Every use of the validator is in this module, so that usually
    one test process loads it (conftest.validator)."""
    from test_writer import render
    from test_writer_quote_lists import BODY

    path = tmp_path / "citat.docx"
    path.write_bytes(render(reference, BODY))
    result = validator.validate(str(path))
    assert result.is_valid, [str(e) for e in result.errors][:5]


def test_the_schema_validation_is_not_vacuous(clean: dict[str, Path], tmp_path: Path, validator: Any) -> None:
    bad = craft(clean["memo"], tmp_path / "x.docx", {DOC: lambda root: swap_last(root, "sectPr")})
    assert not validator.validate(str(bad)).is_valid


@pytest.mark.parametrize(
    ("tag", "docx_class", "module"),
    [
        ("pPr", "CT_PPr", "text/parfmt.py"),
        ("rPr", "CT_RPr", "text/font.py"),
        ("sectPr", "CT_SectPr", "section.py"),
        ("tblPr", "CT_TblPr", "table.py"),
        ("trPr", "CT_TrPr", "table.py"),
        ("tcPr", "CT_TcPr", "table.py"),
        ("settings", "CT_Settings", "settings.py"),
    ],
)
def test_sequences_hold_python_docx_order(tag: str, docx_class: str, module: str) -> None:
    """Our transcription keeps python-docx's _tag_seq (read from its installed source) in the same order."""
    tree = ast.parse((Path(docx.__file__).parent / "oxml" / module).read_text(encoding="utf-8"))
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == docx_class)
    seq = next(
        ast.literal_eval(s.value)
        for s in cls.body
        if isinstance(s, ast.Assign) and getattr(s.targets[0], "id", "") == "_tag_seq"
    )
    ours = [name for names in SEQUENCES[tag] for name in names.split("|")]
    theirs = [name.removeprefix("w:") for name in seq]
    assert [name for name in ours if name in theirs] == theirs


def swap_last(root: etree._Element, tag: str) -> None:
    """Swap the last two w-children of the first ``tag`` that has two."""

    def w_children(element: etree._Element) -> list[etree._Element]:
        return [c for c in element if isinstance(c.tag, str) and c.tag.startswith(f"{{{NS['w']}}}")]

    parent = next(e for e in root.iter(w(tag)) if len(w_children(e)) >= 2)
    before, after = w_children(parent)[-2:]
    after.addnext(before)  # lxml moves the element


def table_cell_props(root: etree._Element) -> None:
    cell = root.find(".//w:tc", NS)
    assert cell is not None
    tc_pr = cell.find("w:tcPr", NS)
    if tc_pr is None:
        tc_pr = etree.Element(w("tcPr"))
        cell.insert(0, tc_pr)
    for child in list(tc_pr):
        tc_pr.remove(child)
    etree.SubElement(tc_pr, w("vAlign")).set(w("val"), "top")
    etree.SubElement(tc_pr, w("tcW")).set(w("w"), "100")  # tcW belongs first


def first(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def set_val(path: str, value: str) -> Callable[[etree._Element], None]:
    return lambda root: first(root, path).set(w("val"), value)


def new_run_property(root: etree._Element) -> None:
    run = etree.SubElement(body_paragraph(root), w("r"))
    r_pr = etree.SubElement(run, w("rPr"))
    etree.SubElement(r_pr, w("sz")).set(w("val"), "24")
    etree.SubElement(r_pr, w("b"))  # b belongs before sz
    etree.SubElement(run, w("t")).text = "fet"


CASES: dict[str, tuple[str, dict[str, Callable[[etree._Element], None]], dict[str, bytes], str, str]] = {
    # name: (which clean doc, edits, added members, expected part, expected message part)
    "update-fields": (
        "memo",
        {SETTINGS: lambda r: first(r, "w:compat").addprevious(etree.Element(w("updateFields")))},
        {},
        SETTINGS,
        "w:updateFields makes Word ask",
    ),
    "zoom": (
        "memo",
        {SETTINGS: lambda r: first(r, "w:zoom").attrib.pop(w("percent"))},
        {},
        SETTINGS,
        "w:zoom has no w:percent",
    ),
    "content-types": (
        "memo",
        {},
        {"word/extra.bin": b"x"},
        "[Content_Types].xml",
        "no content type for the part word/extra.bin",
    ),
    "relationship-targets": (
        "memo",
        {
            "word/_rels/document.xml.rels": lambda r: add_relationship(
                r, "image", "media/gone.png", external=False, rid="rId99"
            )
        },
        {},
        "word/_rels/document.xml.rels",
        "relationship rId99 (image) points to word/media/gone.png, which is not in the package",
    ),
    "relationship-ids": (
        "memo",
        {DOC: lambda r: first(r, ".//w:sectPr/w:headerReference").set(f"{{{R}}}id", "rId77")},
        {},
        DOC,
        "r:id rId77 is used but not declared in word/_rels/document.xml.rels",
    ),
    "numbering": (
        "memo",
        {DOC: set_val(".//w:numPr/w:numId", "999")},
        {},
        DOC,
        "numbering id 999 is used but not defined",
    ),
    "numbering-abstract": (
        "memo",
        {"word/numbering.xml": set_val("w:num/w:abstractNumId", "4711")},
        {},
        "word/numbering.xml",
        "refers to abstractNum 4711, which is not defined",
    ),
    "style-references": (
        "memo",
        {DOC: set_val(".//w:pStyle", "Finns-inte")},
        {},
        DOC,
        "w:pStyle refers to the paragraph style Finns-inte",
    ),
    "style-references-table": (
        "table",
        {DOC: set_val(".//w:tblStyle", "Saknas")},
        {},
        DOC,
        "w:tblStyle refers to the table style Saknas",
    ),
    "order-sectPr": ("memo", {DOC: lambda r: swap_last(r, "sectPr")}, {}, DOC, "in w:sectPr, w:"),
    "order-pPr": ("memo", {DOC: lambda r: swap_last(r, "pPr")}, {}, DOC, "in w:pPr, w:"),
    "order-rPr": ("memo", {DOC: new_run_property}, {}, DOC, "in w:rPr, w:b must come before w:sz"),
    "order-settings": ("memo", {SETTINGS: lambda r: swap_last(r, "settings")}, {}, SETTINGS, "in w:settings, w:"),
    "order-tblPr": ("table", {DOC: lambda r: swap_last(r, "tblPr")}, {}, DOC, "in w:tblPr, w:"),
    "order-trPr": (
        "table",
        {
            DOC: lambda r: (
                first(r, ".//w:trPr").insert(0, etree.Element(w("cantSplit")))
                or first(r, ".//w:trPr").insert(0, etree.Element(w("tblHeader")))
            )
        },
        {},
        DOC,
        "in w:trPr, w:cantSplit must come before w:tblHeader",
    ),
    "order-tcPr": ("table", {DOC: table_cell_props}, {}, DOC, "in w:tcPr, w:tcW must come before w:vAlign"),
    "unknown-child": (
        "memo",
        {DOC: lambda r: first(r, ".//w:pPr").append(etree.Element(w("bogus")))},
        {},
        DOC,
        "w:bogus is not allowed in w:pPr",
    ),
    "required-attributes": (
        "memo",
        {DOC: lambda r: first(r, ".//w:headerReference").attrib.pop(w("type"))},
        {},
        DOC,
        "w:headerReference has no w:type, which ISO/IEC 29500 requires",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_flags_a_crafted_document(clean: dict[str, Path], tmp_path: Path, name: str) -> None:
    source, edits, added, part, message = CASES[name]
    bad = craft(clean[source], tmp_path / "bad.docx", edits, added)
    findings = integrity(bad)
    assert [f.location for f in findings if message in f.message] == [part], [str(f) for f in findings]


def test_content_types_default_and_override_count(clean: dict[str, Path], tmp_path: Path) -> None:
    def default_bin(types: etree._Element) -> None:
        etree.SubElement(types, f"{{{CT}}}Default", Extension="BIN", ContentType="application/octet-stream")

    covered = craft(clean["memo"], tmp_path / "x.docx", {"[Content_Types].xml": default_bin}, {"word/extra.bin": b"x"})
    assert integrity(covered) == []


def test_tjs_check_names_integrity_findings(clean: dict[str, Path], tmp_path: Path, capsys) -> None:
    from samples import run_tjs

    bad = craft(clean["memo"], tmp_path / "x.docx", {DOC: set_val(".//w:pStyle", "Finns-inte")})
    code, _, err = run_tjs(capsys, "check", str(bad))
    assert code == 1
    assert f"{bad}: {DOC}: integrity: w:pStyle refers to the paragraph style Finns-inte" in err

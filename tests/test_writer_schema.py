"""Every output is in ISO/IEC 29500 (transitional) order where the writer touches it.

The XSDs are large and under their own licence, so the sequences of the
elements the writer writes or copies are hard-coded here from the schema
(wml.xsd: CT_PPrBase/CT_PPr, CT_ParaRPr/EG_RPrBase, CT_TblPr, CT_TrPr,
CT_TcPr, CT_SectPr), plus the attributes the schema requires on them.
Covered: the order of children of w:pPr, w:rPr, w:tblPr, w:trPr, w:tcPr,
w:sectPr, and required attributes of the elements listed in REQUIRED_ATTRIBUTES.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tjansteskrivelse.api import render_case

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CASES = [
    *sorted((ROOT / "cases").glob("*.yaml")),
    *sorted((ROOT / "examples").glob("*/*.yaml")),
    *sorted((ROOT / "tests" / "cases").glob("*.yaml")),
]
CASES = [c for c in CASES if c.name != "tjs.yaml"]

_PPR_BASE = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
]
_RPR_BASE = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
#: Children of each element, in schema order. A tuple entry is an xsd:choice (any order among them).
SEQUENCES: dict[str, list[str | tuple[str, ...]]] = {
    "pPr": [*_PPR_BASE, "rPr", "sectPr", "pPrChange"],
    "rPr": ["ins", "del", "moveFrom", "moveTo", *_RPR_BASE, "rPrChange"],
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
        "tblPrChange",
    ],
    "trPr": [
        (
            "cnfStyle",
            "divId",
            "gridBefore",
            "gridAfter",
            "wBefore",
            "wAfter",
            "cantSplit",
            "trHeight",
            "tblHeader",
            "tblCellSpacing",
            "jc",
            "hidden",
        ),
        "ins",
        "del",
        "trPrChange",
    ],
    "tcPr": [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    ],
    "sectPr": [
        ("headerReference", "footerReference"),
        *[
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ],
}
REQUIRED_ATTRIBUTES = {
    "pStyle": ["val"],
    "rStyle": ["val"],
    "tblStyle": ["val"],
    "jc": ["val"],
    "ilvl": ["val"],
    "numId": ["val"],
    "zoom": ["percent"],
    "fldChar": ["fldCharType"],
    "gridCol": [],
    "headerReference": ["type", "id"],
    "footerReference": ["type", "id"],
    "footnoteReference": ["id"],
    "lang": [],
    "tblHeader": [],
    "tblLayout": [],
}


def order_problems(root: etree._Element, where: str) -> list[str]:
    problems = []
    for parent_name, sequence in SEQUENCES.items():
        rank = {}
        for position, entry in enumerate(sequence):
            for name in entry if isinstance(entry, tuple) else (entry,):
                rank[name] = position
        for parent in root.iter(f"{{{W}}}{parent_name}"):
            names = [etree.QName(child).localname for child in parent if etree.QName(child).namespace == W]
            unknown = [n for n in names if n not in rank]
            if unknown:
                problems.append(f"{where}: w:{parent_name} has unknown children {unknown}")
            ranks = [rank[n] for n in names if n in rank]
            if ranks != sorted(ranks):
                problems.append(f"{where}: w:{parent_name} children out of order: {names}")
    for name, attributes in REQUIRED_ATTRIBUTES.items():
        for element in root.iter(f"{{{W}}}{name}"):
            missing = [
                a
                for a in attributes
                if element.get(f"{{{W}}}{a}") is None
                and element.get(f"{{http://schemas.openxmlformats.org/officeDocument/2006/relationships}}{a}") is None
            ]
            if missing:
                problems.append(f"{where}: w:{name} lacks required {missing}")
    return problems


def docx_problems(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                problems += order_problems(root, f"{path.name} {name}")
                if name == "word/settings.xml":
                    if root.find(f"{{{W}}}updateFields") is not None:
                        problems.append(f"{path.name}: w:updateFields makes Word ask on opening")
                    if root.find(f"{{{W}}}zoom") is None:
                        problems.append(f"{path.name}: no w:zoom")
    return problems


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[Path]:
    files = []
    for case in CASES:
        files += render_case(case, tmp_path_factory.mktemp(case.stem))
    return files


def test_every_example_output_follows_the_schema_order(outputs):
    assert outputs
    problems = [p for path in outputs for p in docx_problems(path)]
    assert problems == []


def test_checker_catches_an_out_of_order_ppr():
    root = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="left"/><w:pStyle w:val="x"/></w:pPr></w:p>')
    assert order_problems(root, "t") == ["t: w:pPr children out of order: ['jc', 'pStyle']"]
    zoom = etree.fromstring(f'<w:settings xmlns:w="{W}"><w:zoom w:val="bestFit"/></w:settings>')
    assert order_problems(zoom, "t") == ["t: w:zoom lacks required ['percent']"]


def test_every_construct_the_writer_knows_follows_the_schema_order(tmp_path):
    from test_writer import REFERENCE_PATH, render
    from test_writer_markdown import BODY

    from tjansteskrivelse.writer import Reference

    body = BODY.replace(
        "[^1]: ",
        "| A | B |\n|:--|--:|\n| *x* ~~y~~ | [l](https://a.se) **z** |\n\n"
        "::: Layouttabell\n| | |\n|--|--|\n| a | b |\n:::\n\n1. ett\n   - två\n\n[^1]: ",
    )
    path = tmp_path / "allt.docx"
    path.write_bytes(render(Reference.load(REFERENCE_PATH), body))
    assert docx_problems(path) == []

"""Archive-grade output: reproducible bytes, honest metadata, accessible, PDF/A."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from samples import run_tjs

from tjansteskrivelse.api import render_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
REFERENCE_MEMO = Path(__file__).parent / "reference" / "RUN-572-2020.txt"  # copy of shared/reference
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "op": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
tools = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed for PDF tests",
)


def core(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("docProps/core.xml"))


def test_render_twice_gives_identical_bytes(tmp_path):
    """Determinism without sleeping: no clock reaches the file. The only places a time can sit in a
    .docx are the zip headers and the properties; both are pinned (to a constant and the case date),
    and a second render in another process, time zone and locale gives the same bytes."""
    first = render_case(EXAMPLE, tmp_path / "a")
    subprocess.run(
        [sys.executable, "-m", "tjansteskrivelse", "render", str(EXAMPLE), "-o", str(tmp_path / "b")],
        check=True,
        capture_output=True,
        env={**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
    )
    second = sorted((tmp_path / "b").iterdir())
    assert sorted(p.name for p in first) == [p.name for p in second]
    for a in first:
        assert a.read_bytes() == (tmp_path / "b" / a.name).read_bytes(), f"{a.name} differs between two renders"
        with zipfile.ZipFile(a) as package:
            assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_core_properties_of_the_memo(tmp_path):
    memo = render_case(EXAMPLE, tmp_path)[0]
    properties = core(memo)
    assert properties.findtext("dc:title", namespaces=NS).startswith("Samverkansavtal mellan Region")
    assert properties.findtext("dc:language", namespaces=NS) == "sv-SE"
    assert properties.findtext("dcterms:created", namespaces=NS) == "2020-11-20T00:00:00Z"
    assert properties.findtext("dcterms:modified", namespaces=NS) == "2020-11-20T00:00:00Z"
    assert properties.findtext("dc:creator", namespaces=NS) == "Marina Gregorsson"
    assert "RUN/572/2020" in properties.findtext("cp:keywords", namespaces=NS)
    with zipfile.ZipFile(memo) as package:
        assert all(b"python-docx" not in package.read(name) for name in package.namelist())
        custom = etree.fromstring(package.read("docProps/custom.xml"))
    values = {p.get("name"): p[0].text for p in custom.findall("op:property", NS)}
    assert values["Diarienummer"] == "RUN/572/2020"
    assert values["Dokumenttyp"] == "TJÄNSTESKRIVELSE"
    assert values["Datum"] == "2020-11-20"


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    memo = render_case(EXAMPLE, tmp_path)[0]
    assert core(memo).findtext("dcterms:created", namespaces=NS) == "2023-11-14T22:13:20Z"


def test_decided_case_carries_secrecy_and_organ(tmp_path):
    memo = render_case(ROOT / "tests" / "cases" / "beslutad.yaml", tmp_path)[0]
    with zipfile.ZipFile(memo) as package:
        custom = etree.fromstring(package.read("docProps/custom.xml"))
    values = {p.get("name"): p[0].text for p in custom.findall("op:property", NS)}
    assert values["Sekretess"] == "Sekretess enligt 21 kap. 1 § OSL"
    assert values["Organ"] == "Kommunstyrelsen"


def test_tjs_check_passes_on_everything_tjs_writes(our_outputs, capsys):
    code, _, err = run_tjs(capsys, "check", *our_outputs)
    assert code == 0, err
    assert f"{len(our_outputs)} documents checked, 0 problems" in err


def test_tjs_check_names_the_problems_of_a_bad_document(tmp_path, capsys):
    import docx

    document = docx.Document()
    document.add_heading("Titel", level=1)
    document.add_heading("Hoppar över en nivå", level=3)
    document.add_paragraph("")
    document.add_paragraph("Text efter ett tomt stycke.")
    bad = tmp_path / "dålig.docx"
    document.save(bad)
    code, _, err = run_tjs(capsys, "check", str(bad))
    assert code == 1
    assert "heading" in err.lower() or "rubrik" in err.lower()
    assert "empty" in err.lower() or "tomt" in err.lower()
    assert "language" in err.lower() or "språk" in err.lower()
    assert "title" in err.lower() or "titel" in err.lower()


@pytest.mark.libreoffice
@tools
def test_render_pdf_writes_tagged_pdfa2_with_the_memo_text(tmp_path, capsys):
    code, _out, err = run_tjs(capsys, "render", str(EXAMPLE), "-o", str(tmp_path), "--pdf")
    assert code == 0, err
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "RUN-572-2020-utdrag-dag-hartman.pdf",
        "RUN-572-2020-utdrag-theresia-gron.pdf",
        "RUN-572-2020.pdf",
    ]
    memo = tmp_path / "RUN-572-2020.pdf"
    data = memo.read_bytes()
    assert re.search(rb"pdfaid:part(>|=\")2", data), "no PDF/A-2 identification in the XMP metadata"
    assert b"/StructTreeRoot" in data, "the PDF is not tagged"
    assert b"/Lang(sv-SE)" in data
    info = subprocess.run(["pdfinfo", str(memo)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+Samverkansavtal mellan Region", info, re.MULTILINE)
    text = subprocess.run(["pdftotext", str(memo), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for line in REFERENCE_MEMO.read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert " ".join(line.split()) in flat, line

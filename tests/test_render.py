"""`tjs render` end to end: the documents read back with python-docx (and LibreOffice)."""

# mypy: disable-error-code="union-attr"
# (python-docx and the case model type their optional parts X | None; a None fails the test anyway)

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx_dump import dump, reading_lines
from samples import run_tjs

from tjansteskrivelse.api import render_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
CASES = Path(__file__).parent / "cases"
REFERENCE_MEMO = Path(__file__).parent / "reference" / "RUN-572-2020.txt"  # copy of shared/reference
HOSTILE_TITLE = "Riktlinjer för *bold* # x 1. x <b>x</b> {{ 7*7 }} a | b"
soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("example")
    return {path.name: path for path in render_case(EXAMPLE, out)}


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("decided")
    return {path.name: path for path in render_case(CASES / "beslutad.yaml", out)}


def in_order(expected: list[str], actual: list[str]) -> list[str]:
    """The expected lines not found in order in ``actual``.

    A line may continue where the previous one ended within the same document
    line (the reference memo wraps "Områdeschef Välfärd, klimat och / kompetens").
    """
    missing, index, offset = [], 0, 0
    for line in expected:
        for candidate in range(index, len(actual)):
            found = actual[candidate].find(line, offset if candidate == index else 0)
            if found >= 0:
                index, offset = candidate, found + len(line)
                break
        else:
            missing.append(line)
    return missing


def test_example_writes_memo_and_one_extract_per_recipient(example):
    assert sorted(example) == [
        "RUN-572-2020-utdrag-dag-hartman.docx",
        "RUN-572-2020-utdrag-theresia-gron.docx",
        "RUN-572-2020.docx",
    ]


def test_memo_holds_every_line_of_the_real_memo_in_order(example):
    reference = [line.strip() for line in REFERENCE_MEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = reading_lines(example["RUN-572-2020.docx"])
    assert in_order(reference, lines) == [], "\n".join(lines)
    assert "Tfn: 063146619" in lines


def test_proposal_numbers_come_from_word_numbering(example):
    document = docx.Document(str(example["RUN-572-2020.docx"]))
    points = [p for p in document.paragraphs if p.text.startswith(("Upprättat förslag", "Regional utvecklings"))]
    assert len(points) == 2
    for point in points:
        assert point.style.name == "List Number"
        assert point._p.pPr.numPr is not None  # a real Word list, restarted by its own w:num
    body = dump(example["RUN-572-2020.docx"])["body"]
    assert [line[:3] for line in body if line.startswith(("1. ", "2. "))] == ["1. ", "2. "]
    assert not any(re.match(r"\d+\. ", p.text) for p in document.paragraphs), "typed numbers"


def test_headings_are_word_heading_styles(example):
    document = docx.Document(str(example["RUN-572-2020.docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", docx.Document(str(example["RUN-572-2020.docx"])).core_properties.title)
    assert ("Heading 2", "Ärendebeskrivning") in headings
    assert ("Heading 2", "Regiondirektörens förslag") in headings
    assert ("Heading 2", "Utdrag till") in headings


def test_memo_header_footer_and_page_numbers(example):
    parts = dump(example["RUN-572-2020.docx"])
    first = parts["first_header"]
    assert any("Region Jämtland Härjedalen" in line and "TJÄNSTESKRIVELSE" in line for line in first)
    assert "RUN/572/2020" in first and "2020-11-20" in first
    assert any("Region Jämtland Härjedalen" in line and "RUN/572/2020" in line for line in parts["header"])
    with zipfile.ZipFile(example["RUN-572-2020.docx"]) as package:
        headers = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
    assert "PAGE" in headers and "NUMPAGES" in headers


def test_properties_come_from_the_case(example):
    memo = example["RUN-572-2020.docx"]
    properties = docx.Document(str(memo)).core_properties
    assert properties.title.startswith("Samverkansavtal mellan Region Jämtland Härjedalen")
    assert properties.author == "Marina Gregorsson"
    assert properties.language == "sv-SE"
    assert properties.created.date().isoformat() == "2020-11-20"
    assert "RUN/572/2020" in properties.keywords
    with zipfile.ZipFile(memo) as package:
        for name in package.namelist():
            assert b"python-docx" not in package.read(name), name
        assert b"Diarienummer" in package.read("docProps/custom.xml")


def test_draft_extract_is_marked_and_leaves_blanks(example):
    lines = reading_lines(example["RUN-572-2020-utdrag-dag-hartman.docx"])
    assert "UTKAST" in lines
    assert any("Dag Hartman, Välfärd, klimat och kompetens" in line for line in lines[:6])  # addressed
    assert any(line.startswith("§ ______") and "Dnr RUN/572/2020" in line for line in lines)
    body = dump(example["RUN-572-2020-utdrag-dag-hartman.docx"])["body"]
    decision = body.index("Beslut")
    assert body[decision + 1].startswith("1. Upprättat förslag")
    assert body[decision + 2].startswith("2. Regional utvecklingsdirektör")
    # the distribution list names every recipient
    assert "Theresia Grön, Östersunds kommun" in body


def test_decided_extracts(decided):
    assert sorted(decided) == [
        "KS-2021-123-utdrag-anna-berg-2.docx",
        "KS-2021-123-utdrag-anna-berg.docx",
        "KS-2021-123-utdrag-kommunstyrelsens-forvaltning.docx",
        "KS-2021-123.docx",
    ]
    parts = dump(decided["KS-2021-123-utdrag-anna-berg-2.docx"])
    text = "\n".join(parts["first_header"] + parts["body"] + parts["first_footer"])
    assert "UTKAST" not in text
    assert "§ 45\tDnr KS 2021/123" in parts["body"]
    assert "2021-03-15" in parts["first_header"] and "Kommunstyrelsen" in parts["first_header"]
    assert "Ordföranden ställer proposition på förslaget och finner att det bifalls." in parts["body"]
    assert "Justerandes signatur" in text and "Utdragsbestyrkande" in text and "Lisa Nord" in text
    assert "Anna Berg, HR" in parts["body"][:3][-1] or any("Anna Berg, HR" in line for line in parts["body"][:3])


def test_numbered_lists_restart_at_one(decided):
    body = dump(decided["KS-2021-123.docx"])["body"]
    numbers = [line[:2] for line in body if re.match(r"\d\. ", line)]
    # three steps in Bakgrund, two proposal points (attachments are bullets: listformat's default, bilagor: punkt)
    assert numbers == ["1.", "2.", "3.", "1.", "2."]
    extract = dump(decided["KS-2021-123-utdrag-anna-berg.docx"])["body"]
    assert [line[:2] for line in extract if re.match(r"\d\. ", line)][-2:] == ["1.", "2."]


def test_plain_text_is_literal_and_markdown_fields_are_formatted(decided):
    document = docx.Document(str(decided["KS-2021-123.docx"]))
    title = document.paragraphs[0]
    assert title.style.name == "Heading 1" and title.text == HOSTILE_TITLE
    step = next(p for p in document.paragraphs if p.text.startswith("Inventering av"))
    assert [r.text for r in step.runs if r.bold] == ["nuvarande"]
    assert "Sökande: Bolaget AB" in [p.text for p in document.paragraphs]
    rels = [r for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in rels] == ["https://www.exempelby.se/riktlinjer"]


def test_secrecy_marking_on_every_page(decided):
    parts = dump(decided["KS-2021-123.docx"])
    for part in ("first_header", "header"):
        assert "Sekretess enligt 21 kap. 1 § OSL" in parts[part]


def test_case_without_recipients_writes_only_the_memo(tmp_path):
    written = render_case(CASES / "utan-utdrag.yaml", tmp_path)
    assert [p.name for p in written] == ["Dnr-2020-00123.docx"]
    combined = render_case(CASES / "utan-utdrag.yaml", tmp_path / "s", combined=True)
    assert [p.name for p in combined] == ["Dnr-2020-00123.docx", "Dnr-2020-00123-utdrag.docx"]
    lines = reading_lines(combined[1])
    assert not any(line.startswith("Till:") for line in lines)  # unaddressed


def test_unnumbered_proposal_and_table(tmp_path):
    written = {p.name: p for p in render_case(CASES / "tabell.yaml", tmp_path)}
    document = docx.Document(str(written["SN-18-0098.docx"]))
    points = [p for p in document.paragraphs if p.text in ("Budgeten antas.", "Uppföljning sker i oktober.")]
    assert len(points) == 2 and all(p._p.pPr is None or p._p.pPr.numPr is None for p in points)
    assert all(p.style.name == "Normal" for p in points)
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Verksamhet", "2018", "2019"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[2].cells] == ["Skola", "200", "205"]
    assert "Tfn: 08-123 456" in reading_lines(written["SN-18-0098.docx"])


def test_render_command_lists_files_and_reports_invalid_cases(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("diarienummer: X\nrubirk: y\n", encoding="utf-8")
    code, out, err = run_tjs(capsys, "render", str(EXAMPLE), str(bad), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 1
    assert f"{bad}:2:1: error: unknown key 'rubirk' (did you mean 'rubrik'?)" in err
    assert "Traceback" not in err
    assert sorted(Path(line).name for line in out.split()) == sorted(
        ["RUN-572-2020.docx", "RUN-572-2020-utdrag-dag-hartman.docx", "RUN-572-2020-utdrag-theresia-gron.docx"]
    )
    assert not list((tmp_path / "out").glob("X*")) and not list((tmp_path / "out").glob(".tjs-*"))


def test_a_failing_case_leaves_no_partial_output(tmp_path, capsys):
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "protokollsutdrag.md.j2").write_text("# {{ finns_inte }}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_tjs(capsys, "render", str(EXAMPLE), "-o", str(out), "--templates", str(broken))
    assert code == 1
    assert "protokollsutdrag.md.j2:1" in err and "finns_inte" in err
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.libreoffice
@soffice
def test_libreoffice_reads_every_document_and_keeps_the_numbering(example, decided, tmp_path):
    from tjansteskrivelse.pdf import convert_to_pdf

    files = [*example.values(), *decided.values()]
    pdfs = convert_to_pdf(files, tmp_path)
    assert len(pdfs) == len(files)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "KS-2021-123.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"1\.\s+Inventering", text) and re.search(r"3\.\s+Förslag till nya", text)
    assert re.search(r"1\.\s+Anta riktlinjerna", text) and re.search(r"2\.\s+Upphäva", text)
    memo = subprocess.run(
        ["pdftotext", str(tmp_path / "RUN-572-2020.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "063146619" in memo and "1 (" in memo

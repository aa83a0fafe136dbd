"""Other organisations' extracts as LibreOffice lays them out (issue 11): pages read back from the PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx_dump import dump
from org_samples import DECIDED, kungsbacka

from tjansteskrivelse.api import render_case

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and pdftotext are needed",
    ),
]
EXTRACT = "BN-2024-0013-utdrag-kommunstyrelsen.docx"
MEMO = "BN-2024-0013.docx"
# Nacka's choices besides Kungsbacka's: a page label, the footer lines on the first page only.
EXTRA = "sidfot_sidor: forsta\nsidfot_utdrag: [Kungsbacka kommun, 434 81 Kungsbacka]\n"


def pdf_pages(docx_files: list[Path], out: Path) -> dict[str, list[list[str]]]:
    """``{file name: pages}``, each page its non-empty lines (stripped, non-breaking spaces as spaces)."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pages = {}
    for path in docx_files:
        pdf = out / path.with_suffix(".pdf").name
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.replace(" ", " ")
        pages[path.name] = [
            [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f") if page.strip()
        ]
    return pages


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("kungsbacka")


@pytest.fixture(scope="module")
def pages(folder: Path) -> dict[str, list[list[str]]]:
    plain = kungsbacka(folder / "plain")
    labelled = kungsbacka(folder / "labelled", DECIDED, EXTRA)
    config = (labelled.parent / "tjs.yaml").read_text(encoding="utf-8")
    (labelled.parent / "tjs.yaml").write_text(
        config.replace("rubriker:\n", "rubriker:\n  sida: Sida\n", 1), encoding="utf-8"
    )
    files = [*render_case(plain, folder / "out-plain"), *render_case(labelled, folder / "out-labelled")]
    plain_pages = pdf_pages([f for f in files if f.parent.name == "out-plain"], folder / "out-plain")
    labelled_pages = pdf_pages([f for f in files if f.parent.name == "out-labelled"], folder / "out-labelled")
    return {**plain_pages, **{f"labelled/{name}": value for name, value in labelled_pages.items()}}


def in_order(wanted: list[str], lines: list[str]) -> bool:
    index = 0
    for line in lines:
        if index < len(wanted) and line == wanted[index]:
            index += 1
    return index == len(wanted)


def test_the_extract_spans_pages_and_reads_in_kungsbacka_order(pages):
    extract = pages[EXTRACT]
    assert len(extract) >= 2
    lines = [line for page in extract for line in page]
    assert in_order(
        [
            "Beslut",
            "Byggnadsnämnden antar detaljplanen för Kolla 3:14.",
            "Sammanfattning",
            "Beslutsunderlag",
            "Yrkanden",
            "Beslutsgång",
            "Reservation",
            "Karin Åberg (S) reserverar sig mot beslutet.",
            "Beslutet skickas till",
            "Kommunstyrelsen",
        ],
        lines,
    ), lines


def test_every_later_page_starts_with_the_organ_meeting_date_and_continuation(pages):
    extract = pages[EXTRACT]
    for number, page in enumerate(extract[1:], start=2):
        assert page[0].split() == ["Kungsbacka", "kommun", "BN", "2024/0013", f"{number}", f"({len(extract)})"]
        assert page[1:4] == ["Byggnadsnämnden", "Sammanträdesdatum 2024-05-13", "forts. § 145"], page[:5]


def test_the_docx_has_the_same_order_as_the_pdf(pages, folder):
    parts = dump(folder / "out-plain" / EXTRACT)
    assert parts["header"][1:] == ["Byggnadsnämnden", "Sammanträdesdatum 2024-05-13", "forts. § 145"]
    pdf_lines = [line for page in pages[EXTRACT] for line in page]
    headings = [
        "Beslut",
        "Sammanfattning",
        "Beslutsunderlag",
        "Yrkanden",
        "Beslutsgång",
        "Reservation",
        "Beslutet skickas till",
    ]
    assert [line for line in parts["body"] if line in headings] == headings
    assert [line for line in pdf_lines if line in headings] == headings


def test_the_certification_area_is_on_every_page(pages):
    for name in (EXTRACT, f"labelled/{EXTRACT}"):
        for page in pages[name]:
            text = "\n".join(page)
            assert "Justerandes signatur" in text and "Expedierat/bestyrkt" in text
            assert "Justerare: Karin Åberg" in text and "Görel Lund" in text


def test_page_label_and_first_page_only_footer_lines(pages):
    extract = pages[f"labelled/{EXTRACT}"]
    total = len(extract)
    assert any(line.endswith(f"Sida 1 ({total})") for line in extract[0])
    assert extract[1][0].endswith(f"Sida 2 ({total})")
    assert "434 81 Kungsbacka" in "\n".join(extract[0])
    assert all("434 81 Kungsbacka" not in "\n".join(page) for page in extract[1:])

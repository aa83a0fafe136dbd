"""examples/goteborg: Göteborgs Stad's tjänsteutlåtande and protocol extracts from tjs.yaml alone, read back."""

from __future__ import annotations

import docx
import pytest
from docx_dump import dump
from org_samples import EXAMPLES
from samples import run_tjs

from tjansteskrivelse import load_case
from tjansteskrivelse.cli import main

GOTEBORG = EXAMPLES / "goteborg"
CASES = sorted(GOTEBORG.glob("0*.yaml"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("goteborg")
    with pytest.raises(SystemExit) as done:  # module-wide, so not run_tjs (capsys is per test)
        main(["render", *map(str, CASES), "-o", str(out), "--force", "-q", "-j", "1"])
    assert done.value.code in (0, None)
    return {path.name: path for path in sorted(out.glob("*.docx"))}


def headings(path) -> list[str]:
    return [
        p.text for p in docx.Document(str(path)).paragraphs if p.style and (p.style.name or "").startswith("Heading")
    ]


def test_the_example_has_a_memo_a_decided_matter_and_an_extract_only_matter():
    cases = [load_case(path) for path in CASES]
    assert [case.forslag is not None for case in cases] == [True, True, False]
    assert [case.beslut is not None for case in cases] == [False, True, True]


def test_every_document_passes_tjs_check(outputs, capsys):
    assert len(outputs) == (1 + 3) + (1 + 2) + 2  # memo and extracts, memo and extracts, extracts only
    code, out, err = run_tjs(capsys, "check", *outputs.values())
    assert code == 0, out + err


def test_the_memo_reads_as_a_goteborg_tjansteutlatande(outputs):
    memo = dump(outputs["0123-24.docx"])
    assert memo["first_header"][0].startswith("Göteborgs Stad\tTjänsteutlåtande\t1 (")
    assert memo["first_header"][1:3] == ["Utfärdat", "2024-02-01"]
    assert "Diarienummer" in memo["first_header"] and "0123/24" in memo["first_header"]
    assert headings(outputs["0123-24.docx"]) == [
        "Yttrande till Trafikverket över förslag till järnvägsplan för Västlänken, etapp Olskroken–Almedal",
        "Förslag till beslut",
        "Sammanfattning",
        "Bedömning ur ekonomisk dimension",
        "Bedömning ur ekologisk dimension",
        "Bedömning ur social dimension",
        "Ärendet",
        "Beskrivning av ärendet",
        "Stadsledningskontorets bedömning",
        "Bilagor",
        "Expedieras",
    ]
    body = memo["body"]
    at = body.index
    # one numbered proposal per body, each starting at 1
    assert at("I kommunstyrelsen") < at("2. Paragrafen förklaras omedelbart justerad.") < at("I kommunfullmäktige")
    assert (
        "1. Kommunfullmäktige antar yttrandet enligt bilaga 1 som sitt eget och översänder det till Trafikverket."
        in body
    )
    assert ["1. Förslag till yttrande", "2. Trafikverkets remiss, 2024-01-10"] == body[
        at("Bilagor") + 1 : at("Bilagor") + 3
    ]
    # the office above the signatures, side by side, no "I tjänsten"
    assert body[at("Stadsledningskontoret") : at("Expedieras")] == [
        "Stadsledningskontoret",
        "Eva Hansson | Anna Berg",
        "Stadsdirektör | Avdelningschef",
    ]
    assert "I tjänsten" not in body
    assert body[at("Expedieras") + 1 :] == ["• Trafikverket", "• Stadsbyggnadskontoret", "• Trafikkontoret"]
    address = "Göteborgs Stad, Stadsledningskontoret, Gustaf Adolfs torg 4 A, 404 82 Göteborg."
    assert memo["first_footer"] == [f"{address} Telefon 031-365 00 00. goteborg.se"]
    assert memo["footer"] == [""]  # the address on the first page only


def test_the_extract_gives_the_decision_first_and_the_vote(outputs):
    name = "0456-24-utdrag-kretslopp-och-vatten.docx"
    assert headings(outputs[name]) == [
        "Riktlinjer för stadens arbete med klimatanpassning 2024–2030",
        "Beslut",
        "Sammanfattning",
        "Beslutsunderlag",
        "Yrkanden",
        "Beslutsgång",
        "Omröstning",
        "Reservationer",
        "Expedieras",
    ]
    parts = dump(outputs[name])
    assert "§ 212\tDnr 0456/24" in parts["body"]
    assert "Axel Josefson (M) |  | X" in parts["body"]
    assert "Justerare: Jonas Attenius, Axel Josefson | " in parts["first_footer"]


def test_an_election_gives_only_extracts(outputs):
    assert not any(name.startswith("0789-24.") for name in outputs)
    body = dump(outputs["0789-24-utdrag-anna-nordin.docx"])["body"]
    assert "1. Till ersättare i kommunstyrelsen för tiden till och med 2026-12-31 väljs Anna Nordin (C)." in body

"""examples/stockholm: Stockholms stad's tjänsteutlåtande from tjs.yaml alone, read back from the .docx."""

from __future__ import annotations

import zipfile

from docx_dump import dump
from org_samples import EXAMPLES, render
from samples import run_tjs

CASE = EXAMPLES / "stockholm" / "KS-2024-123.yaml"


def test_the_memo_reads_as_a_stockholm_tjansteutlatande(tmp_path, capsys):
    case = tmp_path / CASE.name
    for source in (CASE, CASE.parent / "tjs.yaml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    files = render(capsys, case)
    assert sorted(files) == [
        "KS-2024-123-utdrag-exploateringskontoret.docx",
        "KS-2024-123-utdrag-miljoforvaltningen.docx",
        "KS-2024-123.docx",
    ]
    code, out, err = run_tjs(capsys, "check", *files.values())
    assert code == 0, out + err
    memo = dump(files["KS-2024-123.docx"])
    assert memo["first_header"] == [
        "Stockholms stad\tTjänsteutlåtande\tSida 1 (1)",
        "Datum",
        "2024-03-12",
        "Stadsledningskontoret, Ekonomiavdelningen",
        "Handläggare",
        "Karin Lindqvist",
        "Telefon: 08-508 29 123",
        "Till",
        "Kommunstyrelsen",
        "Dnr",
        "KS 2024/123",
    ]
    assert memo["header"] == ["Stockholms stad\tKS 2024/123\tSida 1 (1)"]
    body = memo["body"]
    at = body.index
    assert body[1:4] == [
        "Förvaltningens förslag till beslut",
        "1. Kommunstyrelsen godkänner riktlinjer för stadens arbete med klimatanpassning 2024–2030 enligt bilaga 1.",
        "2. Kommunstyrelsen ger stadsledningskontoret i uppdrag att följa upp riktlinjerna årligen.",
    ]
    assert (
        at("Sammanfattning") < at("Bakgrund") < at("Ärendets beredning") < at("Förvaltningens synpunkter och förslag")
    )
    # signatures side by side, no closing phrase, then the numbered attachments and the distribution list
    assert body[at("Peter Lundevall | Maria Söderberg") :] == [
        "Peter Lundevall | Maria Söderberg",
        "Finansdirektör | Avdelningschef",
        "Bilagor",
        "1. Riktlinjer för stadens arbete med klimatanpassning 2024–2030",
        "2. Remissammanställning",
        "Beslut sänds till",
        "Exploateringskontoret",
        "Miljöförvaltningen",
    ]
    assert "I tjänsten" not in body
    with zipfile.ZipFile(files["KS-2024-123.docx"]) as package:  # the footnote is a real Word footnote
        assert "Stockholms stads budget 2023" in package.read("word/footnotes.xml").decode()

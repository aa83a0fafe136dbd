"""One Reference renders many documents: each output is byte for byte what a fresh Reference gives.

The writer keeps the parsed reference (and parsed header/footer Markdown) on the
Reference and renders into copies of it; nothing a render does may leak into the next.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import docx
import pytest
from samples import png

from tjansteskrivelse.errors import MarkdownError, ReferenceDocumentError
from tjansteskrivelse.spec import EXTRACT, MEMO, DocumentKind, DocumentProperties, DocumentSpec
from tjansteskrivelse.writer import Reference, write_document

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "templates" / "referens.docx"
PROPS = DocumentProperties(
    title="Titel",
    subject="Ämne",
    keywords="RUN/1/2020",
    author="Handläggare",
    created=dt.datetime(2020, 11, 20, 8, 30, tzinfo=dt.UTC),
    category="Tjänsteskrivelse",
    custom={"Diarienummer": "RUN/1/2020"},
)
FIELDS = {
    "organisation": "Region Ö",
    "dokumenttyp": "TJÄNSTESKRIVELSE",
    "diarienummer": "RUN/1/2020",
    "sidetikett": "Sida",
}
HEADER = {
    "logotyp": '![Logotyp](logo.png "Region")',
    "sekretessrad": "::: Sekretess\nSEKRETESS enligt 21 kap. 7 § OSL\n:::",
    "sidhuvud": "::: Etikett\nDatum\n:::\n\n::: Sidhuvudtext\n2020-11-20 [länk](https://example.org)\n:::",
    "sidfot": "- ett\n- två\n\n1. tre\n2. fyra\n\n| a | b |\n| - | - |\n| 1 | 2 |",
    "sidhuvud_foljande": "",
    "sidfot_foljande": "::: Sidfotstext\nBox 654 · [e-post](mailto:a@example.org)\n:::",
}


def spec(
    body: str, blocks: dict[str, str], fields: dict[str, str], kind: DocumentKind = MEMO, typography: bool = True
) -> DocumentSpec:
    return DocumentSpec(
        kind=kind,
        file_name=f"{kind}.docx",
        body=body,
        blocks=blocks,
        fields=fields,
        properties=PROPS,
        typography=typography,
    )


SPECS = [
    spec("# Rubrik\n\nText[^1] med [länk](https://example.org).\n\n[^1]: En fot.\n\n1. a\n2. b\n", HEADER, FIELDS),
    spec("Annan text.\n\n- x\n- y\n", {**HEADER, "sidfot": "", "logotyp": ""}, {**FIELDS, "diarienummer": "X/2"}),
    spec("# Rubrik\n\nText[^1] med [länk](https://example.org).\n\n[^1]: En fot.\n\n1. a\n2. b\n", HEADER, FIELDS),
    spec("Utdrag.\n\n![Bild](logo.png)\n", HEADER, {**FIELDS, "dokumenttyp": "PROTOKOLLSUTDRAG"}, EXTRACT),
    spec("", {name: "" for name in HEADER}, FIELDS),
    spec("Utan typografi: 7 § OSL.", {**HEADER, "sidfot": "", "logotyp": ""}, FIELDS, typography=False),
    spec("# Rubrik\n\nText[^1] med [länk](https://example.org).\n\n[^1]: En fot.\n\n1. a\n2. b\n", HEADER, FIELDS),
]


def test_a_reused_reference_writes_what_a_fresh_one_writes(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    shared = Reference.load(REFERENCE_PATH)
    reused = []
    for s in SPECS:
        reused.append(write_document(shared, s, base_dir=tmp_path))
        # A render that fails half-way leaves nothing behind for the next one.
        with pytest.raises(ReferenceDocumentError, match="unknown placeholder"):
            write_document(shared, spec(s.body, dict(s.blocks), {"organisation": "X"}), base_dir=tmp_path)
        with pytest.raises(MarkdownError, match="never closed"):
            write_document(
                shared, spec(s.body, {**s.blocks, "sidfot": "::: Sidfotstext\nx\n"}, dict(s.fields)), base_dir=tmp_path
            )
    fresh = [write_document(Reference.read(REFERENCE_PATH), s, base_dir=tmp_path) for s in SPECS]
    assert reused == fresh
    assert reused[0] == reused[2] == reused[6]
    assert len(set(reused)) == 5


def split_placeholders(path: Path) -> Path:
    """The reference with its first header's placeholders split over runs, two to a run, beside text and a tab."""
    document = docx.Document(str(REFERENCE_PATH))
    paragraph = document.sections[0].header.paragraphs[1]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.add_run("Org: {{ orga").italic = True
    paragraph.add_run("nisa")
    paragraph.add_run("tion }}\t{{sida}} ({{ sidor }}) {{ diarie")
    paragraph.add_run("nummer }}{{dokumenttyp}} slut").bold = True
    target = path / "split.docx"
    document.save(str(target))
    return target


def test_split_placeholders_fill_the_same_in_every_document(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    reference = split_placeholders(tmp_path)
    shared = Reference.load(reference)
    reused = [write_document(shared, s, base_dir=tmp_path) for s in SPECS]
    assert reused == [write_document(Reference.read(reference), s, base_dir=tmp_path) for s in SPECS]
    header = docx.Document(BytesIO(reused[1])).sections[0].header.paragraphs[1]
    assert header.text == "Org: Region Ö\t1 (1) X/2TJÄNSTESKRIVELSE slut"


def test_a_reference_is_read_once_per_content_and_an_edited_one_again(tmp_path: Path) -> None:
    path = tmp_path / "referens.docx"
    path.write_bytes(REFERENCE_PATH.read_bytes())
    first = Reference.load(path)
    assert Reference.load(path) is first  # the same bytes at the same path: read once per process
    assert Reference.load(REFERENCE_PATH) is not first  # another path: messages name the path
    assert Reference.read(path) is not first
    split_placeholders(tmp_path).replace(path)  # edited in place
    edited = Reference.load(path)
    assert edited is not first
    assert (
        docx.Document(BytesIO(write_document(edited, SPECS[1], base_dir=tmp_path)))
        .sections[0]
        .header.paragraphs[1]
        .text.startswith("Org: ")
    )
    path.write_bytes(b"not a zip")  # an error is raised each time, never kept
    for _ in range(2):
        with pytest.raises(ReferenceDocumentError, match="not a valid Word"):
            Reference.load(path)
    path.write_bytes(REFERENCE_PATH.read_bytes())
    assert Reference.load(path) is first

"""Block quotes, footnotes, hard breaks, strikethrough, literal non-web links: all reach the page."""

from __future__ import annotations

import pytest
from samples import libreoffice_text
from test_writer import BLOCKS, NS, open_doc, part_xml, render

from tjansteskrivelse.errors import MarkdownError

BODY = (
    "# Rubrik\n\nText med not[^1] och en till[^b].\n\n> Om de kläder\n> som bärs\n\n"
    "Rad ett\\\nrad två och ~~struken~~.\n\n[^1]: Skatteverket, *rapport* 2020.\n[^b]: Andra noten.\n"
)


@pytest.fixture(scope="module")
def data(reference) -> bytes:
    return render(reference, BODY)


def test_block_quote_uses_the_quote_style(data):
    paragraphs = [(p.style.name, p.text) for p in open_doc(data).paragraphs]
    assert ("Quote", "Om de kläder som bärs") in paragraphs


def test_hard_break_and_strikethrough(data):
    paragraph = next(p for p in open_doc(data).paragraphs if p.text.startswith("Rad ett"))
    assert paragraph.text == "Rad ett\nrad två och struken."
    assert [r.text for r in paragraph.runs if r.font.strike] == ["struken"]


def test_footnotes_are_real_word_footnotes(data):
    body = part_xml(data, "word/document.xml")
    assert body.xpath(".//w:footnoteReference/@w:id", namespaces=NS) == ["1", "2"]
    assert body.xpath(".//w:r[w:footnoteReference]/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["FootnoteReference"] * 2
    notes = part_xml(data, "word/footnotes.xml")
    assert notes.xpath("./w:footnote/@w:type", namespaces=NS) == ["separator", "continuationSeparator"]
    texts = {n.get(f"{{{NS['w']}}}id"): "".join(n.itertext()) for n in notes.xpath("./w:footnote", namespaces=NS)}
    assert texts["1"] == " Skatteverket, rapport 2020." and texts["2"] == " Andra noten."
    assert notes.xpath(".//w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)[-2:] == ["FootnoteText"] * 2
    assert len(notes.xpath(".//w:footnoteRef", namespaces=NS)) == 2
    types = part_xml(data, "[Content_Types].xml")
    assert any(o.get("PartName") == "/word/footnotes.xml" for o in types)
    assert "[^" not in "".join(body.itertext())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a[^1] b[^1]\n\n[^1]: x\n", r"^tjansteskrivelse:1: footnote \[\^1\] is referenced more than once"),
        ("a\n\n[^x]: aldrig använd\n", r"^tjansteskrivelse:3: footnote \[\^x\] is defined but never referenced"),
        ("Före\n\n::: Sekretess\nöppen\n", r"^tjansteskrivelse:3: '::: Sekretess' is never closed"),
        ("Rad\n\nText[^saknas] här\n", r"^tjansteskrivelse:3: footnote \[\^saknas\] has no definition"),
    ],
)
def test_what_cannot_be_placed_is_an_error_with_its_line(reference, body, message):
    with pytest.raises(MarkdownError, match=message):
        render(reference, body)


def test_escaped_footnote_mark_is_text(reference):
    assert open_doc(render(reference, "Text \\[^1] här\n")).paragraphs[0].text == "Text [^1] här"


def test_footnote_in_a_header_block_is_an_error(reference):
    with pytest.raises(MarkdownError, match="footnotes can only stand in the body"):
        render(reference, "Text\n", blocks={**BLOCKS, "sidfot": "a[^1]\n\n[^1]: b\n"})


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("[öppna](ms-msdt:/id PCWDiagnostic)", "[öppna](ms-msdt:/id PCWDiagnostic)"),
        ("[sök](search-ms:query=x)", "[sök](search-ms:query=x)"),
        ("[dela](smb://server/dela)", "[dela](smb://server/dela)"),
        ("[fil](../../etc/passwd)", "[fil](../../etc/passwd)"),
        ("<smb://server/dela>", "<smb://server/dela>"),
        ("[js](javascript:alert(1))", "[js](javascript:alert(1))"),
    ],
)
def test_links_other_than_web_and_mail_print_as_their_text(reference, markdown, text):
    data = render(reference, f"Se {markdown} här.\n")
    body = part_xml(data, "word/document.xml")
    assert body.xpath(".//w:hyperlink", namespaces=NS) == []
    assert open_doc(data).paragraphs[0].text == f"Se {text} här."


def test_web_and_mail_links_stay_links(reference):
    data = render(reference, "[a](https://a.se) [b](http://b.se) [c](mailto:c@d.se) <https://e.se>\n")
    assert len(part_xml(data, "word/document.xml").xpath(".//w:hyperlink", namespaces=NS)) == 4


@pytest.mark.libreoffice
def test_libreoffice_shows_footnotes_at_the_foot_of_the_page(data, tmp_path):
    text = libreoffice_text(data, tmp_path, "noter")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    body_end = lines.index("rad två och struken.")
    note = lines.index("Skatteverket, rapport 2020.")
    footer = lines.index("Region Jämtland Härjedalen · Box 654")
    assert body_end < note < lines.index("Andra noten.") < footer  # below the text, above the footer
    assert "Text med not1 och en till2." in lines

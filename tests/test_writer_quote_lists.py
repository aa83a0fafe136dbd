"""A list inside a block quote is shown inside the quote: indented like it, still a real Word list."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from samples import examples, libreoffice_text
from test_writer import NS, open_doc, part_xml, render

from tjansteskrivelse.accessibility import check_document
from tjansteskrivelse.writer.lists import style_indent

BODY = "Före.\n\n> Citat\n>\n> - a\n>   - b\n>\n> 1. ett\n> 2. två\n>\n>    mer\n\n1. x\n2. y\n"
W = f"{{{NS['w']}}}"
QUOTE_LEFT, QUOTE_RIGHT = 567, 567  # the Quote style of templates/referens.docx


@pytest.fixture(scope="module")
def data(reference: Any) -> bytes:
    return render(reference, BODY)


def _paragraphs(data: bytes) -> dict[str, tuple[str, str | None, dict[str, str]]]:
    """text -> (style id, numId, w:ind attributes) of each body paragraph."""
    out = {}
    for p in part_xml(data, "word/document.xml").iter(f"{W}p"):
        style = p.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS)
        num = p.xpath("./w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
        ind = p.xpath("./w:pPr/w:ind", namespaces=NS)
        attrs = {k.removeprefix(W): v for k, v in ind[0].attrib.items()} if ind else {}
        out["".join(p.itertext())] = (style[0] if style else "Normal", num[0] if num else None, attrs)
    return out


def test_the_quoted_list_keeps_its_list_styles_and_gets_the_quote_indent_added(data: bytes) -> None:
    got = _paragraphs(data)
    # the list styles' own indents (425 per level, hanging 425) shifted by the quote's left indent
    assert got["a"] == ("ListBullet", None, {"left": "992", "right": "567", "hanging": "425"})
    assert got["b"] == ("ListBullet2", None, {"left": "1417", "right": "567", "hanging": "425"})
    assert got["ett"][:1] == got["två"][:1] == ("ListNumber",)
    assert got["ett"][2] == {"left": str(QUOTE_LEFT + 425), "right": str(QUOTE_RIGHT), "hanging": "425"}
    assert got["mer"] == ("ListContinue", None, {"left": "992", "right": "567", "hanging": "0"})
    assert got["Citat"] == ("Quote", None, {})
    assert got["x"][2] == {}  # a list outside the quote is untouched


def test_the_quoted_ordered_list_is_real_numbering_restarting_at_one(data: bytes) -> None:
    got = _paragraphs(data)
    quoted, outside = got["ett"][1], got["x"][1]
    assert quoted is not None and outside is not None and quoted == got["två"][1] and quoted != outside
    numbering = open_doc(data).part.numbering_part.element
    for num_id in (quoted, outside):
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        assert num.xpath('./w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val') == ["1"]


def test_the_document_passes_tjs_check(data: bytes, tmp_path: Path) -> None:
    # Its Open XML SDK schema validation is in test_accessibility_structure, with all the others.
    path = tmp_path / "citat.docx"
    path.write_bytes(data)
    assert check_document(path) == []


def _word_x(pdf: Path) -> dict[str, list[float]]:
    """word -> the left edges (points) where LibreOffice put it, from ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out: dict[str, list[float]] = {}
    for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html):
        out.setdefault(word, []).append(float(x))
    return out


@pytest.mark.libreoffice
def test_libreoffice_shows_the_list_inside_the_quote(data: bytes, tmp_path: Path) -> None:
    lines = [" ".join(line.split()) for line in libreoffice_text(data, tmp_path, "citat").splitlines()]
    assert lines.index("Citat") < lines.index("1. ett") < lines.index("2. två") < lines.index("1. x")
    x = _word_x(tmp_path / "citat.pdf")
    shift = QUOTE_LEFT / 20  # twips -> points
    assert x["•"][0] == pytest.approx(x["Citat"][0], abs=0.5)  # the bullet lines up with the quote's text
    assert x["1."][0] == pytest.approx(x["Citat"][0], abs=0.5)
    assert x["1."][1] == pytest.approx(x["Före."][0], abs=0.5)  # the list outside starts at the margin
    assert x["ett"][0] - x["x"][0] == pytest.approx(shift, abs=0.5)


# A list tree: each item a word and its sub-lists; a list is (ordered?, items).
_WORD = st.sampled_from(["alfa", "beta", "gamma", "delta"])


def _lists(depth: int) -> st.SearchStrategy[tuple[bool, list[tuple[str, list[Any]]]]]:
    children = st.just([]) if depth == 3 else st.lists(_lists(depth + 1), max_size=1)
    return st.tuples(st.booleans(), st.lists(st.tuples(_WORD, children), min_size=1, max_size=3))


def _markdown(tree: tuple[bool, list[tuple[str, list[Any]]]], indent: str = "") -> list[str]:
    ordered, items = tree
    lines = []
    for number, (word, subs) in enumerate(items, 1):
        marker = f"{number}. " if ordered else "- "
        lines.append(f"{indent}{marker}{word}")
        for sub in subs:
            lines += _markdown(sub, indent + " " * len(marker))
    return lines


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_lists(1))
@example(tree=(True, [("alfa", [(False, [("beta", [(True, [("gamma", [])])])])])]))
def test_every_list_paragraph_in_a_quote_is_shifted_by_the_quote(reference: Any, tree: Any) -> None:
    body = "> Citat\n>\n" + "".join(f"> {line}\n" for line in _markdown(tree)) + "\nEfter.\n"
    document = open_doc(render(reference, body))
    styles = document.styles.element
    listed = [p for p in document.paragraphs if p.style.name.startswith("List")]
    assert [p.text for p in listed] == [line.split()[1] for line in _markdown(tree)]
    for p in listed:
        own = style_indent(styles, p.style.style_id)
        ind = p._p.pPr.find(f"{W}ind")
        assert ind is not None, p.text
        assert int(ind.get(f"{W}left")) == QUOTE_LEFT + own["left"]
        assert int(ind.get(f"{W}right")) == QUOTE_RIGHT and int(ind.get(f"{W}hanging")) == own["hanging"]
    numbering = document.part.numbering_part.element
    for num_id in {p._p.pPr.numPr.numId.val for p in listed if p._p.pPr.numPr is not None}:
        assert numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:lvlOverride/w:startOverride/@w:val') == ["1"]

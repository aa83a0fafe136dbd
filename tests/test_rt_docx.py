"""Red-team regressions for the documents themselves: list numbering, list-item paragraphs, table widths,
table rows wider than their header, and the dates an extract carries."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples, libreoffice_text
from test_writer import open_doc, render

from tjansteskrivelse.api import render_case
from tjansteskrivelse.errors import TjsError
from tjansteskrivelse.load import load_case
from tjansteskrivelse.markdown import MarkdownLineError, parse
from tjansteskrivelse.writer.tables import CELL_MARGINS, column_widths

NESTED = (
    "1. a\n   - x\n     1. p\n     2. q\n   - y\n     1. r\n     2. s\n2. b\n\n"
    "- bullet\n  1. c\n  2. d\n- bullet\n  1. e\n"
)


def _numbering(data: bytes) -> tuple[list[tuple[str, str, str]], dict[str, dict[str, str]]]:
    """(text, numId, ilvl) of every numbered paragraph, and numId -> {ilvl: startOverride}."""
    document = open_doc(data)
    rows = []
    for p in document.paragraphs:
        num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
        if num_pr is not None:
            rows.append((p.text, str(num_pr.numId.val), str(num_pr.ilvl.val)))
    overrides = {
        num.get(qn("w:numId")): {o.get(qn("w:ilvl")): o.startOverride.val for o in num.lvlOverride_lst}
        for num in document.part.numbering_part.element.num_lst
    }
    return rows, overrides


def test_every_nested_ordered_list_restarts_at_its_own_level(reference):
    rows, overrides = _numbering(render(reference, NESTED))
    by_text = {text: (num, level) for text, num, level in rows}
    # p/q and r/s are two lists (under two bullet items): two instances, each starting its level at 1
    assert by_text["p"][0] == by_text["q"][0] != by_text["r"][0] == by_text["s"][0]
    assert by_text["c"][0] != by_text["e"][0]
    for text in "prce":
        num, level = by_text[text]
        assert overrides[num] == {level: 1}
    assert by_text["a"][0] == by_text["b"][0]


@pytest.mark.libreoffice
def test_nested_numbers_as_libreoffice_shows_them(reference, tmp_path):
    text = libreoffice_text(render(reference, NESTED), tmp_path)
    numbers = {m.group(2): m.group(1) for m in re.finditer(r"(\d+)\.\s+([a-z])\b", text)}
    assert numbers == {"a": "1", "p": "1", "q": "2", "r": "1", "s": "2", "b": "2", "c": "1", "d": "2", "e": "1"}


def test_later_paragraphs_of_an_item_are_list_continue_without_numbering(reference):
    data = render(reference, "1. ett\n\n   mer om ett\n2. två\n\n- punkt\n\n  mer\n  - djup\n\n    mer djup\n")
    document = open_doc(data)
    got = [(p.style.name, p.text, p._p.pPr.numPr is not None) for p in document.paragraphs]
    assert got == [
        ("List Number", "ett", True),
        ("List Continue", "mer om ett", False),
        ("List Number", "två", True),
        ("List Bullet", "punkt", False),
        ("List Continue", "mer", False),
        ("List Bullet 2", "djup", False),
        ("List Continue 2", "mer djup", False),
    ]
    with zipfile.ZipFile(BytesIO(data)) as package:
        assert b'w:numId w:val="0"' not in package.read("word/document.xml")  # openxml-audit refuses numId 0
    # aligned with the item's text, not the number
    assert document.styles["List Continue 2"].paragraph_format.left_indent == (
        document.styles["List Number 2"].paragraph_format.left_indent
    )


@pytest.mark.libreoffice
def test_a_long_url_leaves_the_other_column_room_for_its_text(reference, tmp_path):
    words = " ".join(f"ord{i}" for i in range(120))
    body = f"| Kort | Lång |\n| --- | --- |\n| https://example.com/{'x' * 300} | {words} |\n"
    text = libreoffice_text(render(reference, body), tmp_path)
    assert all(f"ord{i}" in text for i in range(120))


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.text(alphabet="ab x", max_size=400), min_size=1, max_size=30))
@example(["https://example.com/" + "x" * 300, "ord " * 400])
@example(["a" * 500] * 30)
def test_column_widths_fill_the_width_and_never_starve_a_column(cells):
    total, char = 9072, 0.6 * 12 * 20
    widths = column_widths([cells], total, char)
    assert sum(widths) == total
    fair = total // len(cells) // 2
    for width, text in zip(widths, cells, strict=True):
        longest = max((len(w) for w in text.split()), default=0)
        assert width >= min(longest * char + CELL_MARGINS, fair) - 1


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        ("| a | b |\n| - | - |\n| 1 | 2 | 3 |\n", 3),
        ("| a | b |\n| - | - |\n| 1 | 2 |\n| `x|y` | z |\n", 4),
        ("> | a |\n> | - |\n> | 1 | 2 |\n", 3),
        ("- x\n\n  | a |\n  | - |\n  | 1 | 2 |\n", 5),
    ],
)
def test_a_row_with_more_cells_than_the_header_is_refused(markdown, line):
    with pytest.raises(MarkdownLineError, match="cells after the last column would be lost") as caught:
        parse(markdown, source="text")
    assert caught.value.line == line


def test_escaped_pipes_and_short_rows_stay_accepted():
    parse("| a | b |\n| - | - |\n| 1 \\| 2 | 3 |\n| 4 |\n|  |  |\n", source="text")


HEAD = "diarienummer: KS 1\ndatum: 2026-01-01\norganisation: T\nhandläggare: {namn: A}\nrubrik: R\n"


def _case(tmp_path: Path, rest: str) -> Path:
    """``a.yaml``: a small valid case's first lines (``HEAD``), then ``rest``."""
    case = tmp_path / "a.yaml"
    case.write_text(HEAD + rest, encoding="utf-8")
    return case


def _section(text: str) -> str:
    """The case's rest: a proposal and one section whose text is ``text`` (from line 11, column 7)."""
    indented = "".join(f"      {line}\n" for line in text.splitlines())
    return f"forslag: {{punkter: [x]}}\navsnitt:\n  - rubrik: Bakgrund\n    text: |\n{indented}"


@pytest.mark.parametrize(
    ("rest", "error"),
    [
        pytest.param(
            "forslag: {punkter: [x]}\nsammanfattning: |\n  | a | b |\n  | - | - |\n  | 1 | 2 | 3 |\n",
            r"a\.yaml:10:3:.*3 cells but the table has 2 columns",
            id="a table row wider than its header",
        ),
        pytest.param(
            "forslag: {punkter: [x]}\nsammanfattning: |\n  Sida&#12;bryt\n",
            r"a\.yaml:8:3:.*U\+000C",  # a validation error, not a crash
            id="a control character reference",
        ),
        pytest.param(
            _section("Text.\n\n## Underrubrik\n"),
            r"a\.yaml:12:7: .*'## Underrubrik' comes before any '# Rubrik'",
            id="a subheading before any heading",
        ),
        pytest.param(
            'forslag:\n  punkter:\n    - Ett\n    - "1. siffra först"\n',
            r"a\.yaml:9:8: .*punkt 2.*would lose its number",
            id="a point starting with a list",
        ),
        pytest.param(_section("1. ett\n2.\n3. tre\n"), r"a\.yaml:11:7: .*an empty list item", id="an empty list item"),
    ],
)
def test_a_markdown_error_in_a_case_is_refused_where_it_stands(tmp_path: Path, rest: str, error: str) -> None:
    with pytest.raises(TjsError, match=error):
        load_case(_case(tmp_path, rest))


def test_an_extract_is_dated_by_its_meeting(tmp_path):
    case = Path(__file__).parent / "cases" / "beslutad.yaml"
    memo, *extracts = sorted(render_case(case, tmp_path), key=lambda p: "-utdrag" in p.name)
    assert open_doc(memo.read_bytes()).core_properties.created.date().isoformat() == "2021-03-01"
    for extract in extracts:
        document = open_doc(extract.read_bytes())
        assert document.core_properties.created.date().isoformat() == "2021-03-15"
        with zipfile.ZipFile(extract) as package:
            assert b"<vt:lpwstr>2021-03-15</vt:lpwstr>" in package.read("docProps/custom.xml")


@pytest.mark.parametrize("markdown", ["Se [](https://example.com).", "[ ](mailto:a@b.se)", "[&nbsp;](https://e.se)"])
def test_a_link_without_text_is_refused(markdown):
    with pytest.raises(MarkdownLineError, match="link without text"):
        parse(markdown, source="text")


@pytest.mark.parametrize("reference_", ["&#12;", "&#xC;", "&#x0c;"])
@pytest.mark.parametrize(
    "template", ["Sida{}bryt", "[a](https://e.se 't{}t')", "| a |\n| - |\n| {} |", "x[^1]\n\n[^1]: {}"]
)
def test_a_character_reference_to_a_control_character_is_refused(template, reference_):
    with pytest.raises(MarkdownLineError, match="control character U\\+000C") as caught:
        parse(template.format(reference_), source="text")
    assert caught.value.line is not None


def test_headings_in_order_pass_tjs_check(tmp_path):
    from tjansteskrivelse.accessibility import check_document

    case = _case(tmp_path, _section("# Rubrik\n\n## Underrubrik\n\nText.\n\n# Till\n"))
    memo = render_case(case, tmp_path / "out")[0]
    assert check_document(memo) == []


def test_a_footnote_ending_in_a_list_renders_every_paragraph(reference):
    data = render(reference, "Not[^1] här.\n\n[^1]: Första.\n\n    Andra.\n\n    - lista i not\n    - två\n")
    with zipfile.ZipFile(BytesIO(data)) as package:
        notes = package.read("word/footnotes.xml").decode()
    for text in ("Första.", "Andra.", "lista i not", "två"):
        assert text in notes


@pytest.mark.parametrize(
    ("markdown", "what"),
    [
        ("1. ett\n2. > citat\n3. tre\n", "starts with a quote"),
        ("1. ett\n2. - punkt\n", "starts with a list"),
        ("- - punkt\n", "starts with a list"),
    ],
)
def test_a_list_item_without_its_own_text_is_refused(markdown, what):
    with pytest.raises(MarkdownLineError, match=f"a list item {what}") as caught:
        parse(markdown, source="text")
    assert caught.value.line == 2 if markdown.startswith("1.") else 1


def test_app_properties_name_tjs_not_the_template_s_word(tmp_path):
    memo = render_case(Path(__file__).parent / "cases" / "beslutad.yaml", tmp_path)[0]
    with zipfile.ZipFile(memo) as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Application>tjansteskrivelse</Application>" in app
    for stale in ("Macintosh", "AppVersion", "<Pages>", "<Words>", "Normal.dotm"):
        assert stale not in app


def test_a_reference_saved_by_libreoffice_keeps_its_footnote_styles(tmp_path):
    builtin = Path(__file__).parents[1] / "templates" / "referens.docx"
    with zipfile.ZipFile(builtin) as source, zipfile.ZipFile(tmp_path / "ref.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":  # the names LibreOffice writes for Word's built-in styles
                data = data.replace(b'w:val="footnote text"', b'w:val="Footnote Text"')
                data = data.replace(b'w:val="footnote reference"', b'w:val="Footnote Reference"')
            target.writestr(info, data)
    (tmp_path / "tjs.yaml").write_text("organisation: T\nreferens: ref.docx\n", encoding="utf-8")
    case = tmp_path / "a.yaml"
    case.write_text(
        "diarienummer: KS 1\ndatum: 2026-01-01\nhandläggare: {namn: A}\nrubrik: R\nforslag: {punkter: [x]}\n"
        "sammanfattning: |\n  Text[^1].\n\n  [^1]: Noten.\n",
        encoding="utf-8",
    )
    load_case(case)  # validate: the styles are found
    memo = render_case(case, tmp_path / "out")[0]
    with zipfile.ZipFile(memo) as package:
        assert "Noten." in package.read("word/footnotes.xml").decode()


def test_a_draft_extract_says_so_in_its_properties_not_its_header(tmp_path):
    case = _case(tmp_path, "forslag: {punkter: [x]}\nutdrag_till: [Ekonomi]\n")
    memo, extract = sorted(render_case(case, tmp_path / "out"), key=lambda p: "-utdrag" in p.name)
    document = open_doc(extract.read_bytes())
    assert document.core_properties.subject == "PROTOKOLLSUTDRAG (UTKAST) KS 1"
    assert document.core_properties.category == "PROTOKOLLSUTDRAG (UTKAST)"
    header = "".join(p.text for p in document.sections[0].first_page_header.paragraphs)
    assert "PROTOKOLLSUTDRAG" in header and "(UTKAST)" not in header
    assert open_doc(memo.read_bytes()).core_properties.category == "TJÄNSTESKRIVELSE"


@pytest.mark.libreoffice
def test_each_block_in_a_numbered_style_counts_from_one(reference, tmp_path):
    body = "::: List Number\nett\n\ntvå\n:::\n\nMellan.\n\n::: List Number\nett igen\n\n> citat\n:::\n"
    data = render(reference, body)
    rows, overrides = _numbering(data)
    by_text = {text: (num, level) for text, num, level in rows}
    assert by_text["ett"] == by_text["två"] and by_text["ett"][0] != by_text["ett igen"][0]
    assert overrides[by_text["ett igen"][0]] == {"0": 1}
    assert "citat" not in by_text  # a quote inside the block is not a numbered item
    text = libreoffice_text(data, tmp_path)
    assert re.search(r"1\.\s+ett igen", text) and re.search(r"2\.\s+två", text)

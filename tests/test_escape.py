"""escape_plain round-trips: plain text placed anywhere in a template parses back to exactly that text."""

from __future__ import annotations

import random
import string
import tempfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from samples import examples, run_tjs, write

from tjansteskrivelse.markdown import parse
from tjansteskrivelse.templates import escape_plain

# Every character XML 1.0 can hold (the loader refuses the rest at file:line:col).
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters="".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])),
    )
)

# Where the built-in templates place a plain value: {} is the value.
PLACES = [
    "{}",
    "# {}",
    "## {}",
    "- {}",
    "1. {}",
    "::: Sidhuvudtext\n{}\n:::",
    "| {} | x |\n| --- | --- |\n| {} | y |",
    "§ {}: {}.",
    "5 {}\tDnr {}x",
    "![{}](<bild.png>)",
    "**{}**",
]


def collected(markdown: str) -> list[str]:
    """The text of each leaf block (paragraph, heading, cell, alt text), breaks as '\\n'."""
    tree = parse(markdown, source="test")
    texts: list[str] = []
    for node in tree.walk():
        if node.type == "inline":
            texts.append("".join(_inline_text(node)))
    return [t for t in texts if t]  # an empty value makes no paragraph at all: nothing to see


def _inline_text(node) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append("".join(_inline_text(child)))
        else:
            out.extend(_inline_text(child))
    return out


def expected(place: str, value: str) -> list[str]:
    literal = place.replace("{}", "\x00")
    texts = collected(literal.replace("\x00", "VALUE"))
    return [t for t in (t.replace("VALUE", value) for t in texts) if t]


@pytest.mark.parametrize("place", PLACES)
@settings(max_examples=examples(100), deadline=None)
@given(value=XML_TEXT)
@example(value="Ny förskola i Kolla\n\n")
@example(value="\n")
@example(value=" ")
@example(value="a  \nb")
@example(value="\\")
@example(value="x\\")
@example(value="1. punkt")
@example(value="# rubrik #")
@example(value="&amp; &#10; &")
@example(value="::: Stil")
@example(value="a | b")
@example(value="\r\n")
@example(value="\xa0x\u3000")
@example(value="\x85")
@example(value="\ufeff")
@example(value="\t\tindrag")
@example(value="---")
@example(value="<https://example.org>")
@example(value="[länk](https://example.org)")
@example(value="{{ x }}")
def test_every_plain_string_parses_back_to_itself(place: str, value: str) -> None:
    assume(value or "**" not in place)  # '****' is the template's own text, not the value's
    markdown = place.replace("{}", escape_plain(value))
    assert collected(markdown) == expected(place, value)


def test_the_issue_repro_has_no_stray_backslash() -> None:
    assert collected("# " + escape_plain("Ny förskola i Kolla\n\n")) == ["Ny förskola i Kolla\n\n"]


def test_escaped_value_is_one_line() -> None:
    assert "\n" not in escape_plain("a\nb\r\nc\n")


# --- end to end: case file -> `tjs render` -> .docx read back -------------------------------------

CASE = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
  telefon: 0701234567
rubrik: {value}
avsnitt:
  - rubrik: {value}
    text: Text.
förslag:
  punkter:
    - Punkt.
"""


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (everything but printable ASCII escaped)."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def shown(document_text: str, original: str) -> str:
    """What the document shows, mapped back where the writer legitimately differs.

    Swedish typography may turn a space into U+00A0 (only where the case has a
    space), and Word has one line break character: CR reads back as LF.
    """
    chars = list(document_text)
    plain = original.replace("\r", "\n")
    if len(chars) == len(plain):
        chars = [" " if c == "\xa0" and o == " " else c for c, o in zip(chars, plain, strict=True)]
    return "".join(chars)


def render_headings(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> list[str]:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    case = write(folder, CASE.format(value=yaml_quoted(value)))
    code, _out, err = run_tjs(capsys, "render", case, "-o", folder / "out")
    assert code == 0, err
    (docx_file,) = (folder / "out").glob("*.docx")
    paragraphs = docx.Document(str(docx_file)).paragraphs
    return [p.text for p in paragraphs if p.style is not None and p.style.name in ("Heading 1", "Heading 2")]


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=XML_TEXT.filter(lambda s: s.strip()))
@example(value="Ny förskola i Kolla\n\n")
@example(value=" Bak\tgrund*\r\n")
@example(value="21 kap. 7 § och 2023-10-31")
def test_a_rubrik_renders_to_exactly_its_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    rubrik, section, *_ = render_headings(tmp_path, capsys, value)
    breaks = value.replace("\r\n", "\n").replace("\r", "\n")  # a line break is one break, however written
    assert shown(rubrik, value) == breaks
    assert shown(section, value) == breaks


def test_a_long_random_rubrik_renders_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    printable = string.printable.replace("\x0b", "").replace("\x0c", "") + "åäöÅÄÖé–§€\xa0"
    value = "".join(random.Random(10).choices(printable, k=5000))
    assert value.strip()
    rubrik, *_ = render_headings(tmp_path, capsys, value)
    assert shown(rubrik, value) == value.replace("\r\n", "\n").replace("\r", "\n")

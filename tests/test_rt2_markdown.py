"""Red team 2: Markdown texts that crashed the footnote plugin, and the final line break the parser adds."""

from __future__ import annotations

import json
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from samples import examples, run_tjs, write
from test_markdown_validate_fuzz import HEAD, PIECES
from test_writer import render

from tjansteskrivelse.errors import TjsError
from tjansteskrivelse.markdown import MarkdownLineError, parse

NESTED = ["[^1]: >[^1]: ", "[^1]: > [^2]: x", "a\n\n[^1]: - [^2]: b", "a[^1]\n\n[^1]: x\n    > [^2]: y"]


@pytest.mark.parametrize("text", NESTED)
def test_a_footnote_defined_inside_another_is_an_error_at_its_line(text: str) -> None:
    # The footnote plugin's tail left a broken token stream: 'Value error, Invalid token nesting'.
    line = text.count("\n", 0, text.rindex("[^")) + 1
    with pytest.raises(MarkdownLineError, match=f"^t:{line}: a footnote is defined inside another footnote's text"):
        parse(text, source="t")


def test_validate_names_the_case_file_line_of_a_nested_footnote(capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        text = HEAD.format(text=json.dumps("[^1]: > [^2]: x"), point='"Punkt."', reservation='"Reservation."')
        code, _, err = run_tjs(capsys, "validate", write(Path(folder), text))
    assert code == 1
    assert "case.yaml:9:" in err and "inside another footnote" in err and "token nesting" not in err, err


def _document(reference: Any, body: str) -> bytes | str:
    try:
        data = render(reference, body)
    except TjsError as error:
        return str(error)
    with zipfile.ZipFile(BytesIO(data)) as package:
        return package.read("word/document.xml")


MORE = ["```", "    x", "\t", "a  ", "<!--", "[^1]:", "\r", "\r\n", "***", "---", "===", "[x]: /u"]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(PIECES + MORE), max_size=12).map("".join))
@example(text="[^1]: >[^1]: ")
@example(text=">::: Quote\n>")
@example(text="```\nkod")
@example(text="a\\")
def test_a_final_line_break_changes_nothing(reference: Any, text: str) -> None:
    # The parser sees every text with a final line break (markdown.parse_visits): the user's text without one
    # must give the same document, or the same error.
    text = text.rstrip("\r\n")
    assert _document(reference, text) == _document(reference, text + "\n")


def _styles(depth: int) -> str:
    """``depth`` style blocks, one inside the other, around one line of text."""
    opening = [":" * (3 + depth - level) + " Quote" for level in range(depth)]
    return "\n".join([*opening, "Djup text", *reversed([line.removesuffix(" Quote") for line in opening])])


@pytest.mark.parametrize(
    ("text", "line"), [(">" * 19 + " a", 1), ("Före.\n\n" + "> " * 40 + "a", 3), (_styles(19), 20), (_styles(30), 20)]
)
def test_blocks_nested_deeper_than_markdown_it_reads_are_an_error_not_lost_text(text: str, line: int) -> None:
    # markdown-it stops reading at 20 levels (maxNesting) and silently drops the text inside.
    with pytest.raises(MarkdownLineError, match=f"^t:{line}: quotes, lists and '::: ' style blocks nested more than"):
        parse(text, source="t")


def test_blocks_nested_as_deep_as_allowed_keep_their_text(reference: Any) -> None:
    for text in (">" * 18 + " Djup text", _styles(18)):
        assert [node.content for node in parse(text, source="t").walk() if node.type == "text"] == ["Djup text"]
    assert "Djup text" in str(_document(reference, _styles(18)))


@pytest.mark.parametrize(
    ("text", "point"), [("a[^1]\n\n[^1]: x", "b\n    [^1]"), ("[^1]\n  [^1]: ", ":::\n    [^1]"), ("a", "b\nc [^1]")]
)
def test_an_undefined_footnote_on_a_paragraphs_later_line_is_refused_by_validate(
    capsys: pytest.CaptureFixture[str], text: str, point: str
) -> None:
    # Only a paragraph's first line was searched for the unescaped mark: validate passed the point, and in
    # the memo it became a second reference to the text's footnote ('referenced more than once' at render).
    with tempfile.TemporaryDirectory() as folder:
        path = write(
            Path(folder), HEAD.format(text=json.dumps(text), point=json.dumps(point), reservation='"Reservation."')
        )
        code, _, err = run_tjs(capsys, "validate", path)
    assert code == 1 and "case.yaml:12:8: error: 'forslag.punkter, punkt 1': footnote [^1] has no definition" in err


def test_an_escaped_footnote_mark_on_a_later_line_is_text() -> None:
    tree = parse("a\n\\[^1] b\n", source="t")
    assert [node.content for node in tree.walk() if node.type == "text"] == ["a", "[^1] b"]

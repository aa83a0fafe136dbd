"""The typography hook: non-breaking hyphens become w:noBreakHyphen, U+00A0 is written as is.

typography.py may still be the stub in this branch, so the hyphen writer is tested directly,
and the hook end to end with the module's real ``typeset`` (whatever it returns, the visible
text must come back unchanged).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.text.run import Run
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples
from test_writer import REFERENCE_PATH, open_doc, render

from tjansteskrivelse import typography
from tjansteskrivelse.writer import Reference
from tjansteskrivelse.writer.runs import PLAIN, make_run

REFERENCE = Reference.load(REFERENCE_PATH)


def children(run) -> list[str]:
    return [f"{c.tag.split('}')[1]}:{c.text}" if c.text else c.tag.split("}")[1] for c in run]


def test_marked_hyphens_become_no_break_hyphens_and_read_back_as_hyphens():
    run = make_run("2023-10-31 och x-y", PLAIN, typeset=lambda text: (text, frozenset({4, 7})))
    assert children(run) == ["t:2023", "noBreakHyphen", "t:10", "noBreakHyphen", "t:31 och x-y"]
    spaced = make_run("a -b", PLAIN, typeset=lambda text: (text, frozenset({2})))
    assert spaced[0].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"  # "a " keeps its space
    assert Run(run, None).text == "2023-10-31 och x-y"  # type: ignore[arg-type]


def test_tabs_breaks_and_non_breaking_spaces_alongside_hyphens():
    run = make_run("a\tb-c\nd\u00a0e", PLAIN, typeset=lambda text: (text, frozenset({3})))
    assert children(run) == ["t:a", "tab", "t:b", "noBreakHyphen", "t:c", "br", "t:d\u00a0e"]
    assert Run(run, None).text == "a\tb-c\nd\u00a0e"  # type: ignore[arg-type]


@settings(max_examples=examples(60), deadline=None)
@given(st.text(alphabet="ab -\t\n\u00a0", max_size=30), st.data())
@example("-", None)
def test_any_hyphen_choice_keeps_the_visible_text(text, data):
    indices = [i for i, c in enumerate(text) if c == "-"]
    chosen = frozenset(data.draw(st.sets(st.sampled_from(indices))) if indices and data is not None else ())
    run = make_run(text, PLAIN, typeset=lambda t: (t, chosen))
    assert Run(run, None).text == text.replace("\r", "\n")  # type: ignore[arg-type]
    assert len(run.findall(qn("w:noBreakHyphen"))) == len(chosen)


def test_typography_on_and_off_keep_the_text(tmp_path):
    body = "Beslut 2023-10-31 den 12 juni om 30 mnkr, § 145 och 21 kap. 7 §, tel 08-581 690 00.\n"
    for on in (True, False):
        data = render(REFERENCE, body, typography=on)
        text = open_doc(data).paragraphs[0].text
        assert text.replace("\u00a0", " ") == body.strip()
        if not on:
            assert text == body.strip()
    assert typography.typeset("a-b")[0] == "a-b"  # never changes other characters


def test_non_breaking_space_is_written_as_is():
    data = render(REFERENCE, "12\u00a0juni\n", typography=False)
    assert open_doc(data).paragraphs[0].text == "12\u00a0juni"

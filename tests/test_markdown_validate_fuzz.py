"""For every Markdown-ish text in a case: what `tjs validate` accepts, `tjs render` renders; what it refuses,
it refuses at a line and column of the case file. Never a traceback."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from samples import examples, run_tjs, write

HEAD = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
rubrik: Ny förskola i Kolla
avsnitt:
  - rubrik: Bakgrund
    text: {text}
förslag:
  punkter:
    - {point}
beslut:
  organ: Kommunstyrelsen
  datum: 2021-04-01
  paragraf: "12"
  reservationer:
    - {reservation}
utdrag_till:
  - Ekonomienheten
"""
PIECES = [
    ">",
    "> ",
    "[^1]",
    "[^2]",
    "[^1]: ",
    ":::",
    "::: Quote",
    "::: Finns",
    "~~",
    "-",
    "- ",
    "1.",
    "1. ",
    "|",
    "| a |",
    "|---|",
    "#",
    "# ",
    "##",
    "\n",
    "\n\n",
    " ",
    "  ",
    "    ",
    "a",
    "ord",
    "\\",
    "*",
    "**",
    "::: Layouttabell",
    "::: Hyperlink",
    "12 juni",
    "[a](https://x.se)",
    "![a](b.png)",
    "<b>",
    "=",
    "1)",
]
POSITIONED = re.compile(r"^\S*case\.yaml:\d+:\d+: error: ", re.MULTILINE)


def markdownish() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join).filter(str.strip)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=markdownish(), point=markdownish(), reservation=markdownish())
@example(text="- a\n  - b\n    - c\n      - d", point="Punkt.", reservation="Reservation.")
@example(text="::: Finns\na\n:::", point="Punkt.", reservation="Reservation.")
@example(text="a[^1]\n\n[^1]: a", point="b[^1]\n\n[^1]: b", reservation="Reservation.")
@example(text="> a\n>\n> ::: Quote\n> a", point="Punkt.", reservation="Reservation.")
@example(text="a", point="- a\n  - b\n    - c", reservation="Reservation.")
@example(text="[^1]: a[^1]", point="Punkt.", reservation="Reservation.")
@example(text=">", point=">", reservation=">::: Quote\n>")  # IndexError in mdit-py-plugins' container rule
def test_validate_ok_means_render_ok(
    capsys: pytest.CaptureFixture[str], text: str, point: str, reservation: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(
            Path(folder),
            HEAD.format(
                text=json.dumps(text, ensure_ascii=False),
                point=json.dumps(point, ensure_ascii=False),
                reservation=json.dumps(reservation, ensure_ascii=False),
            ),
        )
        code, _, err = run_tjs(capsys, "validate", path)
        assert "Traceback" not in err and "internal error" not in err
        event(f"valid {code == 0}")
        if code == 0:
            code, _, err = run_tjs(capsys, "render", path, "-o", Path(folder) / "out")
            assert code == 0, err
        else:
            assert code == 1
            assert POSITIONED.search(err), err


LINES = st.lists(st.sampled_from(["", "Text.", "- punkt", "  - under", "> citat", "| a |", "ord ord"]), max_size=8)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=LINES, indent=st.integers(2, 8), quoted=st.booleans())
@example(before=["- punkt", "", "> citat"], indent=2, quoted=False)
def test_the_position_is_the_line_of_the_problem_in_the_case_file(
    capsys: pytest.CaptureFixture[str], before: list[str], indent: int, quoted: bool
) -> None:
    lines = ["Början.", *before, "", "::: Saknas-ruta", "Text.", ":::"]  # a block takes its first line's indent
    if quoted:  # one double-quoted line: the problem stands after its \n escapes
        value = json.dumps("\n".join(lines), ensure_ascii=False)
        escaped_before = json.dumps("\n".join(lines[:-3]) + "\n", ensure_ascii=False)[1:-1]
        expected = (9, len('    text: "') + len(escaped_before) + 1)
    else:  # a '|' block from line 10, each line indented by `indent`
        value = "|\n" + "".join(f"{' ' * (4 + indent)}{line}\n" if line else "\n" for line in lines)
        expected = (10 + len(lines) - 3, 4 + indent + 1)
    with tempfile.TemporaryDirectory() as folder:
        text = HEAD.format(text=value.rstrip("\n"), point='"Punkt."', reservation='"Reservation."')
        code, _, err = run_tjs(capsys, "validate", write(Path(folder), text))
    assert code == 1
    assert f"case.yaml:{expected[0]}:{expected[1]}: error: " in err and "Saknas-ruta" in err, err

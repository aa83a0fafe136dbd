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
from samples import run_tjs, write

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
"""
PIECES = [">", "> ", "[^1]", "[^2]", "[^1]: ", ":::", "::: Quote", "::: Finns", "~~", "-", "- ", "1.", "1. ", "|",
          "| a |", "|---|", "#", "# ", "##", "\n", "\n\n", " ", "  ", "    ", "a", "ord", "\\", "*", "**"]
POSITIONED = re.compile(r"^\S*case\.yaml:\d+:\d+: error: ", re.MULTILINE)


def markdownish() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join).filter(str.strip)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=markdownish(), point=markdownish())
@example(text="- a\n  - b\n    - c\n      - d", point="Punkt.")
@example(text="::: Finns\na\n:::", point="Punkt.")
@example(text="a[^1]\n\n[^1]: a", point="b[^1]\n\n[^1]: b")
@example(text="> a\n>\n> ::: Quote\n> a", point="Punkt.")
@example(text="a", point="- a\n  - b\n    - c")
@example(text="[^1]: a[^1]", point="Punkt.")
def test_validate_ok_means_render_ok(capsys: pytest.CaptureFixture[str], text: str, point: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), HEAD.format(text=json.dumps(text, ensure_ascii=False),
                                               point=json.dumps(point, ensure_ascii=False)))
        code, _, err = run_tjs(capsys, "validate", path)
        assert "Traceback" not in err and "internal error" not in err
        event(f'valid {code == 0}')
        if code == 0:
            code, _, err = run_tjs(capsys, "render", path, "-o", Path(folder) / "out")
            assert code == 0, err
        else:
            assert code == 1
            assert POSITIONED.search(err), err

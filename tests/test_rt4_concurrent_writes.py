"""Red team 4: two cases whose diarienummer give one file name ('KS 2021/1' and 'KS-2021-1'), rendered at
the same time into one folder by two threads of a script (or two `tjs render` runs). Each checked that the
file was not another case's, then renamed its own into place: both said they had written, and the
first one's memo was silently replaced by the second's. Now exactly one writes; the other is refused."""

from __future__ import annotations

import threading
from pathlib import Path

import docx
from samples import VALID

from tjansteskrivelse import Renderer, load_case, render_case
from tjansteskrivelse.errors import OutputError
from tjansteskrivelse.model import Case
from tjansteskrivelse.output import recorded_diarienummer


def _race(cases: list[Case], out: Path, renderer: Renderer) -> tuple[list[str], list[str]]:
    """Render ``cases`` into ``out`` from one thread each, let go at once: (written, refused) diarienummer."""
    start = threading.Barrier(len(cases))
    written: list[str] = []
    refused: list[str] = []

    def render(case: Case) -> None:
        start.wait()
        try:
            render_case(case, out, renderer=renderer)
            written.append(case.diarienummer)
        except OutputError:
            refused.append(case.diarienummer)

    threads = [threading.Thread(target=render, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return written, refused


def test_of_two_cases_with_one_file_name_written_at_once_exactly_one_is_written(tmp_path: Path) -> None:
    cases = []
    for name, diarienummer in (("a", "KS 2021/1"), ("b", "KS-2021-1")):
        path = tmp_path / f"{name}.yaml"
        text = VALID.replace("KS 2021/123", diarienummer).replace("Ny förskola i Kolla", f"Ärende {name}")
        path.write_text(text, encoding="utf-8")
        cases.append(load_case(path))
    renderer = Renderer()
    for trial in range(10):
        out = tmp_path / f"out{trial}"
        written, refused = _race(cases, out, renderer)
        assert len(written) == 1 and len(refused) == 1, (written, refused)
        memo = out / "KS-2021-1.docx"
        assert recorded_diarienummer(memo) == written[0]
        title = "Ärende a" if written[0] == "KS 2021/1" else "Ärende b"
        assert docx.Document(str(memo)).paragraphs[0].text == title

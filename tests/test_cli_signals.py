"""Ctrl-C and SIGTERM during `tjs render`: the case in hand is finished or rolled back, temp
files are cleaned, what was written is listed, and the exit status is 130/143."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from samples import EXAMPLE


@pytest.mark.parametrize(
    ("signum", "status", "word"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
def test_signal_mid_batch_leaves_whole_cases_and_exits_with_its_status(tmp_path: Path, signum, status, word):
    text = EXAMPLE.read_text(encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    for i in range(150):
        (cases / f"c{i:03}.yaml").write_text(text.replace("RUN/572/2020", f"RUN/{i}/2020"), encoding="utf-8")
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-m", "tjansteskrivelse", "render", str(cases), "-o", str(out), "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 6:
        time.sleep(0.02)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == status, err
    assert "Traceback" not in err
    assert word in err
    assert not list(out.glob(".tjs-*")), "temp or backup files left behind"
    memos = {p.name for p in out.glob("*.docx") if "-utdrag-" not in p.name}
    assert 0 < len(memos) < 150, "the signal came mid-batch"
    for memo in memos:  # every case is whole: memo and both extracts, or nothing
        stem = memo.removesuffix(".docx")
        assert (out / f"{stem}-utdrag-dag-hartman.docx").is_file()
        assert (out / f"{stem}-utdrag-theresia-gron.docx").is_file()
    extracts = {p.name.split("-utdrag-")[0] for p in out.glob("*-utdrag-*.docx")}
    assert extracts == {m.removesuffix(".docx") for m in memos}

"""Red team 4: render_cases(jobs=2) from a script whose other threads use tjs. The workers are forked; a
lock another thread held at that instant stayed held in each worker, where no thread would ever release it,
and the run hung for good. Each case here runs in its own process, stopped (with its workers) if it hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from samples import VALID

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from tjansteskrivelse import Renderer, render_cases
    from tjansteskrivelse.template_code import COMPILED
    from tjansteskrivelse.writer.reference import LOADED

    # Python 3.11's cached_property locks per class while computing (Renderer.fingerprint reads every template)
    fingerprint = getattr(Renderer.__dict__["fingerprint"], "lock", threading.Lock())
    held, done = threading.Event(), threading.Event()

    def hold():  # other threads of the script, in tjs just when the pool forks its workers
        with LOADED._lock, COMPILED._lock, fingerprint:
            held.set()
            done.wait()

    threading.Thread(target=hold).start()
    held.wait()
    try:
        cases = [Path(sys.argv[1], name) for name in ("a.yaml", "b.yaml")]
        print(*(result.status for result in render_cases(cases, Path(sys.argv[1], "out"), jobs=2)))
    finally:
        done.set()
    """
)


def test_workers_do_not_wait_for_a_lock_another_thread_held(tmp_path: Path) -> None:
    for name, number in (("a", "1"), ("b", "2")):
        (tmp_path / f"{name}.yaml").write_text(VALID.replace("KS 2021/123", f"KS 2021/{number}"), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers too can be stopped if it hangs
    )
    try:
        out, err = process.communicate(timeout=120)  # a guard against hanging the suite, not a measurement
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("render_cases(jobs=2) hung while another thread held tjs's locks")
    assert process.returncode == 0, err
    assert out.split() == ["rendered", "rendered"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["KS-2021-1.docx", "KS-2021-2.docx"]

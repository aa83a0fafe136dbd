"""Red team 2: a case never calls another case's public version its own (both record the same masked
diarienummer when the two differ only by a personnummer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import run_tjs, twin_cases
from test_public_names import NUMBERS, PUBLIC, _text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_twin_cases_public_version_is_not_named_stale(tmp_path: Path, capsys, jobs: str) -> None:
    a, b = twin_cases(tmp_path, "KS 2024/")
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", a, "--publicering", "-o", out, "-j", jobs)[0] == 0
    code, _, err = run_tjs(capsys, "render", b, "-o", out, "-j", jobs)
    # It said: 'out/…-publicering.docx is from an earlier render of b.yaml …; delete it if it is not needed'.
    assert code == 0 and "warning" not in err and PUBLIC not in err, err
    assert "Ärende a" in _text(out / PUBLIC)
    assert not any(number in err for number in NUMBERS)


def test_a_cases_own_stale_public_version_is_still_named(tmp_path: Path, capsys) -> None:
    a, _ = twin_cases(tmp_path, "KS 2024/")
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", a, "--publicering", "-o", out, "-j", "1")[0] == 0
    code, _, err = run_tjs(capsys, "render", a, "-o", out, "-j", "1", "--force")
    assert code == 0 and f"{PUBLIC} is from an earlier render of a.yaml" in err, err  # no twin: it is a's

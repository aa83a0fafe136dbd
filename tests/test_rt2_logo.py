"""Red team 2: a logo validate accepts, render places."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, png, run_tjs

PNG = png()


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.integers(1, len(PNG)))
@example(length=30)  # the signature and half the header: validate passed, render said 'not a supported picture ()'
@example(length=len(PNG))
def test_a_logo_cut_short_is_refused_by_validate_or_rendered(capsys: pytest.CaptureFixture[str], length: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "logo.png").write_bytes(PNG[:length])
        (folder / "tjs.yaml").write_text("logotyp:\n  fil: logo.png\n  alt: Kommunens logotyp\n", encoding="utf-8")
        (folder / "case.yaml").write_text(VALID, encoding="utf-8")
        code, _, err = run_tjs(capsys, "validate", folder / "case.yaml")
        if code == 0:
            assert run_tjs(capsys, "render", folder / "case.yaml", "-o", folder / "ut", "-j", "1")[0] == 0
        else:
            assert code == 1 and "tjs.yaml:2:8: error: 'logotyp.fil': 'logo.png' is not a picture" in err, err

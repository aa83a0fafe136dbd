"""Fixtures for the whole suite. Plain helpers (run_tjs, write, png, the sample
cases) live in samples.py, which test modules import by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tjansteskrivelse.project import find_config
from tjansteskrivelse.writer import Reference

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "templates" / "referens.docx"


@pytest.fixture(autouse=True)
def no_stray_config(tmp_path: Path) -> None:
    """Cases are written into tmp_path; a tjs.yaml above it would change the results."""
    assert find_config(tmp_path / "case.yaml") is None, "a tjs.yaml above the pytest temp folder"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Lets ``samples.libreoffice_text`` refuse a test that converts with LibreOffice unmarked
    (set before the test's fixtures, which may convert too)."""
    import samples

    samples.LIBREOFFICE_MARKED = item.get_closest_marker("libreoffice") is not None


@pytest.fixture(scope="module")
def reference() -> Reference:
    """The built-in reference document, loaded once per module."""
    return Reference.load(REFERENCE_PATH)

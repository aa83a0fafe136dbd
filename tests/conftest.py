"""Fixtures for the whole suite. Plain helpers (run_tjs, write, png, the sample
cases) live in samples.py, which test modules import by name."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from tjansteskrivelse.writer import Reference

# Compiled test modules (assertion-rewritten) and tjs's own are kept in __pycache__ (git ignores it) even
# where PYTHONDONTWRITEBYTECODE is set, as on our machines: compiling them again at every start costs each
# test process ~2 s, and each `python -m tjansteskrivelse` the tests start reads them too. So tjs is
# imported below this line only (in the fixtures), and the test modules after it.
sys.dont_write_bytecode = False

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "templates" / "referens.docx"

# Hypothesis searches in full in CI (.ci/run sets HYPOTHESIS_PROFILE=ci) and a fifth as far in a
# developer's run (the default). Both first replay every failing example found before (the example
# database in .hypothesis/) and each @example. A test's own count is scaled by samples.examples.
settings.register_profile("ci", max_examples=100)
settings.register_profile("dev", max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True, scope="session")
def no_stray_config(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Cases are written into each test's tmp_path, below the session's base temp folder; a tjs.yaml
    above that would change the results."""
    from tjansteskrivelse.project import find_config

    base = tmp_path_factory.getbasetemp()
    assert find_config(base / "a-test" / "case.yaml") is None, "a tjs.yaml above the pytest temp folder"


def pytest_collection_finish(session: pytest.Session) -> None:
    """What stays alive for the whole run (modules, test items, fixture definitions) is kept out of the
    garbage collector's full collections, which would otherwise scan it again and again: ~2 s of a quick
    run's CPU went to garbage collection, a full collection costing as much as all the young ones."""
    gc.freeze()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Lets ``samples.libreoffice_text`` refuse a test that converts with LibreOffice unmarked
    (set before the test's fixtures, which may convert too)."""
    import samples

    samples.LIBREOFFICE_MARKED = item.get_closest_marker("libreoffice") is not None


@pytest.fixture(scope="session")
def our_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every .docx tjs writes for the example and test cases (accessibility_docs.ALL_CASES), rendered
    through the real CLI once per test process. Read-only: a test that changes one works on a copy."""
    from accessibility_docs import ALL_CASES, render

    folder = tmp_path_factory.mktemp("our-outputs")
    documents = [document for case in ALL_CASES for document in render(case, folder / case.stem)]
    for document in documents:
        document.chmod(0o444)
    return documents


@pytest.fixture(scope="session")
def validator() -> Any:
    """The Open XML SDK's schema validation (openxml-audit, a test dependency), loaded once per test
    process: importing, building and warming it up takes ~0.7 s of CPU. Only test_accessibility_structure
    uses it: -n auto hands out a module's tests in one run of items, so usually one worker loads it."""
    return pytest.importorskip("openxml_audit").OpenXmlValidator()


@pytest.fixture(scope="module")
def reference() -> Reference:
    """The built-in reference document, loaded once per module."""
    from tjansteskrivelse.writer import Reference

    return Reference.load(REFERENCE_PATH)

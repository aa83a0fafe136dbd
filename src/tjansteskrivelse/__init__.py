"""tjansteskrivelse: YAML case files to Swedish decision memos and extracts (.docx).

The library API lives in :mod:`tjansteskrivelse.api`; its names are listed here, once (``__all__``:
api imports the list), and imported lazily so that ``tjs --help`` and ``tjs validate`` start fast (the
``TYPE_CHECKING`` import shows editors and type checkers their real types).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from .api import (
        CaseResult,
        Document,
        Renderer,
        load_case,
        load_mapping,
        project_in,
        render_case,
        render_cases,
        sha256,
        validate_case,
        validate_cases,
        write_pdfs,
    )

__all__ = [
    "CaseResult",
    "Document",
    "Renderer",
    "load_case",
    "load_mapping",
    "project_in",
    "render_case",
    "render_cases",
    "sha256",
    "validate_case",
    "validate_cases",
    "write_pdfs",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read when asked: importing importlib.metadata is a third of tjs's start
        return _version()
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)


def _version() -> str:
    """The one version source: the installed package's metadata (pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tjansteskrivelse")
    except PackageNotFoundError:  # pragma: no cover - imported from a source tree without an install
        return "0+unknown"

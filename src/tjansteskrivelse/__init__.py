"""tjansteskrivelse: YAML case files to Swedish decision memos and extracts (.docx).

The library API lives in :mod:`tjansteskrivelse.api`; the names below are
imported lazily so that ``tjs --help`` and ``tjs validate`` start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["check_case", "load_case", "render_case", "render_cases"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)

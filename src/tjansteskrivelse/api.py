"""The library API: validate and render cases. Orchestration only; no printing.

from tjansteskrivelse import Renderer, render_case, render_cases
renderer = Renderer()  # templates and reference loaded once; reuse it for many cases
render_case("cases/RUN-572-2020.yaml", "out", renderer=renderer)  # -> [Path('out/RUN-572-2020.docx'), ...]
for result in render_cases(paths, "out", jobs=4): ...  # CaseResult per case, in order
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# The API's names are listed once, in the package's __all__ (where they are imported lazily, for a fast start).
from . import __all__ as __all__
from .batch import CaseResult, Document, render_cases, sha256, validate_cases  # noqa: F401 - in __all__
from .load import load_case, load_mapping  # noqa: F401 - in __all__
from .model import Case
from .output import write_all
from .project import DEFAULT_PROJECT, Project, project_for, project_in  # noqa: F401 - in __all__
from .renderer import Renderer, output_folder


def validate_case(path: str | Path, project: Project | None = None) -> Case:
    """Validate one case file (``tjs validate``); raises ``InputError`` with every problem."""
    return load_case(path, project)


def render_case(
    case: str | Path | Case,
    out_dir: str | Path | None = None,
    *,
    project: Project | None = None,
    combined: bool = False,
    renderer: Renderer | None = None,
) -> list[Path]:
    """Render the memo and its extracts; every file is written whole, after all rendered.

    Pass ``renderer`` when rendering many cases: it is built here otherwise, for this call only.
    """
    if project is None and renderer is not None:
        project = renderer.project
    elif project is None:
        project = DEFAULT_PROJECT if isinstance(case, Case) else project_for(Path(case))
    if not isinstance(case, Case):
        case = load_case(case, project)
    renderer = renderer or Renderer(project)
    documents = renderer.documents(case, combined=combined)
    return write_all(output_folder(out_dir, project), documents, owner=case.diarienummer)


def write_pdfs(files: Sequence[Path]) -> list[Path]:
    """Tagged PDF/A beside each .docx: one LibreOffice start per output folder."""
    from .pdf import convert_to_pdf

    folders = dict.fromkeys(file.parent for file in files)
    return [pdf for folder in folders for pdf in convert_to_pdf([f for f in files if f.parent == folder], folder)]

"""The library API: load, check and render cases. Orchestration only; no printing.

    from tjansteskrivelse import render_case
    render_case("cases/RUN-572-2020.yaml", "out")  # -> [Path('out/RUN-572-2020.docx'), ...]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .context import MemoContext, extract_context, memo_context
from .errors import OutputError, TjsError, UsageError
from .extracts import plan_extracts
from .load import load_case
from .project import CONFIG_NAME, DEFAULT_PROJECT, Project, find_config, load_config, project_for, project_in
from .model import Case
from .output import case_stem, write_all

REFERENCE_NAME = "referens.docx"
DEFAULT_OUTPUT = Path("out")
MEMO, EXTRACT = "tjansteskrivelse", "protokollsutdrag"


def check_case(path: str | Path, project: Project | None = None) -> Case:
    """Validate one case file (``tjs validate``); raises ``InputError`` with every problem."""
    return load_case(path, project)


def document_date(date: dt.date) -> dt.datetime:
    """The date stamped into document properties: the case's, or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    return dt.datetime.combine(date, dt.time(), dt.timezone.utc)


class Renderer:
    """Templates and reference document of one project, loaded once and reused for every case."""

    def __init__(self, project: Project = DEFAULT_PROJECT, *, templates: Path | None = None,
                 reference: Path | None = None) -> None:
        from .templates import BUILTIN_TEMPLATES, Templates, check_project_folder
        from .writer import Reference

        config = project.config
        if templates is not None and not Path(templates).is_dir():
            raise UsageError(f"--templates {templates}: no such folder",
                             hint="make one with `tjs templates export DIR`")
        # Searched in order: --templates, the project's `mallar:`, the built-in templates.
        template_dirs = [Path(templates)] if templates is not None else []
        if config.mallar:
            root = project.path.parent if project.path else Path.cwd()
            template_dirs.append(check_project_folder(project.resolve(config.mallar), root))
        self.template_dirs = template_dirs
        self.templates = Templates(template_dirs)
        reference = reference or (project.resolve(config.referens) if config.referens else None)
        if reference is None:  # a project's templates folder may carry its own reference
            found = [d / REFERENCE_NAME for d in template_dirs if (d / REFERENCE_NAME).is_file()]
            reference = found[0] if found else BUILTIN_TEMPLATES / REFERENCE_NAME
        self.reference = Reference.load(reference)
        self.project = project

    def sources(self) -> list[tuple[str, Path, list[Path]]]:
        """``(name, the file used, the files it hides)`` for every template and the reference.

        A template found in more than one folder resolves to the first one on the
        search path (``--templates``, then ``mallar:``, then the built-in folder).
        """
        rows = []
        for name in self.templates.names():
            found = [d / name for d in self.templates.search_path if (d / name).is_file()]
            rows.append((name, found[0], found[1:]))
        builtin = self.templates.search_path[-1] / REFERENCE_NAME
        hidden = [builtin] if self.reference.path.resolve() != builtin.resolve() else []
        rows.append((REFERENCE_NAME, self.reference.path, hidden))
        return rows

    def documents(self, case: Case, *, combined: bool = False) -> dict[str, bytes]:
        """Every document of one case, rendered in memory: ``{file name: bytes}``."""
        memo = memo_context(case, self.project)
        files = {f"{case_stem(case.diarienummer)}.docx": self._document(MEMO, memo, case.handlaggare.namn)}
        for extract in plan_extracts(case, combined=combined):
            context = extract_context(memo, case, extract)
            files[f"{extract.file_stem}.docx"] = self._document(EXTRACT, context, memo.organisation)
        return files

    def _document(self, kind: str, context: MemoContext, author: str) -> bytes:
        from .writer import DocumentProperties, write_document

        variables = context.variables()
        headings = context.rubriker
        doctype = headings.dokumenttyp if kind == MEMO else headings.utdrag
        organ = getattr(context, "organ", None) or context.mottagare
        custom = {"Diarienummer": context.diarienummer, "Dokumenttyp": doctype,
                  "Datum": context.datum.isoformat()}
        if organ:
            custom["Organ"] = organ
        if context.sekretess:
            custom["Sekretess"] = context.sekretess
        return write_document(
            self.reference,
            body=self.templates.render(f"{kind}.md.j2", variables),
            blocks={
                "logotyp": self.templates.render("sidhuvud/logotyp.md.j2", variables),
                "sekretessrad": self.templates.render("sidhuvud/sekretess.md.j2", variables),
                "sidhuvud": self.templates.render(f"sidhuvud/{kind}.md.j2", variables),
                "sidfot": self.templates.render(f"sidfot/{kind}.md.j2", variables),
            },
            fields={"organisation": context.organisation, "dokumenttyp": doctype,
                    "diarienummer": context.diarienummer, "datum": context.datum.isoformat(),
                    "rubrik": context.rubrik, "sekretess": context.sekretess or "",
                    "avdelning": context.avdelning or "", "handlaggare": context.handlaggare.namn,
                    "telefon": context.handlaggare.telefon or "", "epost": context.handlaggare.epost or "",
                    "mottagare": context.mottagare or ""},
            properties=DocumentProperties(
                title=context.rubrik,
                subject=f"{doctype} {context.diarienummer}",
                keywords=f"{context.diarienummer}; {doctype}",
                author=author,
                created=document_date(context.datum),
                category=doctype,
                custom=custom,
            ),
            source=kind,
        )


@dataclass
class CaseResult:
    """What became of one case in a batch: the files written, or the error."""

    path: Path
    files: list[Path] = field(default_factory=list)
    error: TjsError | None = None


def render_case(
    case: str | Path | Case,
    out_dir: str | Path | None = None,
    *,
    project: Project | None = None,
    combined: bool = False,
    templates: Path | None = None,
    reference: Path | None = None,
) -> list[Path]:
    """Render the memo and its extracts; every file is written whole, after all rendered."""
    if project is None:
        project = project_for(Path(case)) if not isinstance(case, Case) else DEFAULT_PROJECT
    if not isinstance(case, Case):
        case = load_case(case, project)
    renderer = _renderer(project, templates, reference)
    return write_all(_out_dir(out_dir, project), renderer.documents(case, combined=combined))


_RENDERERS: dict[tuple, Renderer] = {}


def _renderer(project: Project, templates: Path | None, reference: Path | None) -> Renderer:
    """One Renderer per project setup for the whole process: scripts calling
    ``render_case`` in a loop load templates and reference only once.
    (Edited templates are picked up by a new process, as with the CLI.)"""
    key = (project.path, project.config.model_dump_json(), templates, reference)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(project, templates=templates, reference=reference)
    return _RENDERERS[key]


def _out_dir(out_dir: str | Path | None, project: Project) -> Path:
    if out_dir is not None:
        return Path(out_dir)
    return project.resolve(project.config.utdata) if project.config.utdata else DEFAULT_OUTPUT


def render_cases(
    paths: Sequence[Path],
    out_dir: Path | None = None,
    *,
    config: Path | None = None,
    combined: bool = False,
    templates: Path | None = None,
    reference: Path | None = None,
) -> Iterator[CaseResult]:
    """Render many cases, sharing each project's templates and reference document.

    A failing case is reported and the others still render; no output name is
    written twice in one run (a second case with the same diarienummer fails).
    """
    project_of = _project_loader(config)
    written: dict[Path, Path] = {}
    for path in paths:
        result = CaseResult(path)
        try:
            project = project_of(path)
            case = load_case(path, project)
            files = _renderer(project, templates, reference).documents(case, combined=combined)
            target = _out_dir(out_dir, project)
            for name in files:
                if (earlier := written.get((target / name).resolve())) is not None:
                    raise OutputError(f"{target / name} was already written in this run from {earlier}",
                                      hint="two cases share a diarienummer; render them into different folders")
            result.files = write_all(target, files)
            written.update({f.resolve(): path for f in result.files})
        except TjsError as error:
            result.error = error
        yield result


def check_cases(paths: Sequence[Path], *, config: Path | None = None) -> Iterator[CaseResult]:
    """Validate many cases (``tjs validate``); each project config is read once."""
    project_of = _project_loader(config)
    for path in paths:
        result = CaseResult(path)
        try:
            load_case(path, project_of(path))
        except TjsError as error:
            result.error = error
        yield result


def _project_loader(config: Path | None) -> Callable[[Path], Project]:
    """``project_for`` for a batch: each tjs.yaml is read once (a broken one fails once, then again from memory)."""
    loaded: dict[Path | None, Project | TjsError] = {}

    def project_of(case_path: Path) -> Project:
        key = config or find_config(case_path)
        if key not in loaded:
            try:
                loaded[key] = load_config(key) if key else DEFAULT_PROJECT
            except TjsError as error:
                loaded[key] = error
        if isinstance(loaded[key], TjsError):
            raise loaded[key]
        return loaded[key]

    return project_of


def write_pdfs(files: Sequence[Path]) -> list[Path]:
    """Tagged PDF/A beside each .docx: one LibreOffice start per output folder."""
    from .pdf import convert_to_pdf

    folders = dict.fromkeys(file.parent for file in files)
    return [pdf for folder in folders for pdf in convert_to_pdf([f for f in files if f.parent == folder], folder)]


def expand_paths(arguments: Iterable[str]) -> list[Path]:
    """Case files from arguments: files, folders (every *.yaml in them, recursively) and globs."""
    import glob

    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.y*ml")
                                if p.suffix in {".yaml", ".yml"} and p.name != CONFIG_NAME))
        elif path.exists():
            found.append(path)
        elif matches := sorted(glob.glob(argument, recursive=True)):
            found.extend(Path(m) for m in matches)
        else:
            raise UsageError(f"{argument}: no such file or folder")
    return list(dict.fromkeys(found))

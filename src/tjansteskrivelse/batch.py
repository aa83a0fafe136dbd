"""Many cases in one run: one project lookup per case path, one Renderer per project, worker
processes (``jobs``), one error boundary per case, and incremental runs (up-to-date cases skipped)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal, TypeVar

from .errors import InputError, InternalError, OutputError, TjsError
from .extracts import memo_file_name, plan_extracts
from .files import real
from .freshness import up_to_date
from .load import load_case
from .model import Case
from .output import FolderListing, belongs_to, recorded_diarienummer, stale_files, write_all
from .personal_data import DataWarning, kin, masked_alike, shown
from .project import DEFAULT_PROJECT, Project, find_config, load_config
from .public_names import shared_in_run, shared_with_twin, twin
from .publication import case_warnings, public_documents, public_name, public_version
from .renderer import Renderer, output_folder
from .template_check import check_templates, load_with_templates

T = TypeVar("T")
Status = Literal["rendered", "valid", "failed", "skipped"]


@dataclass(frozen=True)
class Document:
    """One file of a case's output, as a mailing script needs it."""

    path: Path
    kind: Literal["memo", "extract", "pdf"]
    recipient_name: str | None = None
    recipient_email: str | None = None
    public: bool = False  # the public version (`--publicering`): publication.py


@dataclass
class CaseResult:
    """What became of one case in a batch: the documents written (or up to date), or the error."""

    path: Path
    status: Status = "failed"
    diarienummer: str | None = None  # the case's, once loaded: owns its output files
    documents: list[Document] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)
    error: TjsError | InternalError | None = None
    warnings: tuple[str, ...] = ()  # about the project's reference document, not this case
    personal_data: tuple[DataWarning, ...] = ()  # `tjs validate`: personal data in text the public version carries

    @property
    def files(self) -> list[Path]:
        return [document.path for document in self.documents]


@dataclass(frozen=True)
class Settings:
    """What a batch was asked for; picklable, so worker processes get the same."""

    out_dir: Path | None = None
    config: Path | None = None
    combined: bool = False
    templates: Path | None = None
    reference: Path | None = None
    force: bool = False
    pdf: bool = False
    publicering: bool = False


class Batch:
    """One run over many cases: each tjs.yaml read once, one Renderer per project, built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._projects: dict[Path | None, Project | TjsError] = {}
        self._renderers: dict[Path | None, Renderer | TjsError] = {}
        self._template_errors: dict[Path | None, InputError | None] = {}

    def project_of(self, case_path: Path) -> Project:
        """The one project lookup per case path (a broken tjs.yaml fails once, then again from memory)."""
        key = self.settings.config or find_config(case_path)
        if key not in self._projects:
            try:
                self._projects[key] = load_config(key) if key else DEFAULT_PROJECT
            except TjsError as error:
                self._projects[key] = error
        return _value(self._projects[key])

    def renderer_for(self, project: Project) -> Renderer:
        if project.path not in self._renderers:
            try:
                self._renderers[project.path] = Renderer(
                    project, templates=self.settings.templates, reference=self.settings.reference
                )
            except TjsError as error:
                self._renderers[project.path] = error
        return _value(self._renderers[project.path])

    def template_error(self, project: Project) -> InputError | None:
        """What keeps the project's own templates from compiling (``tjs validate``), checked once."""
        if project.path not in self._template_errors:
            try:
                check_templates(project)
                self._template_errors[project.path] = None
            except InputError as error:
                self._template_errors[project.path] = error
        return self._template_errors[project.path]

    def render(self, path: Path) -> tuple[CaseResult, dict[str, bytes]]:
        """One case: its result and the documents to write (none when up to date). The one error
        boundary per case: a user error fails this case; anything else is an internal error of it."""
        result = CaseResult(path)
        try:
            project = self.project_of(path)
            renderer = self.renderer_for(project)
            case = load_case(path, project, styles=renderer.styles)  # the reference it renders with
            result.diarienummer = case.diarienummer
            result.warnings = renderer.reference.warnings
            target = output_folder(self.settings.out_dir, project)
            result.documents = _planned(case, target, self.settings.combined, self.settings.pdf)
            if self.settings.publicering:
                public, combined = public_version(case, project.config, self.settings.combined)
                result.documents += [
                    replace(d, path=d.path.with_name(public_name(d.path.name)), public=True)
                    for d in _planned(public, target, combined, self.settings.pdf)
                ]
            result.attachments = [path.parent / b.fil for b in case.bilagor if not isinstance(b, str) and b.fil]
            digest = renderer.inputs_digest(case)  # once: for the up-to-date check and every document's stamp
            if (
                not self.settings.force
                and up_to_date(result.files, lambda: [path, *renderer.inputs], digest)
                and all(belongs_to(f, case.diarienummer) for f in result.files if f.suffix == ".docx")
                # the public file may be another case's (both mask to its name): then render, and be refused
                and not (self.settings.publicering and twin(target, case.diarienummer, FolderListing()))
            ):
                result.status = "skipped"
                return result, {}
            files = renderer.documents(case, combined=self.settings.combined, digest=digest)
            if self.settings.publicering:
                public_files = public_documents(renderer, case, combined=self.settings.combined, digest=digest)
                files |= _no_clash(files, public_files)
            result.status = "rendered"
            return result, files
        except TjsError as error:
            result.error = error
        except Exception as error:  # noqa: BLE001 - the per-case boundary: a bug in one case stops only it
            result.error = InternalError.of(error)
        result.documents, result.attachments = [], []
        return result, {}


def _value(entry: T | TjsError) -> T:
    if isinstance(entry, TjsError):
        raise entry
    return entry


def _no_clash(official: dict[str, bytes], public: dict[str, bytes]) -> dict[str, bytes]:
    if clash := sorted(official.keys() & public.keys()):
        raise OutputError(
            f"{clash[0]} would be both an official document and a public version",
            hint="a recipient's name ends in 'publicering'; render the public version separately",
        )
    return public


def _planned(case: Case, target: Path, combined: bool, pdf: bool) -> list[Document]:
    memo = memo_file_name(case)  # None: a case without a memo, extracts only
    documents = [Document(target / memo, "memo")] if memo is not None else []
    documents += [
        Document(target / e.file_name, "extract", e.name, e.email) for e in plan_extracts(case, combined=combined)
    ]
    if pdf:
        documents += [
            Document(d.path.with_suffix(".pdf"), "pdf", d.recipient_name, d.recipient_email) for d in list(documents)
        ]
    return documents


def render_cases(
    paths: Sequence[Path | str],
    out_dir: Path | None = None,
    *,
    config: Path | None = None,
    combined: bool = False,
    templates: Path | None = None,
    reference: Path | None = None,
    force: bool = False,
    pdf: bool = False,
    jobs: int = 1,
    publicering: bool = False,
) -> Iterator[CaseResult]:
    """Render many cases, in the order given, whatever ``jobs`` (worker processes; 1: in this one).

    A failing case is reported and the others still render; a case whose outputs are newer
    than everything they come from is skipped unless ``force``; ``pdf`` counts the PDFs beside
    the .docx files as outputs too (the caller converts them: ``write_pdfs``); ``publicering`` adds
    the public version of each document beside it (publication.py). Files are written
    here, in order, so no output name is written twice in one run and the bytes never depend on ``jobs``.
    """
    paths = _case_paths(paths)
    settings = Settings(out_dir, config, combined, templates, reference, force, pdf, publicering)
    if jobs <= 1 or len(paths) < 2:
        batch = Batch(settings)
        yield from _write(batch.render(path) for path in paths)
        return
    with ProcessPoolExecutor(min(jobs, len(paths)), initializer=_start_worker, initargs=(settings,)) as pool:
        yield from _write(pool.map(_render_in_worker, paths))


def _case_paths(paths: Sequence[Path | str]) -> list[Path]:
    """A run's case files as Paths (a script may pass str). One path alone is refused: a str would be
    taken letter by letter, each letter a case that is not found."""
    if isinstance(paths, str | bytes | os.PathLike):
        raise TypeError(f"paths: a list of case files, not one {type(paths).__name__}; write [path]")
    return [Path(path) for path in paths]


# A worker process's batch, built once by the pool's initializer; never set in the calling process.
_WORKER: Batch | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER
    _unlock_forked()
    _WORKER = Batch(settings)


def _unlock_forked() -> None:
    """A worker is forked from the caller, which may have other threads (a script rendering in threads):
    a lock one of them held at that instant stays held in the worker, where that thread does not exist,
    and the worker would wait for it forever. The locks tjs shares between threads are made anew; what
    they guard is whole (the forking thread held the GIL)."""
    from .template_code import COMPILED
    from .writer.reference import LOADED, Reference

    COMPILED.unlock()
    LOADED.unlock()
    for owner in (Renderer, Project, Reference):  # Python 3.11's cached_property holds a lock per class while computing
        for member in vars(owner).values():
            if isinstance(member, cached_property) and hasattr(member, "lock"):
                member.lock = threading.RLock()


def _render_in_worker(path: Path) -> tuple[CaseResult, dict[str, bytes]]:
    assert _WORKER is not None, "started without _start_worker"
    return _WORKER.render(path)


def _write(rendered: Iterator[tuple[CaseResult, dict[str, bytes]]]) -> Iterator[CaseResult]:
    written: dict[Path, tuple[Path, str | None]] = {}
    listing = FolderListing()
    for result, files in rendered:
        if result.documents:  # rendered now, or up to date: either way no other case of this run may own a file
            try:
                for document in result.documents:
                    if (earlier := written.get(real(path := document.path))) is not None:
                        if document.public and _masked_alike(earlier[1], result.diarienummer):
                            raise shared_in_run(path.name, result.path, earlier[0])
                        raise OutputError(
                            f"{path} was already written in this run from {earlier[0]}",
                            hint=_collision_hint(earlier[1], result.diarienummer, path.name),
                        )
                if files:
                    folder = result.documents[0].path.parent
                    other = twin(folder, result.diarienummer or "", listing)
                    public = [d.path.name for d in result.documents if d.public]
                    if other is not None and public:
                        raise shared_with_twin(folder, result.path, public[0], other)
                    write_all(folder, files, owner=result.diarienummer)
                    stale = stale_files(folder, result.diarienummer or "", result.files, listing)
                    if other is not None:  # its twin's public version is not its own
                        stale = [p for p in stale if recorded_diarienummer(p) == result.diarienummer]
                    result.warnings += tuple(
                        f"{path} is from an earlier render of {result.path.name} and no "
                        "longer made by it; delete it if it is not needed"
                        for path in stale
                    )
                written.update({real(path): (result.path, result.diarienummer) for path in result.files})
            except TjsError as error:
                result.status, result.error, result.documents = "failed", error, []
            except Exception as error:  # noqa: BLE001 - the per-case boundary also holds while writing
                result.status, result.error, result.documents = "failed", InternalError.of(error), []
        yield result


def _masked_alike(one: str | None, other: str | None) -> bool:
    """Two diarienummer that differ only by a personnummer (the public file name masks it)."""
    return one is not None and other is not None and kin(one, other) in ("public", "twin")


def _collision_hint(earlier: str | None, this: str | None, name: str) -> str:
    if earlier == this:
        return "two cases share a diarienummer; render them into different folders"
    both = f"{shown(earlier or '')!r} and {shown(this or '')!r}"  # repr: on one line, what differs visible
    both += masked_alike(earlier or "", this or "")
    return f"{both} both give the file name {name}; render them into different folders"


def validate_cases(paths: Sequence[Path | str], *, config: Path | None = None) -> Iterator[CaseResult]:
    """Validate many cases (``tjs validate``); each project config is read once."""
    batch = Batch(Settings(config=config))
    for path in _case_paths(paths):
        result = CaseResult(path)
        try:
            project = batch.project_of(path)
            case = load_with_templates(path, project, batch.template_error(project))
            result.personal_data = tuple(case_warnings(path, case, project.config))
            result.status = "valid"
        except TjsError as error:
            result.status, result.error = "failed", error
        except Exception as error:  # noqa: BLE001 - one case's bug stops only that case
            result.status, result.error = "failed", InternalError.of(error)
        yield result


def sha256(path: Path) -> str | None:
    """The file's SHA-256 (hex), or None when it cannot be read (e.g. a named attachment is missing)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None

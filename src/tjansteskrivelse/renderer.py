"""The Renderer: one project's templates and reference document, loaded once and held by the caller."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .case_markdown import ReferenceStyles
from .context import document_specs
from .errors import UsageError
from .freshness import fingerprint, stamp
from .model import Case
from .project import DEFAULT_PROJECT, Project, check_project_folder
from .reference_styles import REFERENCE_NAME, reference_of
from .spec import DocumentSpec

if TYPE_CHECKING:
    from .writer import Reference

DEFAULT_OUTPUT = Path("out")


def write_spec(reference: Reference, spec: DocumentSpec) -> bytes:
    """The one call into the writer."""
    from .writer import write_document

    return write_document(reference, spec)


class Renderer:
    """Templates and reference document of one project, loaded once; the caller holds it for a batch."""

    def __init__(
        self, project: Project = DEFAULT_PROJECT, *, templates: Path | None = None, reference: Path | None = None
    ) -> None:
        from .templates import Templates
        from .writer import Reference

        if templates is not None and not Path(templates).is_dir():
            raise UsageError(
                f"--templates {templates}: no such folder", hint="make one with `tjs templates export DIR`"
            )
        self.templates = Templates(template_dirs(project, templates))
        self.reference = Reference.load(reference_of(project, templates=templates, reference=reference))
        self.project = project

    @cached_property
    def styles(self) -> ReferenceStyles:
        """The reference document's style names, as validation checks Markdown against them."""
        # Read from the loaded reference's bytes once per process, not per Renderer (writer.reference.LOADED)
        return ReferenceStyles(self.reference.path.name, self.reference.style_types)

    def sources(self) -> list[tuple[str, Path, list[Path]]]:
        """``(name, the file used, the files it hides)`` for every template and the reference.

        A template found in more than one folder resolves to the first one on the
        search path (``--templates``, then ``mallar:``, then the built-in folder).
        """
        found = resolved_templates(self.templates.search_path, self.templates.names())
        rows = [(name, used, hidden) for name, (used, *hidden) in found.items()]
        builtin = self.templates.search_path[-1] / REFERENCE_NAME
        hidden = [builtin] if self.reference.path.resolve() != builtin.resolve() else []
        rows.append((REFERENCE_NAME, self.reference.path, hidden))
        return rows

    @cached_property
    def inputs(self) -> list[Path]:
        """Every file besides the case that its documents depend on (for incremental runs)."""
        files = [used for _, used, _ in self.sources()]
        files += [folder / name for folder, names in self._walked.items() for name in names]
        config = self.project.config
        if self.project.path is not None:
            files.append(self.project.path)
        if config.logotyp is not None:
            files.append(self.project.resolve(config.logotyp.fil))
        return sorted(set(files))

    @cached_property
    def fingerprint(self) -> str:
        """What the documents are made from besides the case, by content (freshness.py): tjs.yaml (or
        none), every template on the search path, the reference document and the logo."""
        parts = [("tjs.yaml", _content(self.project.path, text=True))]
        # Each template name by the content of the file it resolves to, not by folder: templates exported
        # unchanged give the built-in bytes (README), and deleting an override changes what resolves.
        names = sorted({name for names in self._walked.values() for name in names})
        resolved = resolved_templates(self.templates.search_path, names)
        parts += [(name, _content(files[0], text=True)) for name, files in resolved.items()]
        parts.append(("reference", self.reference.data))
        if self.project.config.logotyp is not None:
            parts.append(("logotyp", _content(self.project.resolve(self.project.config.logotyp.fil))))
        return fingerprint(parts)

    @cached_property
    def _walked(self) -> dict[Path, list[str]]:
        """Each folder of the search path with the templates below it (``walked_templates``), walked
        once for both ``fingerprint`` and ``inputs``."""
        return {folder: walked_templates(folder) for folder in self.templates.search_path}

    def inputs_digest(self, case: Case) -> str:
        """What ``case``'s documents are made from, by content: its values and ``fingerprint``. A case
        file put back with an old file time (``cp -p`` of a backup) changes it; no file time shows that."""
        # warnings=False: pydantic warns that it serialises the tagged unions (text or mapping) by trying
        # each member in turn, which gives every value all the same.
        values = case.model_dump_json(warnings=False).encode("utf-8")
        return fingerprint([("inputs", self.fingerprint.encode("ascii")), ("case", values)])

    def write(self, spec: DocumentSpec, digest: str) -> bytes:
        """One document, stamped with ``digest`` (``inputs_digest``): a later run can tell it is up to date."""
        return stamp(write_spec(self.reference, spec), digest)

    def specs(self, case: Case, *, combined: bool = False) -> list[DocumentSpec]:
        return document_specs(case, self.project, self.templates, combined=combined)

    def documents(self, case: Case, *, combined: bool = False, digest: str | None = None) -> dict[str, bytes]:
        """Every document of one case, rendered in memory: ``{file name: bytes}``. ``digest``: the case's
        ``inputs_digest`` when the caller has it already (a batch, for its up-to-date check)."""
        digest = self.inputs_digest(case) if digest is None else digest
        return {spec.file_name: self.write(spec, digest) for spec in self.specs(case, combined=combined)}


def _content(path: Path | None, *, text: bool = False) -> bytes | None:
    """The file's bytes; a text file's with CRLF as LF (git may check it out either way, and YAML and
    Jinja read both alike: the same documents on every machine carry the same digest)."""
    if path is None or not path.is_file():  # a pipe named like a template would never end the read
        return None
    try:
        data = path.read_bytes()
    except OSError:  # reported where the file is read for the render
        return None
    return data.replace(b"\r\n", b"\n") if text else data


def template_dirs(project: Project, templates: Path | None = None) -> list[Path]:
    """The folders searched before the built-in templates: --templates, then the project's `mallar:`."""
    folders = [Path(templates)] if templates is not None else []
    if project.config.mallar:
        folders.append(check_project_folder(project.resolve(project.config.mallar), project.root))
    return folders


def walked_templates(folder: Path) -> list[str]:
    """Every ``*.j2`` below ``folder``, by template name (``delar/forslag.md.j2``: an include may name
    any of them); hidden and unreadable folders are passed over, links to folders not followed
    (``mallar: .`` must not make the documents in out/ an input, nor ``--templates /`` fail on a
    folder it may not read). Names as strings: a render walks the built-in folder's thirty."""
    found: list[str] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        place = os.path.relpath(root, folder).replace(os.sep, "/")
        found += [name if place == "." else f"{place}/{name}" for name in names if name.endswith(".j2")]
    return found


def template_names(folders: Sequence[Path]) -> list[str]:
    """Every template name found by walking ``folders`` (``walked_templates``), sorted."""
    return sorted({name for folder in folders for name in walked_templates(folder)})


def resolved_templates(folders: Sequence[Path], names: Iterable[str]) -> dict[str, list[Path]]:
    """Each of ``names`` with its files in ``folders``, in search order: the first is the one a
    template of that name resolves to, the others it hides. Looked up as the loader looks (a broken
    link, a folder or a pipe of that name counts too: the render says what it is); a name found in
    no folder is left out. The one resolution for ``tjs templates``, the inputs digest and ``tjs validate``."""
    found = {name: [path for folder in folders if os.path.lexists(path := folder / name)] for name in names}
    return {name: files for name, files in found.items() if files}


def output_folder(out_dir: str | Path | None, project: Project) -> Path:
    if out_dir is not None:
        return Path(out_dir)
    return project.resolve(project.config.utdata) if project.config.utdata else DEFAULT_OUTPUT

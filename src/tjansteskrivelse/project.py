"""The project config, ``tjs.yaml``: its discovery (one lookup per folder) and paths.

Organisation-wide settings live in the nearest ``tjs.yaml`` above a case file;
every path in it is relative to the file itself.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .case_markdown import ReferenceStyles
from .diagnostics import quote, show_path
from .errors import InputError, Issue, TemplateError, UsageError
from .files import CONFIG_NAME, path_kind, real
from .load import read_model
from .model import Config

# The built-in templates and reference document: inside the wheel, or at the top of a source checkout.
BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # an editable install
    BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Copied into every document's header: a large one would multiply across a whole batch.
MAX_LOGO_BYTES = 5_000_000


@dataclass(frozen=True)
class Project:
    """The project config and where it lives (its paths are relative to it)."""

    config: Config
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The project's folder: tjs.yaml's (or the current one, with no tjs.yaml)."""
        return real(self.path.parent if self.path else Path.cwd())

    def resolve(self, relative: str) -> Path:
        return real(self.root / relative)

    @cached_property
    def reference_styles(self) -> ReferenceStyles:
        """The styles of the reference document this project renders with; read once per project."""
        from .reference_styles import reference_of, style_types

        path = reference_of(self)
        return ReferenceStyles(path.name, style_types(path))


DEFAULT_PROJECT = Project(Config())


def find_config(case_path: Path) -> Path | None:
    """The nearest ``tjs.yaml`` in the case file's folder or a parent folder."""
    start = real(case_path).parent
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if os.path.lexists(candidate):  # also a link to a share not mounted: an error, never the defaults unseen
            return candidate
    return None


def load_config(path: Path) -> Project:
    """Read and validate a ``tjs.yaml``; its files (logo, reference, templates) must exist."""
    kind = path_kind(path)
    if kind == "missing":  # not check_path: its words are for a case file
        raise UsageError(
            f"{path}: no such file", hint=f"check the --config path, or where the {CONFIG_NAME} link points"
        )
    if kind == "folder":
        raise InputError([Issue(str(path), None, None, f"is a folder; name the {CONFIG_NAME} file in it")])
    config, document, issues = read_model(path, Config, "write settings such as 'organisation: …'")
    if config is not None and document is not None:
        project = Project(config, real(path))
        # A reference or logo must be an ordinary file (not /dev/zero or a pipe), the templates a folder.
        wanted: list[tuple[tuple[str, ...], str | None, bool]] = [
            (("referens",), config.referens, False),
            (("mallar",), config.mallar, True),
        ]
        if config.logotyp:
            wanted.append((("logotyp", "fil"), config.logotyp.fil, False))
        for key, value, folder in wanted:
            if value is None:
                continue
            target = project.resolve(value)
            kind = path_kind(target)
            problem = (
                f"does not exist next to {path.name}"
                if kind == "missing"
                else "is not a folder"
                if folder and kind != "folder"
                else f"is outside the project's folder; keep the templates next to {path.name} (e.g. 'mallar: "
                "mallar'), or name a shared folder with --templates"
                if folder and not target.is_relative_to(project.root)
                else "is not an ordinary file"
                if not folder and kind != "file"
                else f"is larger than the {MAX_LOGO_BYTES // 1_000_000} MB a logo may have (most are under 100 KB)"
                if key == ("logotyp", "fil") and target.stat().st_size > MAX_LOGO_BYTES
                else "is not a picture Word can place in a header (PNG, JPEG, GIF, BMP or TIFF); save the logo as PNG"
                if key == ("logotyp", "fil") and not _is_picture(target)
                else f"is {_office_format(target)}, not a Word .docx; save it as .docx (LibreOffice: File > Save As, "
                "'Word 2007-365'), or start from `tjs templates export`"
                if key == ("referens",) and _office_format(target)
                else None
            )
            if problem:
                line, column = document.values[key]
                issues.append(
                    Issue(
                        str(path),
                        line,
                        column,
                        f"'{show_path(key)}': {quote(value)} {problem}",
                    )
                )
        if not issues:
            return project
    raise InputError(sorted(issues, key=lambda issue: (issue.line or 0, issue.column or 0)))


# The first bytes of the picture formats python-docx places (an SVG or a PDF logo is not one of them).
_PICTURE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


def _is_picture(path: Path) -> bool:
    """A picture the writer can place: a known signature, and headers python-docx can read (a truncated
    PNG passed validate, then failed the render)."""
    from docx.image.image import Image

    try:
        with path.open("rb") as picture:
            if not picture.read(8).startswith(_PICTURE_SIGNATURES):
                return False
        Image.from_file(str(path))
    except Exception:  # noqa: BLE001 - python-docx's header parsers raise anything on a broken picture
        return False
    return True


def _office_format(path: Path) -> str | None:
    """What a reference document is when it is another office format a user saves by mistake (an old
    binary .doc, an OpenDocument .odt); None otherwise (a .docx, or something the writer reports)."""
    try:
        with path.open("rb") as file:
            start = file.read(8)
        if start == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: Word 97-2003
            return "an old Word document (.doc)"
        if start.startswith(b"PK") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as package:
                if "mimetype" in package.namelist() and "[Content_Types].xml" not in package.namelist():
                    return "an OpenDocument file (.odt)"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return None


def project_for(case_path: Path, config: Path | None = None) -> Project:
    """The project config for a case: ``config`` if given, else the nearest tjs.yaml."""
    path = config or find_config(case_path)
    return load_config(path) if path else DEFAULT_PROJECT


def project_in(folder: Path | None = None, config: Path | None = None) -> Project:
    """The project config of a folder (default: the current one): ``config``, else the
    ``tjs.yaml`` in that folder or the nearest parent, else the defaults."""
    folder = real(folder or Path.cwd())
    if config is None:
        config = find_config(folder / CONFIG_NAME)  # looks in folder, then its parents
    return load_config(config) if config else DEFAULT_PROJECT


def check_project_folder(folder: Path, root: Path, setting: str = "mallar") -> Path:
    """A project's template folder must be the project's folder or inside it (``mallar: /`` is refused):
    templates run with the project's data, so they come from the project, or from ``--templates``."""
    resolved, base = real(folder), real(root)
    if not resolved.is_relative_to(base):
        raise TemplateError(
            f"{setting}: {folder} is outside the project folder {base}",
            hint=f"put the templates in a folder next to {CONFIG_NAME} (e.g. 'mallar: mallar'), "
            "or name any folder with --templates",
        )
    if not resolved.is_dir():
        raise TemplateError(f"{setting}: {folder} is not a folder", hint="make one with `tjs templates export DIR`")
    return resolved

"""The style names of a reference document, read cheaply for ``tjs validate``; the reference's size limits.

Validation must know which styles the project's reference document has (a
``::: Stil`` block, a block quote, footnotes), but needs nothing else of it:
only the styles part is read (``zipfile`` + ``lxml``, within the size limits),
not the whole document, and nothing is stripped or checked. This module
imports neither python-docx nor Jinja: ``tjs validate`` stays light.
"""

from __future__ import annotations

import posixpath
import stat
import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from lxml import etree

from .errors import ReferenceDocumentError

if TYPE_CHECKING:
    from .project import Project

MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024
REFERENCE_NAME = "referens.docx"
# The names Word stores in lower case and python-docx (so the writer) shows capitalised.
_UI_NAMES = {name.lower(): name for name in ("Caption", "Footer", "Header", *(f"Heading {n}" for n in range(1, 10)))}
#: Word's built-in names as LibreOffice writes them when it saves a .docx; Word reads them case-blind.
WORD_NAMES = {"Footnote Text": "footnote text", "Footnote Reference": "footnote reference"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def reference_of(project: Project, *, templates: Path | None = None, reference: Path | None = None) -> Path:
    """The reference document a render uses: ``reference`` (``--reference``), else ``referens:`` in
    tjs.yaml, else a ``referens.docx`` in the template folders (``--templates``, then ``mallar:``),
    else the built-in one."""
    from .project import BUILTIN_TEMPLATES

    config = project.config
    if reference is not None:
        return Path(reference)
    if config.referens:
        return project.resolve(config.referens)
    folders = [Path(templates)] if templates is not None else []
    folders += [project.resolve(config.mallar)] if config.mallar else []
    found = [folder / REFERENCE_NAME for folder in folders if (folder / REFERENCE_NAME).is_file()]
    return found[0] if found else BUILTIN_TEMPLATES / REFERENCE_NAME


def read_reference(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_REFERENCE_BYTES``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ReferenceDocumentError(
                f"reference document {path}: not a regular file", hint="give the path of a .docx file"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_REFERENCE_BYTES + 1)
    except OSError as exc:
        raise ReferenceDocumentError(
            f"reference document {path}: cannot be read ({exc.strerror or exc})",
            hint="check the path, or create one with `tjs templates export`",
        ) from None
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceDocumentError(
            f"reference document {path}: larger than the limit of {MAX_REFERENCE_BYTES // 2**20} MB",
            hint="a reference document holds styles, headers and footers: save it without embedded "
            "media or fonts (the limit is MAX_REFERENCE_BYTES in tjansteskrivelse/reference_styles.py)",
        )
    return data


def style_types(path: Path, data: bytes | None = None) -> Mapping[str, str]:
    """Style name (as python-docx and the writer name it: ``Heading 1``) -> ``w:type``
    (``paragraph``, ``character``, ``table`` or ``numbering``). ``data``: the file's bytes, when
    the caller has read them already (a loaded ``Reference``)."""
    try:
        with zipfile.ZipFile(BytesIO(read_reference(path) if data is None else data)) as archive:
            root = _xml(archive, _styles_part(archive))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise ReferenceDocumentError(
            f"reference document {path}: not a valid Word .docx file ({type(exc).__name__})",
            hint="save it from Word as .docx, or start from `tjs templates export`",
        ) from None
    found: dict[str, str] = {}
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        value = name.get(f"{_W}val") if name is not None else None
        if value:
            value = WORD_NAMES.get(value, value)
            found.setdefault(_UI_NAMES.get(value, value), style.get(f"{_W}type", "paragraph"))
    return MappingProxyType(found)


def _styles_part(archive: zipfile.ZipFile) -> str:
    """The styles part's member name, found through the relationships as Word finds it."""
    main = _target(archive, "_rels/.rels", "", _OFFICE_DOCUMENT) or "word/document.xml"
    folder, name = posixpath.split(main)
    return _target(archive, posixpath.join(folder, "_rels", name + ".rels"), folder, _STYLES) or "word/styles.xml"


def _target(archive: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str | None:
    if rels not in archive.namelist():
        return None
    for rel in _xml(archive, rels).iter(f"{_PR}Relationship"):
        if rel.get("Type") == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _xml(archive: zipfile.ZipFile, member: str) -> etree._Element:
    if archive.getinfo(member).file_size > MAX_MEMBER_BYTES:
        raise ValueError(member)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(member), parser)

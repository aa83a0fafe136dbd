"""Reference documents come from colleagues and the web: read them within limits, strip what reaches out.

``read_reference`` (reference_styles.py) enforces the size limits before anything is parsed, then
``strip_risky`` removes, with one warning each, everything that would make
every output fetch, run or link something outside the document:

* external relationships other than ``http``/``https``/``mailto`` hyperlinks
  (remote templates, frames, linked pictures and objects, ...), together with
  the elements that use them;
* ``w:attachedTemplate``, frames (``w:frameset``), OLE links (``o:OLEObject
  Type="Link"``);
* ``INCLUDETEXT``/``INCLUDEPICTURE``/``LINK``/``DDE``/``DDEAUTO`` fields, simple
  or complex: the field code goes, its last shown result stays as plain text;
* macro parts (``vbaProject.bin``, ``vbaData.xml``, key-map customisations);
  a macro-enabled main document or a Word template (.dotx) becomes a plain document.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from ..errors import ReferenceDocumentError
from ..reference_styles import MAX_MEMBER_BYTES
from .zipped import Deflated, write_zip

_SAFE_LINK = re.compile(r"^(https?|mailto):", re.IGNORECASE)
_RISKY_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|LINK|DDE|DDEAUTO)\b", re.IGNORECASE)
_MACRO_TYPES = ("vbaProject", "vbaData", "keyMapCustomizations")
# A macro-enabled document (.docm) or a Word template (.dotx, .dotm: what organisations hand out) has the
# same main part as a .docx under another content type; the output is always a plain document.
_OTHER_MAINS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_O = "urn:schemas-microsoft-com:office:office"
_KEEP_ON_LOST_REL = frozenset({f"{{{W}}}hyperlink", "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"})


def strip_risky(data: bytes, path: Path) -> tuple[bytes, tuple[str, ...]]:
    """``data`` without the risky content listed above, and a warning naming each removal."""
    members = _members(data, path)
    try:
        return _strip(members, data, path)
    except etree.XMLSyntaxError as exc:
        raise ReferenceDocumentError(
            f"reference document {path}: not a valid Word .docx file (XML: {str(exc)[:60]})",
            hint="save it from Word as .docx, or start from `tjs templates export`",
        ) from None


def _strip(members: dict[str, bytes], data: bytes, path: Path) -> tuple[bytes, tuple[str, ...]]:
    warnings: list[str] = []
    where = f"reference document {path.name}"
    macro_parts = _macro_parts(members)
    for name in sorted(macro_parts):
        warnings.append(f"{where}: removed macro part {name}")
    changed: dict[str, bytes] = {}
    for name, blob in members.items():
        if name in macro_parts:
            continue
        if name == "[Content_Types].xml":
            new = _clean_content_types(blob, macro_parts)
        elif name.endswith(".rels"):
            new, removed = _clean_rels(name, blob, macro_parts, where, warnings)
            if removed:
                source = _source_of(name)
                if source in members and source not in macro_parts:
                    changed[source] = _drop_rel_users(changed.get(source) or members[source], removed)
        else:
            continue
        if new != blob:
            changed[name] = new
    for name, blob in members.items():
        if name.endswith(".xml") and name.startswith("word/") and name not in macro_parts:
            cleaned = _clean_part(changed.get(name) or blob, f"{where}, {name}", warnings)
            if cleaned is not None:
                changed[name] = cleaned
    if not changed and not macro_parts:
        return data, ()
    kept = [(n, changed.get(n, b)) for n, b in members.items() if n not in macro_parts]
    return write_zip([(n, Deflated.of(b)) for n, b in kept]), tuple(warnings)


def _members(data: bytes, path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = {}
            for info in archive.infolist():
                if info.file_size > MAX_MEMBER_BYTES:
                    raise ReferenceDocumentError(
                        f"reference document {path}: part {info.filename[:60]} is larger than the limit of "
                        f"{MAX_MEMBER_BYTES // 2**20} MB unpacked",
                        hint="save the reference without large embedded media or fonts",
                    )
                with archive.open(info) as member:
                    blob = member.read(MAX_MEMBER_BYTES + 1)  # the size in the header may lie
                if len(blob) > MAX_MEMBER_BYTES:
                    raise ReferenceDocumentError(
                        f"reference document {path}: part {info.filename[:60]} is larger than the limit "
                        f"of {MAX_MEMBER_BYTES // 2**20} MB unpacked"
                    )
                members[info.filename] = blob
            return members
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ReferenceDocumentError(
            f"reference document {path}: not a valid Word .docx file ({type(exc).__name__}: {exc})",
            hint="save it from Word as .docx, or start from `tjs templates export`",
        ) from None


def _macro_parts(members: dict[str, bytes]) -> set[str]:
    names = {n for n in members if posixpath.basename(n).lower() in ("vbaproject.bin", "vbadata.xml")}
    types = members.get("[Content_Types].xml")
    if types is not None:
        for override in _xml(types).iter(f"{{{_CT}}}Override"):
            if any(t in override.get("ContentType", "") for t in _MACRO_TYPES):
                names.add(override.get("PartName", "").lstrip("/"))
    rels = {f"{posixpath.dirname(n)}/_rels/{posixpath.basename(n)}.rels" for n in names}  # a macro's own rels
    return (names | rels) & set(members)


def _clean_content_types(blob: bytes, macro_parts: set[str]) -> bytes:
    root = _xml(blob)
    for override in list(root.iter(f"{{{_CT}}}Override")):
        if override.get("PartName", "").lstrip("/") in macro_parts:
            root.remove(override)
        elif override.get("ContentType") in _OTHER_MAINS:
            override.set("ContentType", _PLAIN_MAIN)
    for default in list(root.iter(f"{{{_CT}}}Default")):
        if any(t in default.get("ContentType", "") for t in _MACRO_TYPES):
            root.remove(default)
    return _bytes(root)


def _clean_rels(
    name: str, blob: bytes, macro_parts: set[str], where: str, warnings: list[str]
) -> tuple[bytes, set[str]]:
    root = _xml(blob)
    base = posixpath.dirname(posixpath.dirname(name))
    removed = set()
    for rel in list(root.iter(f"{{{_PKG_RELS}}}Relationship")):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            if kind == _HYPERLINK and _SAFE_LINK.match(target):
                continue
            warnings.append(f"{where}: removed external link ({kind.rsplit('/', 1)[-1]}) to {target[:60]!r}")
        elif posixpath.normpath(posixpath.join(base, target)).lstrip("/") not in macro_parts and not any(
            t in kind for t in ("vbaProject", "keyMapCustomizations", "wordVbaData")
        ):
            continue
        removed.add(rel.get("Id", ""))
        root.remove(rel)
    return _bytes(root), removed


def _source_of(rels_name: str) -> str:
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _drop_rel_users(blob: bytes, removed: set[str]) -> bytes:
    """Elements that use a removed relationship go; a hyperlink or picture only loses the reference."""
    root = _xml(blob)
    for element in list(root.iter()):
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{_R}}}") and value in removed:
                if element.tag in _KEEP_ON_LOST_REL:
                    del element.attrib[attribute]
                elif element.getparent() is not None:
                    element.getparent().remove(element)
                break
    return _bytes(root)


def _clean_part(blob: bytes, where: str, warnings: list[str]) -> bytes | None:
    """Strip attachedTemplate, frames, OLE links and risky fields from one part; None if unchanged."""
    root = _xml(blob)
    before = len(warnings)
    for tag, what in ((f"{{{W}}}attachedTemplate", "attached template"), (f"{{{W}}}frameset", "frameset")):
        for element in list(root.iter(tag)):
            element.getparent().remove(element)
            warnings.append(f"{where}: removed {what}")
    for ole in list(root.iter(f"{{{_O}}}OLEObject")):
        if ole.get("Type") == "Link":
            ole.getparent().remove(ole)
            warnings.append(f"{where}: removed linked OLE object")
    for simple in list(root.iter(f"{{{W}}}fldSimple")):
        instr = simple.get(f"{{{W}}}instr", "")
        if _RISKY_FIELD.match(instr):
            for child in list(simple):  # keep the shown result, drop the field
                simple.addprevious(child)
            simple.getparent().remove(simple)
            warnings.append(f"{where}: removed field {instr.split()[0].upper()}")
    _strip_complex_fields(root, where, warnings)
    return _bytes(root) if len(warnings) > before else None


def _strip_complex_fields(root: etree._Element, where: str, warnings: list[str]) -> None:
    stack: list[tuple[list[etree._Element], list[str]]] = []
    for element in list(root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText")):
        if element.tag == f"{{{W}}}instrText":
            if stack:
                stack[-1][0].append(element)
                stack[-1][1].append(element.text or "")
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            stack.append(([element], []))
        elif stack:
            stack[-1][0].append(element)
            if kind == "end":
                elements, instr = stack.pop()
                code = "".join(instr)
                if _RISKY_FIELD.match(code):
                    for used in elements:
                        used.getparent().remove(used)
                    warnings.append(f"{where}: removed field {code.split()[0].upper()}")


def _xml(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

"""Reading any .docx safely with zipfile and lxml: bounded sizes, no entities, no network.

The checker reads documents from anyone (colleagues, the web), so every read
is capped before it happens: the file, the number of zip members, each XML
part (its declared size, and again while reading, since a zip header can lie)
and the XML parts together. Media and binary parts are never read, only named.
"""

from __future__ import annotations

import posixpath
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tjansteskrivelse.diagnostics import quote
from tjansteskrivelse.errors import TjsError, UsageError

MB = 1024 * 1024
MAX_FILE = 100 * MB
MAX_PART = 50 * MB
MAX_XML_TOTAL = 200 * MB
MAX_MEMBERS = 10_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W_NS,
    "r": R_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _REL_TYPES + "officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
CONTENT_TYPES = "[Content_Types].xml"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


VAL = w("val")


def parser() -> etree.XMLParser:
    # No entity expansion (billion laughs), no DTD loading, no network, no huge trees.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def is_on(element: etree._Element | None) -> bool:
    """An OOXML on/off element: present and not switched off."""
    if element is None:
        return False
    return element.get(VAL, "true").lower() not in ("0", "false", "off")


def val(element: etree._Element | None) -> str | None:
    return element.get(VAL) if element is not None else None


def to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _size(count: int) -> str:
    return f"{count / MB:.0f} MB"


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part; ``target`` is resolved to a member name unless external."""

    id: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        return self.type.rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("" is the package itself)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def source_of(rels: str) -> str:
    """The part whose relationships ``rels`` holds ("" for the package's own)."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels")) if base != ".rels" else ""


class Package:
    """The members of a .docx: names, content types, and each XML part parsed on demand."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._parsed: dict[str, etree._Element | None] = {}
        try:
            info = path.stat()
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except OSError as error:
            raise TjsError(f"{path}: cannot read: {error.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            raise TjsError(f"{path}: not a regular file, so not a Word document (.docx)")
        if info.st_size > MAX_FILE:
            raise TjsError(f"{path}: {_size(info.st_size)}, larger than the {_size(MAX_FILE)} a document may have")
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            detail = getattr(error, "strerror", None) or "it is not a zip package"
            raise TjsError(f"{path}: not a readable Word document (.docx): {detail}") from None
        with archive:
            if any(not item.filename for item in archive.infolist()):
                raise TjsError(f"{path}: damaged Word document: a part without a name")
            members = [item for item in archive.infolist() if not item.is_dir()]
            if len(members) > MAX_MEMBERS:
                raise TjsError(f"{path}: {len(members)} parts, more than the {MAX_MEMBERS} a document may have")
            self.names = {item.filename for item in members}
            self._data = self._read_xml(archive, members)
        self.main = self._main_part_name()
        document = self.xml(self.main)
        if document is None:
            raise TjsError(f"{path}: not a Word document (.docx): it has no document body")
        self.document: etree._Element = document
        part_dir = posixpath.dirname(self.main)
        self.styles = self.xml(posixpath.join(part_dir, "styles.xml"))
        self.settings = self.xml(posixpath.join(part_dir, "settings.xml"))
        self.numbering = self.xml(posixpath.join(part_dir, "numbering.xml"))
        self.core = self.xml("docProps/core.xml")
        self.headers_footers: list[tuple[str, etree._Element]] = []
        for rel in self.relationships(self.main):
            if rel.kind in ("header", "footer") and not rel.external:
                part = self.xml(rel.target)
                if part is not None:
                    self.headers_footers.append((rel.target, part))
        self.headers_footers.sort(key=lambda item: item[0])

    def _read_xml(self, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, bytes]:
        data: dict[str, bytes] = {}
        total = 0
        for item in members:
            if not is_xml(item.filename):
                continue  # media and binaries are only named, never read
            if item.file_size > MAX_PART:
                raise TjsError(
                    f"{self.name}: part {item.filename[:60]} is {_size(item.file_size)} "
                    f"unpacked, more than the {_size(MAX_PART)} a part may have"
                )
            try:
                with archive.open(item) as member:
                    content = member.read(MAX_PART + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError, zlib.error) as error:
                raise TjsError(
                    f"{self.name}: damaged Word document: cannot read {quote(item.filename)}: {quote(error, 80)}"
                ) from None
            total += len(content)
            if len(content) > MAX_PART or total > MAX_XML_TOTAL:
                raise TjsError(
                    f"{self.name}: the XML parts unpack to more than a document may have "
                    f"({_size(MAX_PART)} a part, {_size(MAX_XML_TOTAL)} in all)"
                )
            data[item.filename] = content
        return data

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part ``name``; None when the package has no such XML part."""
        if name not in self._parsed:
            content = self._data.get(name)
            root = None
            if content is not None:
                try:
                    root = etree.fromstring(content, parser())
                except etree.XMLSyntaxError as error:
                    raise TjsError(f"{self.name}: damaged Word document: {quote(name)}: {quote(error, 80)}") from None
            self._parsed[name] = root
        return self._parsed[name]

    def xml_parts(self) -> list[str]:
        """Every XML part (relationship parts and content types included), sorted."""
        return sorted(self._data)

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ("" for the package), internal targets resolved."""
        rels = self.xml(rels_name(part))
        if rels is None:
            return []
        folder = posixpath.dirname(part)
        found = []
        for rel in rels.iterfind("rel:Relationship", NS):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
            found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
        return found

    def _main_part_name(self) -> str:
        for rel in self.relationships(""):
            if rel.type in (_OFFICE_DOCUMENT, _STRICT_OFFICE_DOCUMENT) and rel.target in self.names:
                return rel.target
        return "word/document.xml"


def is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))

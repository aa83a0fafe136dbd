"""Reading a .docx package with zipfile and lxml: parts, styles, body blocks.

Independent of python-docx's object model, so it reads any Word document,
also ones python-docx cannot open. Used by ``check``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tjansteskrivelse.errors import TjsError, UsageError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _REL_TYPES + "officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, NB_HYPHEN, TXBX = (
    w(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen", "txbxContent")
)
VAL = w("val")
_HEADING_NAME = re.compile(r"^heading\s+([1-9])$", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def is_on(element: etree._Element | None) -> bool:
    """An OOXML on/off element: present and not switched off."""
    if element is None:
        return False
    return element.get(VAL, "true").lower() not in ("0", "false", "off")



def val(element: etree._Element | None) -> str | None:
    return element.get(VAL) if element is not None else None


# ---------------------------------------------------------------- package


class Package:
    """The parts of a .docx this check needs, parsed."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            detail = getattr(error, "strerror", None) or "it is not a zip package"
            raise TjsError(f"{path}: not a readable Word document (.docx): {detail}") from None
        with self._zip:
            self.names = set(self._zip.namelist())
            self.main = self._main_part_name()
            self.document = self._xml(self.main)
            if self.document is None:
                raise TjsError(f"{path}: not a Word document (.docx): it has no document body")
            part_dir = posixpath.dirname(self.main)
            self.styles = self._xml(posixpath.join(part_dir, "styles.xml"))
            self.settings = self._xml(posixpath.join(part_dir, "settings.xml"))
            self.core = self._xml("docProps/core.xml")
            self.headers_footers: list[tuple[str, etree._Element]] = []
            for rel_type, target in self._relationships(self.main):
                kind = rel_type.rsplit("/", 1)[-1]
                if kind in ("header", "footer"):
                    part = self._xml(target)
                    if part is not None:
                        self.headers_footers.append((target, part))
            self.headers_footers.sort(key=lambda item: item[0])

    def _read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
            raise TjsError(f"{self.name}: damaged Word document: cannot read {name}: {error}") from None

    def _xml(self, name: str) -> etree._Element | None:
        data = self._read(name)
        if data is None:
            return None
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as error:
            raise TjsError(f"{self.name}: damaged Word document: {name}: {error}") from None

    def _relationships(self, part: str) -> list[tuple[str, str]]:
        folder, base = posixpath.split(part)
        rels = self._xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return []
        found = []
        for rel in rels.iterfind("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target.lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found.append((rel.get("Type", ""), target))
        return found

    def _main_part_name(self) -> str:
        for rel_type, target in self._relationships(""):
            if rel_type in (_OFFICE_DOCUMENT, _STRICT_OFFICE_DOCUMENT) and target in self.names:
                return target
        return "word/document.xml"


# ----------------------------------------------------------------- styles


@dataclass
class Style:
    name: str
    based_on: str | None
    outline_level: int | None  # 0-based as in w:outlineLvl; 9 means body text
    numbered: bool | None  # w:numPr in the style: True, numId 0: False, absent: None


@dataclass
class Styles:
    by_id: dict[str, Style] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_table: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        styles = cls()
        if root is None:
            return styles
        for element in root.iterfind("w:style", NS):
            style_id = element.get(w("styleId"), "")
            name = element.find("w:name", NS)
            based_on = element.find("w:basedOn", NS)
            level = element.find("w:pPr/w:outlineLvl", NS)
            num_pr = element.find("w:pPr/w:numPr", NS)
            styles.by_id[style_id] = Style(
                name=name.get(VAL, style_id) if name is not None else style_id,
                based_on=based_on.get(VAL) if based_on is not None else None,
                outline_level=to_int(level.get(VAL)) if level is not None else None,
                numbered=numbering_on(num_pr),
            )
            if element.get(w("default")) in ("1", "true", "on"):
                kind = element.get(w("type"))
                if kind == "paragraph":
                    styles.default_paragraph = style_id
                elif kind == "table":
                    styles.default_table = style_id
        return styles

    def chain(self, style_id: str | None) -> Iterator[Style]:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = style.based_on

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level of a paragraph style, following basedOn."""
        for style in self.chain(style_id):
            match = _HEADING_NAME.match(style.name.strip())
            if match:
                return int(match.group(1))
            if style.outline_level is not None:
                return style.outline_level + 1 if 0 <= style.outline_level <= 8 else None
        return None

    def numbered(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            if style.numbered is not None:
                return style.numbered
        return False

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return style.name if style else (style_id or "")


def to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def numbering_on(num_pr: etree._Element | None) -> bool | None:
    if num_pr is None:
        return None
    num_id = num_pr.find("w:numId", NS)
    if num_id is None:
        return None  # only an ilvl: numbering comes from elsewhere
    return num_id.get(VAL, "0") != "0"


# ------------------------------------------------------------------- body


@dataclass
class Para:
    element: etree._Element
    location: str
    in_table: bool
    text: str


@dataclass
class Table:
    element: etree._Element
    number: int
    rows: list[list[etree._Element]]


def blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Block-level children (paragraphs, tables), looking through content controls."""
    for child in container:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT:
            content = child.find("w:sdtContent", NS)
            if content is not None:
                yield from blocks(content)
        elif child.tag == CUSTOM_XML:
            yield from blocks(child)


def children(parent: etree._Element, tag: str) -> list[etree._Element]:
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find("w:sdtContent", NS) if child.tag == SDT else child
            if inner is not None:
                found.extend(children(inner, tag))
    return found


def inline(element: etree._Element) -> Iterator[etree._Element]:
    """Descendants of a paragraph, not entering text boxes (their own paragraphs)."""
    for child in element:
        if child.tag == TXBX:
            continue
        yield child
        yield from inline(child)


def paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in inline(paragraph):
        if node.tag == T:
            parts.append(node.text or "")
        elif node.tag == TAB and node.getparent().tag != w("tabs"):
            parts.append("\t")
        elif node.tag in (BR, CR):
            parts.append("\n")
        elif node.tag == NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def walk_body(body: etree._Element) -> tuple[list[Para], list[Table], dict[str, int]]:
    """Paragraphs and tables in document order, and the order of every body location."""
    paragraphs: list[Para] = []
    tables: list[Table] = []
    order: dict[str, int] = {}
    top_count = 0

    def walk(container: etree._Element, where: str | None) -> None:
        nonlocal top_count
        for block in blocks(container):
            if block.tag == P:
                if where is None:
                    top_count += 1
                    location = f"paragraf {top_count}"
                else:
                    location = where
                order.setdefault(location, len(order))
                paragraphs.append(Para(block, location, where is not None, paragraph_text(block)))
            else:
                table = Table(block, len(tables) + 1, [])
                tables.append(table)
                order.setdefault(f"tabell {table.number}", len(order))
                for r, row in enumerate(children(block, TR), start=1):
                    cells = children(row, TC)
                    table.rows.append(cells)
                    for c, cell in enumerate(cells, start=1):
                        walk(cell, f"tabell {table.number}, rad {r}, cell {c}")

    walk(body, None)
    return paragraphs, tables, order

"""Accessibility and archival check of any .docx (ours or anyone's).

Reads the package with ``zipfile`` and ``lxml`` only: fast, and independent
of python-docx's object model, so it also works on documents python-docx
cannot open. Each rule follows from the law in ``conventions.md``
(lag 2018:1937 / EN 301 549): document language, title, heading order, alt
text, no empty paragraphs as spacing, table header rows and no merged cells,
real list numbering, page-number fields that update.

Locations name what a case officer sees: ``paragraf 12`` (the 12th paragraph
of the body, counted from 1), ``tabell 2, rad 1, cell 3``, ``sidhuvud
(word/header1.xml)``, or the package part for document-wide settings.
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

__all__ = ["Finding", "check_document"]


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one document."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
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


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    _w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, NB_HYPHEN, TXBX = (
    _w(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen", "txbxContent")
)
VAL = _w("val")
_NOT_EMPTY = {
    _w(n) for n in ("drawing", "pict", "object", "fldSimple", "fldChar", "instrText", "sym")
} | {
    _w("footnoteReference"),
    _w("endnoteReference"),
    f"{{{_NS['m']}}}oMath",
    f"{{{_NS['m']}}}oMathPara",
}
_TYPED_NUMBER = re.compile(r"^\s*\d+[.)]\s")
_HEADING_NAME = re.compile(r"^heading\s+([1-9])$", re.IGNORECASE)
_PAGE_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
_LAYOUT_TABLE = "layouttabell"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _true(element: etree._Element | None) -> bool:
    """An OOXML on/off element: present and not switched off."""
    if element is None:
        return False
    return element.get(VAL, "true").lower() not in ("0", "false", "off")


def _excerpt(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= width else f'"{text[: width - 1]}…"'


# ---------------------------------------------------------------- package


class _Package:
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
        for rel in rels.iterfind("rel:Relationship", _NS):
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
class _Style:
    name: str
    based_on: str | None
    outline_level: int | None  # 0-based as in w:outlineLvl; 9 means body text
    numbered: bool | None  # w:numPr in the style: True, numId 0: False, absent: None


@dataclass
class _Styles:
    by_id: dict[str, _Style] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_table: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> _Styles:
        styles = cls()
        if root is None:
            return styles
        for element in root.iterfind("w:style", _NS):
            style_id = element.get(_w("styleId"), "")
            name = element.find("w:name", _NS)
            based_on = element.find("w:basedOn", _NS)
            level = element.find("w:pPr/w:outlineLvl", _NS)
            num_pr = element.find("w:pPr/w:numPr", _NS)
            styles.by_id[style_id] = _Style(
                name=name.get(VAL, style_id) if name is not None else style_id,
                based_on=based_on.get(VAL) if based_on is not None else None,
                outline_level=_int(level.get(VAL)) if level is not None else None,
                numbered=_numbering(num_pr),
            )
            if element.get(_w("default")) in ("1", "true", "on"):
                kind = element.get(_w("type"))
                if kind == "paragraph":
                    styles.default_paragraph = style_id
                elif kind == "table":
                    styles.default_table = style_id
        return styles

    def chain(self, style_id: str | None) -> Iterator[_Style]:
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


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _numbering(num_pr: etree._Element | None) -> bool | None:
    if num_pr is None:
        return None
    num_id = num_pr.find("w:numId", _NS)
    if num_id is None:
        return None  # only an ilvl: numbering comes from elsewhere
    return num_id.get(VAL, "0") != "0"


# ------------------------------------------------------------------- body


@dataclass
class _Para:
    element: etree._Element
    location: str
    in_table: bool
    text: str


@dataclass
class _Table:
    element: etree._Element
    number: int
    rows: list[list[etree._Element]]


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Block-level children (paragraphs, tables), looking through content controls."""
    for child in container:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT:
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == CUSTOM_XML:
            yield from _blocks(child)


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find("w:sdtContent", _NS) if child.tag == SDT else child
            if inner is not None:
                found.extend(_children(inner, tag))
    return found


def _inline(element: etree._Element) -> Iterator[etree._Element]:
    """Descendants of a paragraph, not entering text boxes (their own paragraphs)."""
    for child in element:
        if child.tag == TXBX:
            continue
        yield child
        yield from _inline(child)


def _text(paragraph: etree._Element) -> str:
    parts = []
    for node in _inline(paragraph):
        if node.tag == T:
            parts.append(node.text or "")
        elif node.tag == TAB and node.getparent().tag != _w("tabs"):
            parts.append("\t")
        elif node.tag in (BR, CR):
            parts.append("\n")
        elif node.tag == NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _walk_body(body: etree._Element) -> tuple[list[_Para], list[_Table], dict[str, int]]:
    """Paragraphs and tables in document order, and the order of every body location."""
    paragraphs: list[_Para] = []
    tables: list[_Table] = []
    order: dict[str, int] = {}
    top_count = 0

    def walk(container: etree._Element, where: str | None) -> None:
        nonlocal top_count
        for block in _blocks(container):
            if block.tag == P:
                if where is None:
                    top_count += 1
                    location = f"paragraf {top_count}"
                else:
                    location = where
                order.setdefault(location, len(order))
                paragraphs.append(_Para(block, location, where is not None, _text(block)))
            else:
                table = _Table(block, len(tables) + 1, [])
                tables.append(table)
                order.setdefault(f"tabell {table.number}", len(order))
                for r, row in enumerate(_children(block, TR), start=1):
                    cells = _children(row, TC)
                    table.rows.append(cells)
                    for c, cell in enumerate(cells, start=1):
                        walk(cell, f"tabell {table.number}, rad {r}, cell {c}")

    walk(body, None)
    return paragraphs, tables, order


# ------------------------------------------------------------------ rules


def check_document(path: Path) -> list[Finding]:
    """Check one .docx; ``[]`` means no problem found.

    Raises TjsError (UsageError for a missing file) when the file is not a
    readable Word document.
    """
    package = _Package(Path(path))
    styles = _Styles.parse(package.styles)
    body = package.document.find("w:body", _NS)
    if body is None:
        raise TjsError(f"{path}: not a Word document (.docx): it has no document body")
    paragraphs, tables, order = _walk_body(body)

    findings: list[tuple[str, str]] = []
    findings += _check_language(package)
    findings += _check_title(package)
    findings += _check_fields(package)
    findings += _check_headings(paragraphs, styles)
    findings += _check_images(package, paragraphs)
    findings += _check_empty_paragraphs(paragraphs, body)
    findings += _check_typed_numbers(paragraphs, styles)
    findings += _check_tables(tables, styles)
    # Document-wide findings first, then the body in reading order (sort is stable).
    findings.sort(key=lambda item: order.get(item[0], -1))
    return [Finding(package.name, location, message) for location, message in findings]


def _check_language(package: _Package) -> list[tuple[str, str]]:
    lang = None
    if package.styles is not None:
        element = package.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
        if element is not None:
            lang = (element.get(VAL) or "").strip() or None
    if lang is None and package.core is not None:
        element = package.core.find("dc:language", _NS)
        if element is not None:
            lang = (element.text or "").strip() or None
    if lang is None:
        return [("word/styles.xml", "no document language (sv-SE) is set, so screen readers "
                 "cannot pick the Swedish voice: in Word choose Review > Language > Set "
                 "Proofing Language > Swedish (Sweden) for the whole text, and set it as default")]
    if not lang.lower().startswith("sv"):
        return [("word/styles.xml", f"the document language is {lang}, not Swedish (sv-SE), so "
                 "screen readers read the text with the wrong voice: if the text is Swedish, "
                 "choose Review > Language > Set Proofing Language > Swedish (Sweden) for the "
                 "whole text, and set it as default")]
    return []


def _check_title(package: _Package) -> list[tuple[str, str]]:
    title = None
    if package.core is not None:
        element = package.core.find("dc:title", _NS)
        if element is not None:
            title = (element.text or "").strip() or None
    if title is None:
        return [("docProps/core.xml", "the document has no title, so a PDF or screen reader "
                 "shows the file name instead: in Word choose File > Info > Properties > "
                 "Title and enter the matter (ärendemening)")]
    return []


def _check_fields(package: _Package) -> list[tuple[str, str]]:
    parts = [package.document] + [part for _, part in package.headers_footers]
    has_page_field = False
    for part in parts:
        for simple in part.iter(_w("fldSimple")):
            if _PAGE_FIELD.match(simple.get(_w("instr"), "")):
                has_page_field = True
        for instr in part.iter(_w("instrText")):
            if _PAGE_FIELD.match(instr.text or ""):
                has_page_field = True
    if not has_page_field:
        return []
    update = None
    if package.settings is not None:
        update = package.settings.find("w:updateFields", _NS)
    if _true(update):
        return []
    return [("word/settings.xml", "the document has page-number fields but is not set to "
             "update fields when opened, so page numbers such as '1 (4)' may be wrong or "
             "empty: update the fields (Ctrl+A, F9) before saving, and turn on "
             "'update fields when opened' (w:updateFields)")]


def _check_headings(paragraphs: list[_Para], styles: _Styles) -> list[tuple[str, str]]:
    found = []
    previous = 0
    for para in paragraphs:
        p_pr = para.element.find("w:pPr", _NS)
        style_id = None
        level = None
        if p_pr is not None:
            style = p_pr.find("w:pStyle", _NS)
            style_id = style.get(VAL) if style is not None else None
            outline = p_pr.find("w:outlineLvl", _NS)
            if outline is not None:
                value = _int(outline.get(VAL))
                level = value + 1 if value is not None and 0 <= value <= 8 else None
        if style_id is None:
            style_id = styles.default_paragraph
        if level is None:
            level = styles.heading_level(style_id)
        if level is None:
            continue
        if level > previous + 1:
            if previous == 0:
                message = (f"the first heading {_excerpt(para.text)} is level {level}: "
                           "the first heading should be Heading 1")
            else:
                message = (f"heading {_excerpt(para.text)} is level {level} right after a "
                           f"level {previous} heading, so a level is skipped: use Heading "
                           f"{previous + 1} here")
            found.append((para.location, message))
        previous = level
    return found


def _is_decorative(doc_pr: etree._Element) -> bool:
    for mark in doc_pr.iterfind("a:extLst/a:ext/adec:decorative", _NS):
        if mark.get("val", "0").lower() in ("1", "true", "on"):
            return True
    return False


def _check_images(package: _Package, paragraphs: list[_Para]) -> list[tuple[str, str]]:
    where = {para.element: para.location for para in paragraphs}

    def body_location(element: etree._Element) -> str:
        for ancestor in element.iterancestors(P):
            if ancestor in where:
                return where[ancestor]
        return "dokumentet"

    found = []
    parts = [(package.document, None)] + [
        (part, _header_footer_location(name)) for name, part in package.headers_footers
    ]
    for part, part_location in parts:
        for doc_pr in part.iter(f"{{{_NS['wp']}}}docPr"):
            if (doc_pr.get("descr") or "").strip() or _is_decorative(doc_pr):
                continue
            name = doc_pr.get("name") or "image"
            location = part_location or body_location(doc_pr)
            found.append((location, f'the image "{name}" has no alt text: right-click it, '
                          "choose Edit Alt Text and describe it (e.g. the logo: "
                          "'<organisation> logotyp'), or mark it as decorative"))
        for shape in part.iter(f"{{{_NS['v']}}}shape"):
            if shape.find("v:imagedata", _NS) is None or (shape.get("alt") or "").strip():
                continue
            location = part_location or body_location(shape)
            found.append((location, "an image (old VML format) has no alt text: right-click "
                          "it, choose Edit Alt Text and describe it"))
    return found


def _header_footer_location(name: str) -> str:
    kind = "sidhuvud" if "header" in posixpath.basename(name) else "sidfot"
    return f"{kind} ({name})"


def _is_empty(paragraph: etree._Element, text: str) -> bool:
    if text.strip():
        return False
    p_pr = paragraph.find("w:pPr", _NS)
    if p_pr is not None and (
        p_pr.find("w:sectPr", _NS) is not None or _true(p_pr.find("w:pageBreakBefore", _NS))
    ):
        return False
    for node in _inline(paragraph):
        if node.tag in _NOT_EMPTY:
            return False
        if node.tag == BR and node.get(_w("type")) in ("page", "column"):
            return False
    return True


def _check_empty_paragraphs(paragraphs: list[_Para], body: etree._Element) -> list[tuple[str, str]]:
    blocks = list(_blocks(body))
    # Word needs a paragraph at the end of the body and between two tables (or they merge).
    needed = {blocks[-1]} if blocks else set()
    for before, paragraph, after in zip(blocks, blocks[1:], blocks[2:]):
        if before.tag == TBL and paragraph.tag == P and after.tag == TBL:
            needed.add(paragraph)
    found = []
    previous_empty = False
    for para in paragraphs:
        if para.in_table or para.element in needed:
            previous_empty = False
            continue
        if _is_empty(para.element, para.text):
            if previous_empty:
                message = "another empty paragraph: delete it"
            else:
                message = ("empty paragraph used as spacing: delete it and use the "
                           "paragraph's Spacing Before/After instead")
            found.append((para.location, message))
            previous_empty = True
        else:
            previous_empty = False
    return found


def _check_typed_numbers(paragraphs: list[_Para], styles: _Styles) -> list[tuple[str, str]]:
    found = []
    for para in paragraphs:
        if not _TYPED_NUMBER.match(para.text):
            continue
        p_pr = para.element.find("w:pPr", _NS)
        style_id = styles.default_paragraph
        if p_pr is not None:
            direct = _numbering(p_pr.find("w:numPr", _NS))
            if direct is not None:
                if direct:
                    continue
                found.append((para.location, _typed_number_message(para.text)))
                continue
            style = p_pr.find("w:pStyle", _NS)
            if style is not None:
                style_id = style.get(VAL)
        if not styles.numbered(style_id):
            found.append((para.location, _typed_number_message(para.text)))
    return found


def _typed_number_message(text: str) -> str:
    return (f"number typed as text in {_excerpt(text)}: use a numbered list "
            "(Home > Numbering) so screen readers announce it as a list")


def _check_tables(tables: list[_Table], styles: _Styles) -> list[tuple[str, str]]:
    found = []
    for table in tables:
        style = table.element.find("w:tblPr/w:tblStyle", _NS)
        style_id = style.get(VAL) if style is not None else styles.default_table
        names = {styles.name(style_id).casefold(), (style_id or "").casefold()}
        if _LAYOUT_TABLE in names:
            continue  # layout tables (e.g. side-by-side signatures) have no header row
        location = f"tabell {table.number}"
        rows = _children(table.element, TR)
        header = rows[0].find("w:trPr/w:tblHeader", _NS) if rows else None
        if not _true(header):
            found.append((location, "the first row is not marked as a header row: select it, "
                          "choose Table Properties > Row > 'Repeat as header row at the top of "
                          "each page' (or use the style Layouttabell if the table is only for "
                          "layout)"))
        for r, cells in enumerate(table.rows, start=1):
            for c, cell in enumerate(cells, start=1):
                span = _int(_val(cell.find("w:tcPr/w:gridSpan", _NS)))
                v_merge = cell.find("w:tcPr/w:vMerge", _NS)
                if span is not None and span > 1:
                    kind = f"spans {span} columns"
                elif v_merge is not None and v_merge.get(VAL) == "restart":
                    kind = "is merged with the cells below"
                else:
                    continue
                found.append((f"{location}, rad {r}, cell {c}",
                              f"merged cell: it {kind}, which screen readers cannot follow; "
                              "split it (Table Layout > Split Cells) and repeat the text"))
    return found


def _val(element: etree._Element | None) -> str | None:
    return element.get(VAL) if element is not None else None

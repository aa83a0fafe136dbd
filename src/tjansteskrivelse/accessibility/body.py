"""The body of a .docx read with lxml: styles, paragraphs and tables in reading order.

Independent of python-docx's object model, so it reads any Word document,
also ones python-docx cannot open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from tjansteskrivelse.accessibility.package import NS, VAL, to_int, w

P, TBL, TR, TC, SDT, CUSTOM_XML = (w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "customXml"))
T, TAB, BR, CR, NB_HYPHEN, TXBX = (w(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen", "txbxContent"))
# A style's parts as Clark-notation paths: ``find`` with the NS mapping sorts its eleven prefixes on every call,
# which made reading the styles a quarter of a document's check.
_STYLE, _NAME, _BASED_ON = w("style"), w("name"), w("basedOn")
_OUTLINE_LEVEL, _NUM_PR = f"{w('pPr')}/{w('outlineLvl')}", f"{w('pPr')}/{w('numPr')}"
_HEADING_NAME = re.compile(r"^heading\s+([1-9])$", re.IGNORECASE)


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
        for element in root.iterfind(_STYLE):
            style_id = element.get(w("styleId"), "")
            name = element.find(_NAME)
            based_on = element.find(_BASED_ON)
            level = element.find(_OUTLINE_LEVEL)
            num_pr = element.find(_NUM_PR)
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

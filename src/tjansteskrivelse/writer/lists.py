"""Markdown lists -> ``List Bullet``/``List Number`` paragraphs with real Word numbering.

Each ordered list, nested ones too, gets its own ``w:num`` restarting at its first
number. A list inside a block quote keeps its list style and numbering and gets
the quote's indents added to its own as direct ``w:ind`` (direct paragraph
indents win over both the style's and the numbering level's in Word and
LibreOffice), so it is shown inside the quote.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from lxml import etree

from .runs import PLAIN, W_PPR
from .story import Ctx, Node, Story

if TYPE_CHECKING:
    from .body import BodyWriter

MAX_LIST_DEPTH = 3
W_IND = qn("w:ind")
# w:ind attributes: the transitional names first, then their strict-schema synonyms.
_SIDES = {"left": ("w:left", "w:start"), "right": ("w:right", "w:end"), "hanging": ("w:hanging",)}


class Numbering:
    """New ``w:num`` instances, numbered as python-docx would, without its per-insert scans."""

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.used = {int(v) for v in element.xpath("./w:num/@w:numId")}
        self.anchor = element.find(qn("w:numIdMacAtCleanup"))
        self.next = 1

    def add(self, abstract_id: str, level: int, start: int) -> int:
        """A fresh ``w:num`` whose ``level`` starts at ``start``: instances of one abstractNum share the
        counters of every level they do not override, so the list's own level is overridden."""
        while self.next in self.used:
            self.next += 1
        num_id = self.next
        self.used.add(num_id)
        num = CT_Num.new(num_id, abstract_id)
        num.add_lvlOverride(ilvl=level).add_startOverride(start)
        if self.anchor is not None:
            self.anchor.addprevious(num)
        else:
            self.element.append(num)
        return num_id


def style_indent(styles: etree._Element, style_id: str) -> dict[str, int]:
    """The indents (twips) a paragraph style sets, itself or through its ``basedOn`` chain; each side
    comes from the nearest style setting it (a loop in the chain ends the walk)."""
    found: dict[str, int] = {}
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen and '"' not in current:
        seen.add(current)
        style = styles.xpath(f'./w:style[@w:styleId="{current}"]')
        if not style:
            break
        for ind in style[0].xpath("./w:pPr/w:ind"):
            for side, names in _SIDES.items():
                value = next((ind.get(qn(n)) for n in names if ind.get(qn(n)) is not None), None)
                if side not in found and value is not None and value.lstrip("-").isdigit():
                    found[side] = int(value)
        based = style[0].xpath("./w:basedOn/@w:val")
        current = str(based[0]) if based else None
    return found


def write_list(writer: BodyWriter, node: Node, story: Story, ctx: Ctx) -> None:
    depth = ctx.depth + 1
    if depth > MAX_LIST_DEPTH:
        raise writer.error(node, ctx, f"lists nested deeper than {MAX_LIST_DEPTH} levels are not supported")
    ordered = node.type == "ordered_list"
    suffix = "" if depth == 1 else f" {depth}"
    style = ("List Number" if ordered else "List Bullet") + suffix
    # A later paragraph of an item is not numbered: "List Continue" (indented, no numbering) when the
    # reference has it, else the list style with numbering switched off (numId 0).
    more, off = (f"List Continue{suffix}", None) if f"List Continue{suffix}" in writer.ref.styles else (style, 0)
    num_id = None
    if ordered:  # every ordered list, nested ones too, counts from its own first number
        num_id = writer.new_num(writer.ref.ordered_abstract_id, depth - 1, int(node.attrs.get("start", 1)))
    inner = replace(ctx, depth=depth)
    for item in node.children:
        first = True
        for child in item.children:
            if child.type != "paragraph":
                writer.blocks([child], story, inner)
                continue
            if first:
                p = writer.new_paragraph(story, style, (depth - 1, num_id) if num_id is not None else None)
            else:
                p = writer.new_paragraph(story, more, None if off is None else (depth - 1, off))
            _indent_within(writer, p, style if first else more, ctx)
            writer.inline(child, p, story.part, PLAIN, inner)
            first = False


def _indent_within(writer: BodyWriter, p: etree._Element, style: str, ctx: Ctx) -> None:
    """Shift a list paragraph by the indents of the quote around it (none outside a quote)."""
    if ctx.indent is None:
        return
    own = style_indent(writer.document.styles.element, writer.style_id(style))
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    ind = etree.SubElement(ppr, W_IND)  # after pStyle and numPr, as the schema orders them
    ind.set(qn("w:left"), str(ctx.indent[0] + own.get("left", 0)))
    ind.set(qn("w:right"), str(ctx.indent[1] + own.get("right", 0)))
    ind.set(qn("w:hanging"), str(own.get("hanging", 0)))

"""GFM tables -> ``w:tbl`` with column widths from their content.

Widths: each column first gets room for its longest unbreakable word (so no
word is broken where the page has room), the rest of the text width is shared
in proportion to each column's text length. When the words don't fit, all
are narrowed alike, but none below half a fair share of the width. The layout
is fixed (``w:tblGrid`` and every ``w:tcW`` agree), no row splits across a page
(``w:cantSplit``), and a header row repeats on every page (``w:tblHeader``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu
from lxml import etree

from .runs import PLAIN, Fmt
from .story import Ctx, Node, Story

if TYPE_CHECKING:
    from .body import BodyWriter

EMU_PER_TWIP = 635
BOLD_FACTOR = 1.2  # bold glyphs are wider
CELL_MARGINS = 2 * 108 + 30  # Word's default left/right cell margins (twips), plus the borders
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def write_table(writer: BodyWriter, node: Node, story: Story, ctx: Ctx) -> None:
    """A GFM table: ``Table Grid`` with a repeating bold header row, or a layout table in a table-style container."""
    layout = ctx.table_style is not None
    rows = [tr for section in node.children for tr in section.children]
    if layout and rows and all(not _has_content(cell) for cell in rows[0].children):
        rows = rows[1:]  # `| | |` header of a layout table: no row at all
    if not rows:
        return
    cols = len(rows[0].children)
    before = (
        story.anchor.getprevious() if story.anchor is not None else (story.element[-1] if len(story.element) else None)
    )
    # Word and LibreOffice show tables with nothing between them as one. A data table would lose its own
    # header row: it gets a paragraph before it. Layout tables join (the titles under side-by-side
    # signatures) and then share one grid, or the columns of the second stand askew under the first.
    joined = None
    if before is not None and before.tag == qn("w:tbl"):
        if not (layout and _is_layout(writer, before)):
            writer.new_paragraph(story, None)
        elif len(before.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")) == cols:
            joined = before
    tbl = story.add(CT_Tbl.new_tbl(len(rows), cols, Emu(writer.ref.text_width)))
    header = not layout and rows[0].children[0].type == "th"
    texts = [[_plain_text(cell) for cell in tr.children] for tr in rows]
    earlier = (
        [[_xml_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in joined.findall(qn("w:tr"))]
        if joined is not None
        else []
    )
    widths = column_widths(
        earlier + texts, writer.ref.text_width // EMU_PER_TWIP, writer.ref.char_width, bold_header=header
    )
    if joined is not None:
        _fix_layout(joined, widths)
    _fix_layout(tbl, widths)
    tbl.tblStyle_val = writer.style_id(ctx.table_style or "Table Grid")
    look = tbl.tblPr.find(qn("w:tblLook"))
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:firstRow"), "0" if layout else "1")
    look.set(qn("w:val"), "0400" if layout else "0420")
    for r, (tr_node, tr) in enumerate(zip(rows, tbl.tr_lst, strict=True)):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header and r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        fmt = Fmt(bold=True) if header and r == 0 else PLAIN
        for cell_node, tc in zip(tr_node.children, tr.tc_lst, strict=True):
            p = tc.p_lst[0]
            if ctx.paragraph_style != "Normal":
                p.get_or_add_pPr().style = writer.style_id(ctx.paragraph_style)
            align = _cell_alignment(cell_node)
            if align is not None:
                p.get_or_add_pPr().jc_val = align
            writer.inline(cell_node, p, story.part, fmt, ctx)


def column_widths(rows: list[list[str]], total: int, char_width: float, *, bold_header: bool = False) -> list[int]:
    """Column widths in twips summing to ``total``: longest word first, the rest by text length."""
    cols = max(len(row) for row in rows)
    need, length = [0.0] * cols, [0] * cols
    for r, row in enumerate(rows):
        width = char_width * (BOLD_FACTOR if bold_header and r == 0 else 1)
        for c, text in enumerate(row):
            longest = max((len(word) for word in text.split()), default=0)
            need[c] = max(need[c], longest * width + CELL_MARGINS)
            length[c] += len(text)
    if sum(need) >= total:  # not even the words fit: shrink them alike, down to a floor
        shares = _shrunk(need, total)
    else:
        rest = total - sum(need)
        weights = length if sum(length) else [1] * cols
        shares = [n + rest * w / sum(weights) for n, w in zip(need, weights, strict=True)]
    widths = [int(share) for share in shares]
    widths[-1] += total - sum(widths)
    return widths


def _shrunk(need: list[float], total: int) -> list[float]:
    """``need`` shrunk alike to sum to ``total``, but never below half a fair share (or the column's own
    need): beside a long URL, a column of short words would otherwise be too narrow to show any text."""
    shares = [n * total / sum(need) for n in need]
    floors = [min(n, total / len(need) / 2) for n in need]
    short = sum(max(f - s, 0.0) for s, f in zip(shares, floors, strict=True))
    if not short:
        return shares
    spare = sum(max(s - f, 0.0) for s, f in zip(shares, floors, strict=True))
    return [f if s <= f else s - short * (s - f) / spare for s, f in zip(shares, floors, strict=True)]


def _fix_layout(tbl: etree._Element, widths: list[int]) -> None:
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    if tbl.tblPr.find(qn("w:tblLayout")) is None:
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl.tblPr.find(qn("w:tblLook")).addprevious(layout)  # schema order: ... tblLayout, tblCellMar, tblLook
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.tcPr.find(qn("w:tcW")).set(qn("w:w"), str(width))


def _is_layout(writer: BodyWriter, tbl: etree._Element) -> bool:
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    return style is not None and style.get(qn("w:val")) != writer.style_id("Table Grid")


def _xml_text(tc: etree._Element) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _plain_text(cell: Node) -> str:
    return "".join(n.content for n in cell.walk() if n.type == "text") if cell.children else ""


def _has_content(cell: Node) -> bool:
    return any(child.children for child in cell.children)


def _cell_alignment(cell: Node) -> WD_ALIGN_PARAGRAPH | None:
    match = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
    return _ALIGN.get(match.group(1)) if match else None

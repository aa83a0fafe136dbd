"""GFM tables -> ``w:tbl``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl

from .runs import PLAIN, Fmt
from .story import Ctx, Node, Story

if TYPE_CHECKING:
    from .body import BodyWriter

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
    tbl = story.add(CT_Tbl.new_tbl(len(rows), cols, writer.ref.text_width))
    tbl.tblStyle_val = writer.style_id(ctx.table_style or "Table Grid")
    look = tbl.tblPr.find(qn("w:tblLook"))
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:firstRow"), "0" if layout else "1")
    look.set(qn("w:val"), "0400" if layout else "0420")
    header = not layout and rows[0].children[0].type == "th"
    for r, (tr_node, tr) in enumerate(zip(rows, tbl.tr_lst)):
        if header and r == 0:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        fmt = Fmt(bold=True) if header and r == 0 else PLAIN
        for cell_node, tc in zip(tr_node.children, tr.tc_lst):
            p = tc.p_lst[0]
            if ctx.paragraph_style != "Normal":
                p.get_or_add_pPr().style = writer.style_id(ctx.paragraph_style)
            align = _cell_alignment(cell_node)
            if align is not None:
                p.get_or_add_pPr().jc_val = align
            writer.inline(cell_node, p, story.part, fmt, ctx)


def _has_content(cell: Node) -> bool:
    return any(child.children for child in cell.children)


def _cell_alignment(cell: Node) -> WD_ALIGN_PARAGRAPH | None:
    match = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
    return _ALIGN.get(match.group(1)) if match else None

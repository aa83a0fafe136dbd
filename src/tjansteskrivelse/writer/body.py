"""Markdown tree -> WordprocessingML: paragraphs, lists, tables, links, images.

One ``{node type: handler}`` table for blocks and one for inline nodes, shared by
the body, table cells and header/footer blocks:

* heading n -> ``Heading n`` (1-4); paragraph -> ``Normal`` or the style of the
  enclosing ``::: Stil`` container;
* lists -> ``List Bullet``/``List Number`` (``2``, ``3`` by depth) with real
  numbering: each top-level ordered list gets its own ``w:num`` restarting at
  its first number;
* GFM table -> ``Table Grid`` with a repeating, bold header row; inside a
  container naming a *table* style (``Layouttabell``) -> a layout table with
  that style, no header row (an all-empty Markdown header row is dropped);
* links -> ``w:hyperlink`` in the ``Hyperlink`` character style; images ->
  inline pictures with the alt text as description (empty alt: decorative).

Elements are appended directly (before the body's ``w:sectPr``), never through
python-docx's ``add_p``/``_insert_*``, which scan the children on every insert.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from lxml import etree
from markdown_it.tree import SyntaxTreeNode

from ..errors import MarkdownError
from ..markdown import CONTAINER, container_style, line_of
from .package import ExternalLinks
from .reference import Reference
from .runs import PLAIN, W_PPR, W_VAL, Fmt, RunSink, make_run

MAX_HEADING = 4
MAX_LIST_DEPTH = 3
W_PSTYLE, W_NUMPR, W_ILVL, W_NUMID = (qn(t) for t in ("w:pStyle", "w:numPr", "w:ilvl", "w:numId"))
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_DECORATIVE_EXT = (
    '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)

Node = SyntaxTreeNode


@dataclass(frozen=True)
class Story:
    """Where blocks go: a body, header, footer or detached holder, and its part."""

    element: etree._Element
    part: Part
    anchor: etree._Element | None = None  # the body's sectPr: content goes before it

    def add(self, child: etree._Element) -> etree._Element:
        if self.anchor is not None:
            self.anchor.addprevious(child)
        else:
            self.element.append(child)
        return child


@dataclass(frozen=True)
class Ctx:
    source: str
    paragraph_style: str = "Normal"
    table_style: str | None = None  # set by a container naming a table style: layout table
    depth: int = 0  # list nesting
    num_id: int | None = None  # numbering instance of the enclosing ordered list


class _Numbering:
    """New ``w:num`` instances, numbered as python-docx would, without its per-insert scans."""

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.used = {int(v) for v in element.xpath("./w:num/@w:numId")}
        self.anchor = element.find(qn("w:numIdMacAtCleanup"))
        self.next = 1

    def add(self, abstract_id: str, start: int) -> int:
        while self.next in self.used:
            self.next += 1
        num_id = self.next
        self.used.add(num_id)
        num = CT_Num.new(num_id, abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        if self.anchor is not None:
            self.anchor.addprevious(num)
        else:
            self.element.append(num)
        return num_id


class BodyWriter:
    def __init__(self, reference: Reference, document: Document, base_dir: Path | None) -> None:
        self.ref = reference
        self.document = document
        self.base_dir = base_dir
        self._numbering: _Numbering | None = None
        self._links: dict[str, ExternalLinks] = {}
        self.block_handlers: dict[str, Callable[[Node, Story, Ctx], None]] = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "bullet_list": self.list,
            "ordered_list": self.list,
            "table": self.table,
            CONTAINER: self.container,
        }
        self.inline_handlers: dict[str, Callable[[Node, RunSink, Part, Fmt, Ctx], None]] = {
            "text": self.text,
            "softbreak": self.softbreak,
            "hardbreak": self.hardbreak,
            "em": self.emphasis,
            "strong": self.emphasis,
            "link": self.link,
            "image": self.image,
        }

    # ---- helpers

    def style_id(self, name: str) -> str:
        return self.ref.styles[name].style_id

    def _new_paragraph(self, story: Story, style: str | None, numbering: tuple[int, int] | None = None
                       ) -> etree._Element:
        """A paragraph in ``style``, optionally with ``(ilvl, numId)`` numbering, appended to ``story``.

        Built directly in schema order (pStyle, numPr): python-docx's get_or_add_* scan successors.
        """
        p = OxmlElement("w:p")
        if (style and style != "Normal") or numbering:
            ppr = etree.SubElement(p, W_PPR)
            if style and style != "Normal":
                etree.SubElement(ppr, W_PSTYLE).set(W_VAL, self.style_id(style))
            if numbering:
                num_pr = etree.SubElement(ppr, W_NUMPR)
                etree.SubElement(num_pr, W_ILVL).set(W_VAL, str(numbering[0]))
                etree.SubElement(num_pr, W_NUMID).set(W_VAL, str(numbering[1]))
        return story.add(p)

    def _error(self, node: Node, ctx: Ctx, message: str, hint: str | None = None) -> MarkdownError:
        line = line_of(node)
        where = ctx.source if line is None else f"{ctx.source}:{line}"
        return MarkdownError(f"{where}: {message}", hint=hint)

    # ---- blocks

    def blocks(self, nodes: Iterable[Node], story: Story, ctx: Ctx) -> None:
        for node in nodes:
            handler = self.block_handlers.get(node.type)
            if handler is None:
                raise self._error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, story, ctx)

    def heading(self, node: Node, story: Story, ctx: Ctx) -> None:
        level = int(node.tag[1:])
        if level > MAX_HEADING:
            raise self._error(
                node, ctx, f"heading level {level} is not supported", hint=f"use at most {'#' * MAX_HEADING}"
            )
        self.inline(node, self._new_paragraph(story, f"Heading {level}"), story.part, PLAIN, ctx)

    def paragraph(self, node: Node, story: Story, ctx: Ctx) -> None:
        self.inline(node, self._new_paragraph(story, ctx.paragraph_style), story.part, PLAIN, ctx)

    def list(self, node: Node, story: Story, ctx: Ctx) -> None:
        depth = ctx.depth + 1
        if depth > MAX_LIST_DEPTH:
            raise self._error(node, ctx, f"lists nested deeper than {MAX_LIST_DEPTH} levels are not supported")
        ordered = node.type == "ordered_list"
        style = ("List Number" if ordered else "List Bullet") + ("" if depth == 1 else f" {depth}")
        num_id = ctx.num_id
        if ordered and num_id is None:
            if self._numbering is None:
                self._numbering = _Numbering(self.document.part.numbering_part.element)
            num_id = self._numbering.add(self.ref.ordered_abstract_id, int(node.attrs.get("start", 1)))
        inner = replace(ctx, depth=depth, num_id=num_id)
        for item in node.children:
            first = True
            for child in item.children:
                if child.type == "paragraph":
                    numbering = (depth - 1, num_id if (ordered and first) else 0) if ordered or not first else None
                    p = self._new_paragraph(story, style, numbering)
                    self.inline(child, p, story.part, PLAIN, inner)
                else:
                    self.blocks([child], story, inner)
                first = False

    def table(self, node: Node, story: Story, ctx: Ctx) -> None:
        layout = ctx.table_style is not None
        rows = [tr for section in node.children for tr in section.children]
        if layout and rows and all(not _has_content(cell) for cell in rows[0].children):
            rows = rows[1:]  # `| | |` header of a layout table: no row at all
        if not rows:
            return
        cols = len(rows[0].children)
        tbl = story.add(CT_Tbl.new_tbl(len(rows), cols, self.ref.text_width))
        tbl.tblStyle_val = self.style_id(ctx.table_style or "Table Grid")
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
                    p.get_or_add_pPr().style = self.style_id(ctx.paragraph_style)
                align = _cell_alignment(cell_node)
                if align is not None:
                    p.get_or_add_pPr().jc_val = align
                self.inline(cell_node, p, story.part, fmt, ctx)

    def container(self, node: Node, story: Story, ctx: Ctx) -> None:
        name = container_style(node)
        style = self.ref.styles.get(name)
        if style is None or style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
            known = sorted(
                n for n, s in self.ref.styles.items() if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE)
            )
            problem = "does not exist" if style is None else "is not a paragraph or table style"
            raise self._error(
                node,
                ctx,
                f"style {name!r} (from '::: {name}') {problem} in the reference document {self.ref.path.name}",
                hint=f"add a paragraph style named {name!r} to the reference document in Word; "
                f"some styles it has: {', '.join(known[:12])}",
            )
        if style.type == WD_STYLE_TYPE.TABLE:
            inner = replace(ctx, table_style=name)
        else:
            inner = replace(ctx, paragraph_style=name)
        self.blocks(node.children, story, inner)

    # ---- inline

    def inline(self, block: Node, target: etree._Element, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        """Render the inline children of a paragraph/heading/cell node into ``target``."""
        sink = RunSink(target)
        for inline in block.children:
            self._inline_nodes(inline.children, sink, part, fmt, ctx)
        sink.flush()

    def _inline_nodes(self, nodes: Iterable[Node], sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        for node in nodes:
            handler = self.inline_handlers.get(node.type)
            if handler is None:
                raise self._error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, sink, part, fmt, ctx)

    def text(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.text(node.content, fmt)

    def softbreak(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.text(" ", fmt)

    def hardbreak(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.text("\n", fmt)

    def emphasis(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        inner = replace(fmt, bold=True) if node.type == "strong" else replace(fmt, italic=True)
        self._inline_nodes(node.children, sink, part, inner, ctx)

    def link(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        href = str(node.attrs.get("href", ""))
        links = self._links.get(str(part.partname))
        if links is None:
            links = self._links[str(part.partname)] = ExternalLinks(part)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), links.rid(href))
        title = node.attrs.get("title")
        if title:
            hyperlink.set(qn("w:tooltip"), str(title))
        hyperlink.set(qn("w:history"), "1")
        inner = RunSink(hyperlink)
        self._inline_nodes(node.children, inner, part, replace(fmt, style_id=self.style_id("Hyperlink")), ctx)
        inner.flush()
        sink.element(hyperlink)

    def image(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        src = unquote(str(node.attrs.get("src", "")))
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", src) and not re.match(r"^[a-zA-Z]:[\\/]", src):
            raise self._error(node, ctx, f"image {src!r}: only local image files are supported")
        path = Path(src)
        if not path.is_absolute():
            path = (self.base_dir or Path.cwd()) / path
        if not path.is_file():
            raise self._error(node, ctx, f"image file not found: {path}")
        try:
            rId, image = part.get_or_add_image(str(path))
        except Exception as exc:  # noqa: BLE001 - unknown or broken image format
            raise self._error(node, ctx, f"image {path}: not a supported picture ({exc})") from None
        cx, cy = image.scaled_dimensions()
        if cx > self.ref.text_width:
            cx, cy = image.scaled_dimensions(width=self.ref.text_width)
        inline = CT_Inline.new_pic_inline(1, rId, image.filename, cx, cy)
        alt = "".join(child.content for child in node.walk() if child.type == "text")
        doc_pr = inline.docPr
        doc_pr.set("descr", alt)
        title = node.attrs.get("title")
        if title:
            doc_pr.set("title", str(title))
        if not alt:
            doc_pr.append(parse_xml(_DECORATIVE_EXT))
        inline.xpath("./a:graphic/a:graphicData/pic:pic/pic:nvPicPr/pic:cNvPr")[0].set("descr", alt)
        run = make_run("", fmt)
        drawing = OxmlElement("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        sink.element(run)


def _has_content(cell: Node) -> bool:
    return any(child.children for child in cell.children)


def _cell_alignment(cell: Node) -> WD_ALIGN_PARAGRAPH | None:
    match = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
    return _ALIGN.get(match.group(1)) if match else None

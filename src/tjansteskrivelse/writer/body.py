"""Markdown tree -> WordprocessingML: paragraphs, lists, tables, links, images.

One ``{node type: handler}`` table for blocks and one for inline nodes, shared by
the body, table cells and header/footer blocks:

* heading n -> ``Heading n`` (1-4); paragraph -> ``Normal`` or the style of the
  enclosing ``::: Stil`` container;
* lists -> ``List Bullet``/``List Number`` (``2``, ``3`` by depth) with real
  numbering: each ordered list gets its own ``w:num`` restarting at its first
  number; inside a block quote also indented like the quote (``lists.py``);
* GFM table -> ``Table Grid`` with a repeating, bold header row; inside a
  container naming a *table* style (``Layouttabell``) -> a layout table with
  that style, no header row (an all-empty Markdown header row is dropped);
* block quote -> paragraphs in ``Quote``; footnotes -> real Word footnotes
  (``notes.py``); ``~~x~~`` -> ``w:strike``; hard break -> ``w:br``;
* links -> ``w:hyperlink`` in the ``Hyperlink`` character style (markdown.py
  lets only http/https/mailto through as links); images -> inline pictures
  with the alt text as description (empty alt: decorative, ``images.py``);
  tables in ``tables.py``.

Elements are appended directly (before the body's ``w:sectPr``), never through
python-docx's ``add_p``/``_insert_*``, which scan the children on every insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ..errors import MarkdownError
from ..markdown import CONTAINER, container_style, line_of
from .images import picture_run
from .lists import Numbering, style_indent, write_list
from .notes import Footnotes
from .package import ExternalLinks
from .reference import Reference
from .runs import PLAIN, W_PPR, W_VAL, Fmt, RunSink, Typeset
from .story import Ctx, Node, Story
from .tables import write_table

QUOTE_STYLE = "Quote"
MAX_HEADING = 4
W_PSTYLE, W_NUMPR, W_ILVL, W_NUMID = (qn(t) for t in ("w:pStyle", "w:numPr", "w:ilvl", "w:numId"))


class BodyWriter:
    def __init__(
        self, reference: Reference, document: Document, base_dir: Path | None, typeset: Typeset | None = None
    ) -> None:
        self.ref = reference
        self.typeset = typeset  # every text run passes through it when typography is on
        self.document = document
        self.base_dir = base_dir
        self._numbering: Numbering | None = None
        self._links: dict[str, ExternalLinks] = {}
        self.footnotes = Footnotes(self)
        self.block_handlers: dict[str, Callable[[Node, Story, Ctx], None]] = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "bullet_list": self.list,
            "ordered_list": self.list,
            "table": self.table,
            "blockquote": self.blockquote,
            "footnote_block": self.footnotes.block,
            CONTAINER: self.container,
        }
        self.inline_handlers: dict[str, Callable[[Node, RunSink, Part, Fmt, Ctx], None]] = {
            "text": self.text,
            "softbreak": self.softbreak,
            "hardbreak": self.hardbreak,
            "em": self.emphasis,
            "strong": self.emphasis,
            "s": self.emphasis,
            "footnote_ref": self.footnotes.reference,
            "footnote_anchor": self.skip,
            "link": self.link,
            "image": self.image,
        }

    # ---- helpers

    def style_id(self, name: str) -> str:
        return self.ref.styles[name].style_id

    def new_paragraph(
        self, story: Story, style: str | None, numbering: tuple[int, int] | None = None
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

    def error(self, node: Node, ctx: Ctx, message: str, hint: str | None = None) -> MarkdownError:
        line = line_of(node)
        where = ctx.source if line is None else f"{ctx.source}:{line}"
        return MarkdownError(f"{where}: {message}", hint=hint)

    # ---- blocks

    def blocks(self, nodes: Iterable[Node], story: Story, ctx: Ctx) -> None:
        for node in nodes:
            handler = self.block_handlers.get(node.type)
            if handler is None:
                raise self.error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, story, ctx)

    def heading(self, node: Node, story: Story, ctx: Ctx) -> None:
        level = int(node.tag[1:])
        if level > MAX_HEADING:
            raise self.error(
                node, ctx, f"heading level {level} is not supported", hint=f"use at most {'#' * MAX_HEADING}"
            )
        self.inline(node, self.new_paragraph(story, f"Heading {level}"), story.part, PLAIN, ctx)

    def paragraph(self, node: Node, story: Story, ctx: Ctx) -> None:
        self.inline(node, self.new_paragraph(story, ctx.paragraph_style, ctx.numbering), story.part, PLAIN, ctx)

    def new_num(self, abstract_id: str, level: int, start: int) -> int:
        if self._numbering is None:
            self._numbering = Numbering(self.document.part.numbering_part.element)
        return self._numbering.add(abstract_id, level, start)

    def list(self, node: Node, story: Story, ctx: Ctx) -> None:
        write_list(self, node, story, ctx)

    def table(self, node: Node, story: Story, ctx: Ctx) -> None:
        write_table(self, node, story, ctx)

    def blockquote(self, node: Node, story: Story, ctx: Ctx) -> None:
        self.need_style(node, ctx, QUOTE_STYLE, "paragraph")
        indent = style_indent(self.document.styles.element, self.style_id(QUOTE_STYLE))
        shift = (indent.get("left", 0), indent.get("right", 0))  # a list inside is indented like the quote
        inner = replace(ctx, paragraph_style=QUOTE_STYLE, numbering=None, indent=shift)
        self.blocks(node.children, story, inner)

    def need_style(self, node: Node, ctx: Ctx, name: str, kind: str) -> None:
        if name not in self.ref.styles:
            raise self.error(
                node,
                ctx,
                f"the reference document {self.ref.path.name} has no {kind} style {name!r}",
                hint=f"add a {kind} style named {name!r} in Word, or start from `tjs templates export`",
            )

    def container(self, node: Node, story: Story, ctx: Ctx) -> None:
        name = container_style(node)
        style = self.ref.styles.get(name)
        if style is None or style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
            known = sorted(
                n for n, s in self.ref.styles.items() if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE)
            )
            problem = "does not exist" if style is None else "is not a paragraph or table style"
            raise self.error(
                node,
                ctx,
                f"style {name!r} (from '::: {name}') {problem} in the reference document {self.ref.path.name}",
                hint=f"add a paragraph style named {name!r} to the reference document in Word; "
                f"some styles it has: {', '.join(known[:12])}",
            )
        if style.type == WD_STYLE_TYPE.TABLE:
            inner = replace(ctx, table_style=name)
        else:
            inner = replace(ctx, paragraph_style=name, numbering=self._style_numbering(name))
        self.blocks(node.children, story, inner)

    def _style_numbering(self, name: str) -> tuple[int, int] | None:
        """A fresh numbering instance for a ':::' block in a numbered style (``List Number``): each block
        counts from 1, where the style's own instance would carry on from the last such block."""
        style_id = self.style_id(name)
        styles = self.document.styles.element
        num_pr = styles.xpath(f'./w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr') if '"' not in style_id else []
        num_id = num_pr[0].xpath("./w:numId/@w:val") if num_pr else []
        if not num_id or num_id[0] == "0":
            return None
        numbering = self.document.part.numbering_part.element
        abstract = numbering.xpath(f'./w:num[@w:numId="{num_id[0]}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None
        level = int((num_pr[0].xpath("./w:ilvl/@w:val") or ["0"])[0])
        return level, self.new_num(str(abstract[0]), level, 1)

    # ---- inline

    def inline(self, block: Node, target: etree._Element, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        """Render the inline children of a paragraph/heading/cell node into ``target``."""
        sink = RunSink(target, self.typeset)
        for inline in block.children:
            self._inline_nodes(inline.children, sink, part, fmt, ctx)
        sink.flush()

    def _inline_nodes(self, nodes: Iterable[Node], sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        for node in nodes:
            handler = self.inline_handlers.get(node.type)
            if handler is None:
                raise self.error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, sink, part, fmt, ctx)

    def text(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        if node.content:  # markdown-it leaves empty text nodes after some emphasis: no empty runs
            sink.text(node.content, fmt)

    def skip(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        """The footnote plugin's back-link: Word shows the note at the foot of the page instead."""

    def image(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.element(picture_run(self, node, part, fmt, ctx))

    def softbreak(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.text(" ", fmt)

    def hardbreak(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        sink.text("\n", fmt)

    def emphasis(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        inner = {"strong": replace(fmt, bold=True), "em": replace(fmt, italic=True), "s": replace(fmt, strike=True)}[
            node.type
        ]
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
        inner = RunSink(hyperlink, self.typeset)
        self._inline_nodes(node.children, inner, part, replace(fmt, style_id=self.style_id("Hyperlink")), ctx)
        inner.flush()
        sink.element(hyperlink)

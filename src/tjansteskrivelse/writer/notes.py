"""Footnotes: ``text[^1]`` ... ``[^1]: note`` -> real Word footnotes in ``word/footnotes.xml``.

The reference mark is a ``w:footnoteReference`` run in the ``footnote reference``
character style; each note is a ``w:footnote`` whose paragraphs use ``footnote
text`` and start with ``w:footnoteRef`` (Word and LibreOffice number them).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from .package import footnotes_part
from .runs import PLAIN, W_P, W_PPR, W_T, Fmt, RunSink, make_run
from .story import Ctx, Node, Story

if TYPE_CHECKING:
    from .body import BodyWriter

FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"
W_FOOTNOTE, W_ID = qn("w:footnote"), qn("w:id")


class Footnotes:
    """The footnotes of one document: made on the first reference, ids after the reference's own."""

    def __init__(self, writer: BodyWriter) -> None:
        self.writer = writer
        self._story: Story | None = None
        self._ids: dict[int, int] = {}  # the plugin's footnote id -> w:id
        self._next = 1

    def reference(self, node: Node, sink: RunSink, part: Part, fmt: Fmt, ctx: Ctx) -> None:
        writer = self.writer
        if part is not writer.document.part:
            raise writer.error(node, ctx, "footnotes can only stand in the body text, not in a header or footer")
        self._holder()
        note_id = self._ids.setdefault(node.meta["id"], self._next + len(self._ids))
        mark = etree.Element(qn("w:footnoteReference"))
        mark.set(W_ID, str(note_id))
        sink.element(self._mark(mark))

    def block(self, node: Node, story: Story, ctx: Ctx) -> None:
        """The notes go to the footnotes part, whatever ``story`` the definitions stood in."""
        writer = self.writer
        for name, kind in ((FOOTNOTE_TEXT, "paragraph"), (FOOTNOTE_REFERENCE, "character")):
            writer.need_style(node, ctx, name, kind)
        holder = self._holder()
        for footnote in node.children:
            note = etree.SubElement(holder.element, W_FOOTNOTE)
            note.set(W_ID, str(self._ids[footnote.meta["id"]]))
            # The plugin's back-link stands after a note's last block when that block is not a paragraph.
            blocks = [child for child in footnote.children if child.type != "footnote_anchor"]
            writer.blocks(blocks, Story(note, holder.part), replace(ctx, paragraph_style=FOOTNOTE_TEXT))
            first = note.find(W_P)
            if first is None:  # a note holding only a table: the mark needs a paragraph of its own
                first = etree.Element(W_P)
                note.insert(0, first)
            mark = self._mark(etree.Element(qn("w:footnoteRef")))
            first.insert(0 if first.find(W_PPR) is None else 1, mark)
            mark.addnext(make_run(" ", PLAIN))

    def _mark(self, child: etree._Element) -> etree._Element:
        run = make_run("", Fmt(style_id=self.writer.style_id(FOOTNOTE_REFERENCE)))
        run.remove(run.find(W_T))
        run.append(child)
        return run

    def _holder(self) -> Story:
        if self._story is None:
            part = footnotes_part(self.writer.document)
            ids = [int(note.get(W_ID, "0")) for note in part.element.iter(W_FOOTNOTE)]
            self._next = max([0, *ids]) + 1
            self._story = Story(part.element, part)
        return self._story

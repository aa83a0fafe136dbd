"""Header/footer placeholders, filled in the reference's own header and footer parts.

``{{ name }}`` (spaces optional) anywhere in a header/footer paragraph
    is replaced by the plain text ``fields[name]``, inserted literally (never
    parsed), in the formatting of the run where the placeholder starts. Word
    may split a placeholder over several runs; that is handled.
``{{ sida }}`` / ``{{ sidor }}``
    become real PAGE / NUMPAGES fields (write ``{{ sida }} ({{ sidor }})`` for
    ``1 (4)``); Word and LibreOffice update them when they lay out the page.
A paragraph holding only ``{{ name }}`` with ``name in blocks``
    is replaced by the paragraphs rendered from the Markdown ``blocks[name]``
    (same code path as the body; plain paragraphs take the placeholder
    paragraph's style, e.g. ``Header``). Empty Markdown removes the paragraph.

An unknown placeholder name is a ``ReferenceDocumentError``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ..errors import MarkdownError, ReferenceDocumentError
from .package import header_footer_parts
from .runs import PLAIN, W_P, W_PPR, W_R, W_RPR, W_T, W_TAB, W_TBL, Typeset, make_run
from .story import Ctx, Story

if TYPE_CHECKING:  # body imports the reference, which finds the slots here
    from .body import BodyWriter

PAGE_FIELDS = {"sida": "PAGE", "sidor": "NUMPAGES"}
_W_NUMPR = qn("w:numPr")
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


@dataclass(frozen=True)
class Slot:
    """A header/footer paragraph whose run text holds ``{{``, found once per reference (``find_slots``)."""

    index: int  #: among the part's paragraphs (``w:p``, document order)
    whole: str | None  #: the name, if the paragraph holds nothing but one placeholder (a block's place)
    #: per inline placeholder, last first: its name and the indexes of its runs among the paragraph's runs
    inline: tuple[tuple[str, tuple[int, ...]], ...]


def find_slots(element: etree._Element) -> tuple[Slot, ...]:
    """The placeholder paragraphs of a header/footer part, with its runs split so each placeholder is whole runs.

    Run once on the reference's pristine copy, which every output copies: filling then only swaps runs.
    """
    slots = []
    for index, p in enumerate(element.iter(W_P)):
        text = "".join(_run_text(r) for r in p if r.tag == W_R)
        if "{{" not in text:
            continue
        whole = _PLACEHOLDER.fullmatch(text.strip())
        # Last first, as the runs are then replaced: a split never moves an earlier placeholder's offsets.
        matches = [
            (m.group(1), _align_runs(p, m.start(), m.end())) for m in reversed(list(_PLACEHOLDER.finditer(text)))
        ]
        runs = [child for child in p if child.tag == W_R]
        inline = tuple((name, tuple(runs.index(r) for r in covered)) for name, covered in matches)
        slots.append(Slot(index, whole.group(1) if whole else None, inline))
    return tuple(slots)


def fill_headers_footers(
    writer: BodyWriter, document: Document, blocks: Mapping[str, str], fields: Mapping[str, str], source: str
) -> None:
    """Fill every placeholder of the reference's headers and footers (found, and runs split, at load)."""
    for part in header_footer_parts(document):
        slots = writer.ref.placeholders.get(str(part.partname), ())
        if not slots:
            continue
        paragraphs = list(part.element.iter(W_P))
        for slot in slots:
            p = paragraphs[slot.index]
            name = slot.whole
            if name is not None and name in blocks and name not in PAGE_FIELDS:
                _replace_with_block(
                    writer, p, blocks[name], Story(OxmlElement("w:body"), part), Ctx(f"{source} [{name}]")
                )
                continue
            runs = [child for child in p if child.tag == W_R]
            for name, covered in slot.inline:
                if name not in PAGE_FIELDS and name not in fields:
                    where = "footer" if part.partname.startswith("/word/footer") else "header"
                    extra = " (a block placeholder must be alone in its paragraph)" if name in blocks else ""
                    known = sorted(set(fields) | set(blocks) | set(PAGE_FIELDS))
                    raise ReferenceDocumentError(
                        f"reference document {writer.ref.path}: unknown placeholder "
                        f"{{{{ {name} }}}} in the {where} ({part.partname}){extra}",
                        hint=f"known placeholders: {', '.join(known)}",
                    )
                _replace_inline([runs[i] for i in covered], name, fields, source, writer.typeset)


def _replace_with_block(writer: BodyWriter, p: etree._Element, text: str, holder: Story, ctx: Ctx) -> None:
    """Render the Markdown ``text`` into a detached holder, then move its paragraphs/tables in place of ``p``.

    A rendering that is the same in every document (nothing in it refers to the part's relationships or
    to a numbering instance of this document) is kept on the Reference and copied the next time.
    """
    style_id = p.pPr.style if p.pPr is not None else None
    style = writer.ref.style_names.get(style_id, "Normal") if style_id else "Normal"
    key = (text, style, writer.typeset)
    element = writer.ref.rendered_block(key)
    if element is None:
        tree = writer.ref.parse_block(text, source=ctx.source)
        writer.blocks(tree.children, holder, replace(ctx, paragraph_style=style))
        element = holder.element
        if _same_in_every_document(element):
            writer.ref.keep_block(key, element)
    new = list(element)
    for element in new:
        p.addprevious(element)
    parent = p.getparent()
    if new or sum(1 for child in parent if child.tag == W_P) > 1:
        parent.remove(p)
    else:
        for child in list(p):
            if child.tag != W_PPR:
                p.remove(child)
    if len(parent) and parent[-1].tag == W_TBL:
        parent.append(OxmlElement("w:p"))  # a story or cell must end with a paragraph


def _same_in_every_document(holder: etree._Element) -> bool:
    for element in holder.iter(etree.Element):
        if element.tag == _W_NUMPR or any(name.startswith(_R_NS) for name in element.attrib):
            return False  # a link's or picture's r:id, or a list's own numbering instance
    return True


def _replace_inline(
    runs: list[etree._Element], name: str, fields: Mapping[str, str], source: str, typeset: Typeset | None
) -> None:
    first = runs[0]
    rpr = first.find(W_RPR)
    if name in PAGE_FIELDS:
        new = _field_runs(PAGE_FIELDS[name], rpr)
    else:
        try:
            new = [make_run(fields[name], PLAIN, rpr, typeset)]
        except ValueError:
            raise MarkdownError(
                f"{source}: field {name!r} holds a character that cannot be stored in a Word document"
            ) from None
    for run in new:
        first.addprevious(run)
    for run in runs:
        run.getparent().remove(run)


def _child_text(child: etree._Element) -> str:
    if child.tag == W_T:
        return child.text or ""
    if child.tag == W_TAB:
        return "\t"
    if child.tag == W_RPR:
        return ""
    return "\x00"  # breaks, fields, drawings: never part of a placeholder


def _run_text(r: etree._Element) -> str:
    return "".join(_child_text(child) for child in r)


def _align_runs(p: etree._Element, start: int, end: int) -> list[etree._Element]:
    """Split runs so that [start, end) of the paragraph's run text is whole runs; return them."""
    for offset in (start, end):
        pos = 0
        for r in [child for child in p if child.tag == W_R]:
            length = len(_run_text(r))
            if pos < offset < pos + length:
                _split_run(r, offset - pos)
                break
            pos += length
    covered, pos = [], 0
    for r in [child for child in p if child.tag == W_R]:
        length = len(_run_text(r))
        if start <= pos and pos + length <= end and (length or start < pos < end):
            covered.append(r)
        pos += length
    return covered


def _split_run(r: etree._Element, k: int) -> None:
    tail = OxmlElement("w:r")
    rpr = r.find(W_RPR)
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    pos = 0
    for child in [c for c in r if c.tag != W_RPR]:
        length = len(_child_text(child))
        if pos >= k:
            tail.append(child)
        elif pos + length > k:  # split inside this w:t
            text = child.text or ""
            child.text = text[: k - pos]
            rest = OxmlElement("w:t")
            rest.text = text[k - pos :]
            for t in (child, rest):
                t.set(qn("xml:space"), "preserve")
            tail.append(rest)
        pos += length
    r.addnext(tail)


def _field_runs(instruction: str, rpr: etree._Element | None) -> list[etree._Element]:
    def run(*children: etree._Element) -> etree._Element:
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for child in children:
            r.append(child)
        return r

    def fld_char(kind: str) -> etree._Element:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    cached = OxmlElement("w:t")
    cached.text = "1"
    return [run(fld_char("begin")), run(instr), run(fld_char("separate")), run(cached), run(fld_char("end"))]

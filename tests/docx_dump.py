"""Read a .docx back as lines of text, the way a reader sees it.

Numbered paragraphs get their number from Word's numbering definitions (never
from the text), so a test of "1. … 2. …" really tests the numbering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def _numbering(document) -> tuple[dict, dict]:
    """numId -> (abstractNumId, {ilvl: start override}); abstractNumId -> {ilvl: (fmt, start)}."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}, {}
    abstracts = {}
    for abstract in root.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in abstract.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            start = lvl.find(qn("w:start"))
            levels[int(lvl.get(qn("w:ilvl")))] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal",
                int(start.get(qn("w:val"))) if start is not None else 1,
            )
        abstracts[abstract.get(qn("w:abstractNumId"))] = levels
    nums = {}
    for num in root.findall(qn("w:num")):
        overrides = {}
        for override in num.findall(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                overrides[int(override.get(qn("w:ilvl")))] = int(start.get(qn("w:val")))
        nums[num.get(qn("w:numId"))] = (num.find(qn("w:abstractNumId")).get(qn("w:val")), overrides)
    return nums, abstracts


def _num_pr(paragraph: Paragraph, by_style: dict[str | None, tuple[str, int] | None]):
    """(numId, ilvl) from the paragraph or its style chain; ``by_style`` keeps the chain's answer for each
    style id (looking a style up in python-docx searches styles.xml: most of a dump's time otherwise)."""
    ppr: Any = paragraph._p.pPr  # python-docx types its XML children as descriptors
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), ilvl
    style_id = paragraph._p.style  # None: the default paragraph style
    if style_id not in by_style:
        by_style[style_id] = _style_num_pr(paragraph)
    return by_style[style_id]


def _style_num_pr(paragraph: Paragraph):
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None and spr.numPr.numId is not None:
            ilvl = spr.numPr.ilvl.val if spr.numPr.ilvl is not None else 0
            return str(spr.numPr.numId.val), ilvl
        style = style.base_style
    return None


class _Counter:
    def __init__(self, document) -> None:
        self.nums, self.abstracts = _numbering(document)
        self.counts: dict[tuple[str, int], int] = {}
        self.by_style: dict[str | None, tuple[str, int] | None] = {}
        self.style_names: dict[str | None, str] = {}

    def style_name(self, paragraph: Paragraph) -> str:
        style_id = paragraph._p.style
        if style_id not in self.style_names:
            style = paragraph.style
            assert style is not None  # python-docx gives the default style where a paragraph names none
            self.style_names[style_id] = style.name
        return self.style_names[style_id]

    def label(self, paragraph: Paragraph) -> str:
        found = _num_pr(paragraph, self.by_style)
        if not found or found[0] == "0" or found[0] not in self.nums:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        fmt, start = self.abstracts.get(abstract_id, {}).get(ilvl, ("decimal", 1))
        if fmt != "decimal":
            return "• "
        key = (num_id, ilvl)
        self.counts[key] = self.counts.get(key, overrides.get(ilvl, start) - 1) + 1
        return f"{self.counts[key]}. "


def visible(text: str) -> str:
    """Text as a reader sees it: Swedish typography's non-breaking spaces look like spaces
    (its non-breaking hyphens python-docx already reads as '-')."""
    return text.replace("\u00a0", " ")


def _blocks(container, counter: _Counter, styles: bool = False) -> list[str]:
    """One line a paragraph or table row; with ``styles``, each led by its style name in brackets."""
    lines = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            tag = f"[table {block.style.name if block.style is not None else '-'}]" if styles else ""
            for row in block.rows:
                lines.append(_tagged(tag, " | ".join(visible(cell.text) for cell in row.cells)))
        else:
            tag = f"[{counter.style_name(block)}]" if styles else ""
            lines.append(_tagged(tag, counter.label(block) + visible(block.text)))
    return lines


def _tagged(tag: str, text: str) -> str:
    """``[Style] text``; no trailing space on an empty line, so editors keep golden files as written."""
    return f"{tag} {text}".rstrip() if tag and text.strip() else tag or text


PARTS = ("first_header", "header", "body", "first_footer", "footer")


def dump(path: Path, *, styles: bool = False) -> dict[str, list[str]]:
    """{'first_header', 'header', 'body', 'first_footer', 'footer'}: lines of each part."""
    return _parts(docx.Document(str(path)), styles)


def _parts(document: Any, styles: bool) -> dict[str, list[str]]:
    counter = _Counter(document)
    section = document.sections[0]
    containers = {
        "first_header": section.first_page_header,
        "header": section.header,
        "body": document,
        "first_footer": section.first_page_footer,
        "footer": section.footer,
    }
    return {key: _blocks(containers[key], counter, styles) for key in PARTS}


def golden(path: Path) -> str:
    """The whole document as reviewable text: core properties, then each part's lines with style names."""
    document = docx.Document(str(path))
    properties = document.core_properties
    lines = [f"# {path.name}", "## properties"]
    for name in ("title", "subject", "author", "keywords", "category", "created", "modified", "language"):
        lines.append(f"{name}: {getattr(properties, name)}")
    for key, part in _parts(document, styles=True).items():
        lines.append(f"## {key}")
        lines.extend(part)
    return "\n".join(lines) + "\n"


def reading_lines(path: Path) -> list[str]:
    """First-page header, then body, then first-page footer: the first page as read."""
    parts = dump(path)
    return [line for key in ("first_header", "body", "first_footer") for line in parts[key]]

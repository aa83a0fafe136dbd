"""Where the body writer puts things (``Story``) and what it carries down the tree (``Ctx``)."""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.part import Part
from lxml import etree
from markdown_it.tree import SyntaxTreeNode

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
    numbering: tuple[int, int] | None = None  # (ilvl, numId) of a ':::' block in a numbered style
    indent: tuple[int, int] | None = None  # (left, right) twips of the block quote a list is in

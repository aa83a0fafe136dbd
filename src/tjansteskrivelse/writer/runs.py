"""Text runs: the one place a ``w:r`` with text is built (body, cells, headers, footers)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

W_P, W_R, W_T, W_TAB, W_RPR, W_TBL, W_PPR, W_SECTPR = (
    qn(t) for t in ("w:p", "w:r", "w:t", "w:tab", "w:rPr", "w:tbl", "w:pPr", "w:sectPr")
)
W_VAL, W_RSTYLE, W_B, W_I, W_STRIKE = (qn(t) for t in ("w:val", "w:rStyle", "w:b", "w:i", "w:strike"))
W_BR, W_NO_BREAK_HYPHEN = qn("w:br"), qn("w:noBreakHyphen")
_SPECIAL = {"\t": W_TAB, "\n": W_BR, "\r": W_BR}  # as python-docx's run.text writes them
#: ``typography.typeset``'s shape: text -> (text, indices of '-' that must not break).
Typeset = Callable[[str], tuple[str, frozenset[int]]]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_OBJECT = "\ufffc"  # stands for a picture, link or note mark in the text typography sees


@dataclass(frozen=True)
class Fmt:
    """Direct run formatting from inline Markdown."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    style_id: str | None = None


PLAIN = Fmt()


def make_run(
    text: str,
    fmt: Fmt,
    rpr: etree._Element | None = None,
    typeset: Typeset | None = None,
    hyphens: frozenset[int] = frozenset(),
) -> etree._Element:
    """A ``w:r`` holding ``text`` in ``fmt`` (or a copy of ``rpr``, a header run's own format).

    With ``typeset`` (Swedish typography on), the text passes through it first: U+00A0 is
    written as is, and each '-' at a returned index (or at one of ``hyphens``, for text
    already typeset) becomes ``w:noBreakHyphen``.
    """
    if "\r\n" in text:  # CR LF is one line break (Windows), not two; the indices follow the shorter text
        hyphens = frozenset(i - text.count("\r\n", 0, i) for i in hyphens)
        text = text.replace("\r\n", "\n")
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    elif fmt != PLAIN:
        # Built directly in schema order (rStyle, b, i, strike): python-docx's get_or_add_* scan successors.
        props = etree.SubElement(r, W_RPR)
        if fmt.style_id:
            etree.SubElement(props, W_RSTYLE).set(W_VAL, fmt.style_id)
        if fmt.bold:
            etree.SubElement(props, W_B)
        if fmt.italic:
            etree.SubElement(props, W_I)
        if fmt.strike:
            etree.SubElement(props, W_STRIKE)
    if typeset is not None:
        text, hyphens = typeset(text)
    if hyphens:
        append_text(r, text, hyphens)
    elif "\t" in text or "\n" in text or "\r" in text:
        r.text = text  # python-docx turns \t into w:tab and \n into w:br
    else:
        # The common case, built directly: python-docx's r.text appends one character at a time.
        t = etree.SubElement(r, W_T)
        t.text = text
        if text != text.strip():
            t.set(XML_SPACE, "preserve")
    return r


def append_text(r: etree._Element, text: str, hyphens: frozenset[int]) -> None:
    """Append ``text`` to run ``r``: w:t pieces, w:tab, w:br, and w:noBreakHyphen for the '-' at ``hyphens``.

    python-docx (and Word) read a w:noBreakHyphen back as '-': the visible text is unchanged.
    """
    piece: list[str] = []

    def flush() -> None:
        if piece:
            t = etree.SubElement(r, W_T)
            t.text = "".join(piece)
            if t.text != t.text.strip():
                t.set(XML_SPACE, "preserve")
            piece.clear()

    for i, char in enumerate(text):
        special = W_NO_BREAK_HYPHEN if i in hyphens and char == "-" else _SPECIAL.get(char)
        if special is None:
            piece.append(char)
        else:
            flush()
            etree.SubElement(r, special)
    flush()


class RunSink:
    """Collects the runs of a paragraph or hyperlink, merging adjacent text of equal format.

    Nothing is written before ``flush`` (at the end of the paragraph): Swedish typography
    sees the paragraph's whole text, so the space in ``12 **juni**`` (two runs) is kept
    from breaking like the one in ``12 juni``. Each run then gets its own part of the result.
    """

    def __init__(self, target: etree._Element, typeset: Typeset | None = None) -> None:
        self.target = target
        self.typeset = typeset
        self._pending: list[tuple[list[str], Fmt] | etree._Element] = []

    def text(self, text: str, fmt: Fmt) -> None:
        last = self._pending[-1] if self._pending else None
        if isinstance(last, tuple) and last[1] == fmt:
            last[0].append(text)
        else:
            self._pending.append(([text], fmt))

    def element(self, element: etree._Element) -> None:
        self._pending.append(element)

    def flush(self) -> None:
        pieces = ["".join(item[0]) if isinstance(item, tuple) else _OBJECT for item in self._pending]
        whole, hyphens = "".join(pieces), frozenset[int]()
        if self.typeset is not None:
            whole, hyphens = self.typeset(whole)  # never changes the length: each run keeps its slice
        start = 0
        for item, piece in zip(self._pending, pieces, strict=True):
            if isinstance(item, tuple):
                end = start + len(piece)
                own = frozenset(i - start for i in hyphens if start <= i < end)
                self.target.append(make_run(whole[start:end], item[1], hyphens=own))
            else:
                self.target.append(item)
            start += len(piece)
        self._pending.clear()

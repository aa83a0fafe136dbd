"""Layout done by hand, which screen readers can't follow: empty paragraphs as spacing,
list numbers typed as text, tables without a header row or with merged cells.

Each rule returns ``(location, message)`` pairs, as in ``rules``.
"""

from __future__ import annotations

import re

from lxml import etree

from tjansteskrivelse.accessibility.body import (
    BR,
    TBL,
    TR,
    P,
    Para,
    Styles,
    Table,
    blocks,
    children,
    inline,
    numbering_on,
)
from tjansteskrivelse.accessibility.package import NS, VAL, is_on, to_int, val, w

_NOT_EMPTY = {w(n) for n in ("drawing", "pict", "object", "fldSimple", "fldChar", "instrText", "sym")} | {
    w("footnoteReference"),
    w("endnoteReference"),
    f"{{{NS['m']}}}oMath",
    f"{{{NS['m']}}}oMathPara",
}
_TYPED_NUMBER = re.compile(r"^\s*\d+[.)]\s")
_LAYOUT_TABLE = "layouttabell"


def excerpt(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= width else f'"{text[: width - 1]}…"'


def _is_empty(paragraph: etree._Element, text: str) -> bool:
    if text.strip():
        return False
    p_pr = paragraph.find("w:pPr", NS)
    if p_pr is not None and (p_pr.find("w:sectPr", NS) is not None or is_on(p_pr.find("w:pageBreakBefore", NS))):
        return False
    for node in inline(paragraph):
        if node.tag in _NOT_EMPTY:
            return False
        if node.tag == BR and node.get(w("type")) in ("page", "column"):
            return False
    return True


def empty_paragraphs(paragraphs: list[Para], body: etree._Element) -> list[tuple[str, str]]:
    top = list(blocks(body))
    # Word needs a paragraph at the end of the body and between two tables (or they merge).
    needed = {top[-1]} if top else set()
    for before, paragraph, after in zip(top, top[1:], top[2:], strict=False):
        if before.tag == TBL and paragraph.tag == P and after.tag == TBL:
            needed.add(paragraph)
    found = []
    previous_empty = False
    for para in paragraphs:
        if para.in_table or para.element in needed:
            previous_empty = False
            continue
        if _is_empty(para.element, para.text):
            if previous_empty:
                message = "another empty paragraph: delete it"
            else:
                message = (
                    "empty paragraph used as spacing: delete it and use the paragraph's Spacing Before/After instead"
                )
            found.append((para.location, message))
            previous_empty = True
        else:
            previous_empty = False
    return found


def typed_numbers(paragraphs: list[Para], styles: Styles) -> list[tuple[str, str]]:
    found = []
    for para in paragraphs:
        if not _TYPED_NUMBER.match(para.text):
            continue
        p_pr = para.element.find("w:pPr", NS)
        style_id = styles.default_paragraph
        if p_pr is not None:
            direct = numbering_on(p_pr.find("w:numPr", NS))
            if direct is not None:
                if direct:
                    continue
                found.append((para.location, _typed_number_message(para.text)))
                continue
            style = p_pr.find("w:pStyle", NS)
            if style is not None:
                style_id = style.get(VAL)
        if not styles.numbered(style_id):
            found.append((para.location, _typed_number_message(para.text)))
    return found


def _typed_number_message(text: str) -> str:
    return (
        f"number typed as text in {excerpt(text)}: use a numbered list "
        "(Home > Numbering) so screen readers announce it as a list"
    )


def table_structure(tables: list[Table], styles: Styles) -> list[tuple[str, str]]:
    found = []
    for table in tables:
        style = table.element.find("w:tblPr/w:tblStyle", NS)
        style_id = style.get(VAL) if style is not None else styles.default_table
        names = {styles.name(style_id).casefold(), (style_id or "").casefold()}
        if _LAYOUT_TABLE in names:
            continue  # layout tables (e.g. side-by-side signatures) have no header row
        location = f"tabell {table.number}"
        rows = children(table.element, TR)
        header = rows[0].find("w:trPr/w:tblHeader", NS) if rows else None
        if not is_on(header):
            found.append(
                (
                    location,
                    (
                        "the first row is not marked as a header row: select it, "
                        "choose Table Properties > Row > 'Repeat as header row at the top of "
                        "each page' (or use the style Layouttabell if the table is only for "
                        "layout)"
                    ),
                )
            )
        for r, cells in enumerate(table.rows, start=1):
            for c, cell in enumerate(cells, start=1):
                span = to_int(val(cell.find("w:tcPr/w:gridSpan", NS)))
                v_merge = cell.find("w:tcPr/w:vMerge", NS)
                if span is not None and span > 1:
                    kind = f"spans {span} columns"
                elif v_merge is not None and v_merge.get(VAL) == "restart":
                    kind = "is merged with the cells below"
                else:
                    continue
                found.append(
                    (
                        f"{location}, rad {r}, cell {c}",
                        (
                            f"merged cell: it {kind}, which screen readers cannot follow; "
                            "split it (Table Layout > Split Cells) and repeat the text"
                        ),
                    )
                )
    return found

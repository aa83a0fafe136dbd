"""Markdown in a case file, checked when the case is validated: what the writer can place.

Text, lists, tables, links, block quotes, footnotes, ``:::`` blocks naming a
style of the reference document, and headings ``#`` and ``##``. Every problem
is a pydantic error naming its line within the text, which the loader turns
into the case file's own line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class ReferenceStyles:
    """The styles of the reference document a case will be rendered with: name -> ``w:type``."""

    reference: str  # its file name, for messages
    types: Mapping[str, str]


#: Validation context key: the ``ReferenceStyles`` Markdown fields are checked against (see ``markdown_context``).
STYLES = "styles"
_FOOTNOTES = "footnotes"
#: How deep lists may nest in the document (the writer's List Bullet/Number 1-3).
MAX_LIST_DEPTH = 3
_QUOTE, _FOOTNOTE_STYLES = "Quote", (("footnote text", "paragraph"), ("footnote reference", "character"))


def markdown_context(styles: ReferenceStyles | None) -> dict[str, Any]:
    """A fresh pydantic validation context for one case: the reference's styles (``None``: not checked),
    and the footnote labels seen so far (a case's Markdown fields share its documents' footnotes)."""
    return {STYLES: styles, _FOOTNOTES: set()}


def _markdown_error(line: int | None, problem: str) -> PydanticCustomError:
    # 'line' (within the text) lets the loader point at the case file's own line and column.
    return PydanticCustomError("tjs_markdown", "{problem}", {"problem": problem, "line": line or 1})


#: Past these, parsing one text takes markdown-it seconds to minutes and gigabytes (a token for each
#: line and mark); a long memo has a few thousand lines. Refused before parsing (docs/security.md).
MAX_TEXT_LINES = 50_000
MAX_TEXT_MARKS = 100_000
_MARKS = "[*_~`<&"


def _check_size(value: str) -> None:
    breaks = value.count("\n") + value.count("\r") - value.count("\r\n")  # as Markdown counts lines
    lines = breaks + (not value.endswith(("\n", "\r")))
    if lines > MAX_TEXT_LINES:
        raise _markdown_error(
            None,
            f"this text has {lines:,} lines; a text may have {MAX_TEXT_LINES:,} at most: "
            "split it over several sections, or attach it as a file under 'bilagor'",
        )
    marks = sum(value.count(mark) for mark in _MARKS)
    if marks > MAX_TEXT_MARKS:
        raise _markdown_error(
            None,
            f"this text has {marks:,} of the Markdown marks {' '.join(_MARKS)}; a text may have "
            f"{MAX_TEXT_MARKS:,} at most: attach such data as a file under 'bilagor'",
        )


def case_markdown(value: str, info: ValidationInfo) -> str:
    """Markdown in a case, checked for everything the writer needs (see ``_check_case_markdown``)."""
    return _check_case_markdown(value, info, MAX_LIST_DEPTH)


def item_markdown(value: str, info: ValidationInfo) -> str:
    """A list point (``forslag.punkter``, ``beslut.punkter``): it is itself an item of a numbered list."""
    return _check_case_markdown(value, info, MAX_LIST_DEPTH - 1, point=True)


def _check_case_markdown(value: str, info: ValidationInfo, list_depth: int, *, point: bool = False) -> str:
    """Markdown in a case may hold text, lists, tables, links, block quotes, footnotes and ``:::`` blocks
    naming a paragraph or table style of the reference, and ATX headings up to ``##``.

    Images come only from the project (the logo); a heading is placed below the
    section's own heading, so ``#`` and ``##`` are the levels left. Every error
    names the line within the text; anything accepted here, the writer can place.
    """
    from .markdown import CONTAINER, MarkdownLineError, container_style, line_of, parse_visits

    _check_size(value)
    try:
        tree, nodes = parse_visits(value, source="text")
    except MarkdownLineError as error:
        raise _markdown_error(error.line, error.problem) from None
    context = info.context or {}
    styles: ReferenceStyles | None = context.get(STYLES)
    labels: set[str] = context.get(_FOOTNOTES, set())
    if point and tree.children and tree.children[0].type not in ("paragraph", "footnote_block"):
        # The point is itself a numbered item: one starting with '1. ', '- ' or '>' would lose its number.
        raise _markdown_error(
            line_of(tree.children[0]),
            "a point starts with a list, quote, table or ':::' block, not with text, and would lose its number; "
            "start it with text, or write '1\\.' or '\\-' to print the characters",
        )
    seen_heading = False
    for visit in nodes:
        node, node_type, line, above = visit.node, visit.type, visit.line, visit.above
        if node_type == "image":
            raise _markdown_error(
                line, "a picture (![…](…)) can't be placed in case text: list the file under 'bilagor' instead"
            )
        if node_type == "heading" and (node.markup not in ("#", "##")):
            underlined = node.markup in ("=", "-")  # a setext heading: the line under it
            raise _markdown_error(
                line,
                "a heading written with a line of '=' or '-' under it; write it as '# Rubrik' (or '## Underrubrik')"
                if underlined
                else "a heading the document can't hold; write headings in case text as '# Rubrik' or '## Underrubrik'",
            )
        if node_type == "heading" and any(a != CONTAINER for a in above):
            # Only a heading of its own line is placed below its part's heading (templates.below).
            raise _markdown_error(
                line, "a heading inside a quote, list or footnote can't be placed; put it on a line of its own"
            )
        if node_type == "heading" and node.markup == "##" and not seen_heading:
            raise _markdown_error(  # '##' is placed two levels below the part's heading: Word sees a gap
                line,
                "'## Underrubrik' comes before any '# Rubrik' in this text; a heading level would be skipped: "
                "write '#' for the first level",
            )
        seen_heading = seen_heading or node_type == "heading"
        if node_type == "list_item" and not node.children:  # Word would drop it and renumber the rest
            raise _markdown_error(line, "an empty list item; write its text after the number or '-', or remove it")
        if node_type in ("bullet_list", "ordered_list"):
            depth = sum(1 for a in above if a in ("bullet_list", "ordered_list")) + 1
            if depth > list_depth:
                raise _markdown_error(
                    line,
                    f"a list nested {depth} levels deep; the document holds lists {list_depth} levels deep "
                    "at most here: indent the line less",
                )
        if node_type == "blockquote" and above.count("blockquote") >= 5:
            # markdown-it stops nesting at 20 levels and drops the rest: refuse long before that.
            raise _markdown_error(line, "quotes nested more than 5 levels deep; write fewer '>'")
        if node_type == "footnote_ref":
            label = node.meta["label"]
            if label in labels:
                raise _markdown_error(
                    line,
                    f"the footnote [^{label[:40]}] is already used in another text of this case; "
                    "give each footnote of a case its own label, e.g. [^2]",
                )
            labels.add(label)
        if styles is None:
            continue
        wanted: list[tuple[str, str, str]] = []  # (style, type, what needs it)
        if node_type == CONTAINER:
            name = container_style(node)
            kind = styles.types.get(name)
            if kind is None or kind not in ("paragraph", "table"):
                shown = name[:60]
                problem = (
                    f"has no paragraph or table style named {shown!r}"
                    if kind is None
                    else f"has {shown!r} as a {kind} style, not as a paragraph or table style"
                )
                raise _markdown_error(
                    line,
                    f"the reference document {styles.reference} {problem} (from '::: {shown}'); "
                    "add the paragraph style in Word, or use a style it has",
                )
        elif node_type == "blockquote":
            wanted.append((_QUOTE, "paragraph", "block quotes ('> …')"))
        elif node_type == "footnote_ref":
            wanted.extend((name, kind, "footnotes ('[^1]')") for name, kind in _FOOTNOTE_STYLES)
        for name, kind, what in wanted:
            if name not in styles.types:
                raise _markdown_error(
                    line,
                    f"the reference document {styles.reference} has no style for {what}: add a {kind} "
                    f"style named {name!r} in Word (or start from `tjs templates export`), or leave them out",
                )
    return value

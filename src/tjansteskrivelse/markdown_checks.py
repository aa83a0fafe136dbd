"""The checks of a parsed Markdown tree: the one whitelist of node types the writer can place,
and what it can't place although markdown-it parses it (raw HTML, a list item that starts with
a block, a table row longer than its header, a link without text, footnotes referenced twice
or never ...). Each problem is a ``MarkdownLineError`` at the text's own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_block.table import escapedSplit
from markdown_it.tree import SyntaxTreeNode

from .errors import MarkdownError

#: Node type of a ``::: Stilnamn`` block (the plugin names it ``container_<name>``).
CONTAINER = "container_style"

#: Every node type the writer has a handler for; anything else is an error.
SUPPORTED_NODE_TYPES: frozenset[str] = frozenset(
    {
        "root",
        "paragraph",
        "heading",
        "inline",
        "text",
        "softbreak",
        "hardbreak",
        "em",
        "strong",
        "link",
        "image",
        "s",
        "blockquote",
        "footnote_ref",
        "footnote_block",
        "footnote",
        "footnote_anchor",
        "bullet_list",
        "ordered_list",
        "list_item",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        CONTAINER,
    }
)

_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEFINITION = r"^[ \t>]*\[\^{label}\]:"

# Characters XML 1.0 cannot hold (tab, LF and CR are fine). NUL is replaced by
# markdown-it itself, but check it anyway.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BLOCK_NAMES = {
    "bullet_list": "a list",
    "ordered_list": "a list",
    "blockquote": "a quote ('>')",
    "table": "a table",
    CONTAINER: "a ':::' block",
}


class MarkdownLineError(MarkdownError):
    """A problem at ``line`` (1-based, ``None``: the whole text) of one Markdown text.

    The message reads ``source:line: problem``; ``line`` and ``problem`` let the
    loader point at the case file's own line and column instead.
    """

    def __init__(self, source: str, line: int | None, problem: str, hint: str | None = None) -> None:
        super().__init__(f"{source}:{line}: {problem}" if line else f"{source}: {problem}", hint=hint)
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Visit:
    """A node of a parsed text met in a walk: its type, its line (of the node or of its nearest
    block ancestor) and the types of the nodes above it (outermost first, the root left out)."""

    node: SyntaxTreeNode
    type: str
    line: int | None
    above: tuple[str, ...]


def visits(tree: SyntaxTreeNode) -> list[Visit]:
    """Every node below the root, in the order of ``tree.walk()``. Each node's type and line are
    computed once: they are computed properties, and the checks ask for them many times per node
    (a long memo has tens of thousands of nodes)."""
    found: list[Visit] = []
    stack: list[tuple[SyntaxTreeNode, tuple[str, ...], int | None]] = [
        (child, (), None) for child in reversed(tree.children)
    ]
    while stack:
        node, above, parent_line = stack.pop()
        kind, block = node.type, node.map
        line = block[0] + 1 if block is not None else parent_line
        found.append(Visit(node, kind, line, above))
        if node.children:
            inner = (*above, kind)
            stack.extend((child, inner, line) for child in reversed(node.children))
    return found


def line_of(node: SyntaxTreeNode) -> int | None:
    """The 1-based source line of ``node`` (or of its nearest block ancestor)."""
    current: SyntaxTreeNode | None = node
    while current is not None and not current.is_root:
        if current.map is not None:
            return current.map[0] + 1
        current = current.parent
    return None


def container_style(node: SyntaxTreeNode) -> str:
    """The style name written after ``:::`` (surrounding spaces removed)."""
    return node.info.strip()


def source_lines(text: str) -> list[str]:
    """The lines as markdown-it counts them: only CR, LF and CRLF end a line (``str.splitlines``
    also splits at U+0085, U+2028 and others, which are ordinary characters in Markdown)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _block_source(node: SyntaxTreeNode, lines: list[str]) -> str:
    """The source lines of the block ``node`` stands in: a paragraph's text node holds all its lines."""
    block: SyntaxTreeNode | None = node
    while block is not None and block.map is None:
        block = block.parent
    return "\n".join(lines[block.map[0] : block.map[1]]) if block is not None and block.map else "\n".join(lines)


def check_footnotes(nodes: list[Visit], env: dict, source: str, text: str) -> None:
    """A footnote is referenced exactly once: Word ties one mark to one note."""
    used: set[str] = set()
    for visit in nodes:
        if visit.type == "footnote_ref":
            label = visit.node.meta["label"]
            if "footnote" in visit.above:  # Word has no notes within notes
                raise MarkdownLineError(
                    source,
                    visit.line,
                    f"footnote [^{label[:40]}] is referenced inside a footnote; a footnote can't hold another",
                    hint="refer to footnotes from the text only",
                )
            if label in used:
                raise MarkdownLineError(
                    source,
                    visit.line,
                    f"footnote [^{label[:40]}] is referenced more than once",
                    hint="give each reference its own footnote",
                )
            used.add(label)
    lines = source_lines(text)
    for visit in nodes:
        if visit.type != "text" or "[^" not in visit.node.content:
            continue
        for label in _FOOTNOTE_MARK.findall(visit.node.content):
            line = visit.line
            source_line = _block_source(visit.node, lines) if line else text
            # Written unescaped, yet no footnote came of it: it has no definition.
            if re.search(r"(?<!\\)\[\^" + re.escape(label) + r"\]", source_line) and f":{label}" not in env.get(
                "footnotes", {}
            ).get("refs", {}):
                raise MarkdownLineError(
                    source,
                    line,
                    f"footnote [^{label[:40]}] has no definition",
                    hint=f"add a line '[^{label[:40]}]: the note' below the paragraph, or write \\[^{label[:40]}] "
                    "for the text itself",
                )
    for key in env.get("footnotes", {}).get("refs", {}):
        label = key[1:]  # the plugin stores ":label"
        if label not in used:
            match = re.search(_FOOTNOTE_DEFINITION.format(label=re.escape(label)), text, re.MULTILINE)
            line = text.count("\n", 0, match.start()) + 1 if match else None
            raise MarkdownLineError(
                source,
                line,
                f"footnote [^{label[:40]}] is defined but never referenced",
                hint=f"refer to it in the text with [^{label[:40]}], or remove it",
            )


def check_nodes(nodes: list[Visit], source: str, lines: list[str]) -> None:
    for visit in nodes:
        node, kind, line = visit.node, visit.type, visit.line
        if kind in ("html_block", "html_inline"):
            raise MarkdownLineError(
                source,
                line,
                f"raw HTML ({node.content.strip()[:30]!r}) can't be placed in a Word document; write it in "
                "Markdown (**fet**, *kursiv*), or '\\<' to print a '<'",
            )
        if kind not in SUPPORTED_NODE_TYPES:
            raise MarkdownLineError(
                source,
                line,
                f"Markdown construct {kind!r} is not supported",
                hint="use paragraphs, headings, lists, tables, links, images, block quotes, footnotes, "
                "*emphasis*, **bold**, ~~strikethrough~~ and '::: Stilnamn' containers only",
            )
        decoded = node.content if kind == "text" else str(node.attrs.get("title") or "") if kind == "link" else ""
        if (bad := XML_FORBIDDEN.search(decoded)) is not None:  # from a reference such as &#12;
            raise MarkdownLineError(
                source,
                line,
                f"a character reference gives control character U+{ord(bad.group()):04X}, "
                "which a Word document cannot hold",
                hint="remove the reference (&#…;) from the text",
            )
        if kind == "table":
            _check_row_lengths(node, source, lines)
        if kind == "list_item" and node.children and node.children[0].type not in ("paragraph", "heading"):
            # Word numbers a paragraph: an item without a first line of text would lose its number (and
            # shift the later ones), so "2. > x" and "- - x" are refused (a heading has its own message).
            raise MarkdownLineError(
                source,
                line,
                f"a list item starts with {_BLOCK_NAMES.get(node.children[0].type, 'a block')}, not with text; "
                "Word would leave it without its number or bullet",
                hint="write the item's text on its first line; to print a list marker as text, write it as "
                "'1\\.', '\\-' or '\\>'",
            )
        if kind == "link" and not any(n.type == "text" and n.content.strip() for n in node.walk()):
            raise MarkdownLineError(  # Word would show nothing: the address would vanish from the page
                source,
                line,
                f"a link without text ([](…) to {str(node.attrs.get('href', ''))[:40]!r}) would be invisible",
                hint="write the words to click between [ and ], e.g. [Kommunens webbplats](https://…)",
            )
        if kind == CONTAINER:
            if not container_style(node):
                raise MarkdownLineError(source, line, "a ':::' container needs a style name")
            end = node.map[1] if node.map else len(lines)
            if end >= len(lines) or not lines[end].lstrip(" \t>").startswith(":::"):
                raise MarkdownLineError(
                    source,
                    line,
                    f"'::: {container_style(node)[:40]}' is never closed",
                    hint="end the styled text with a line holding only ':::'",
                )


def _check_row_lengths(table: SyntaxTreeNode, source: str, lines: list[str]) -> None:
    """GFM drops the cells of a row beyond the header's count: refuse a row that has them."""
    rows = [tr for section in table.children for tr in section.children]
    columns = len(rows[0].children)
    for tr in rows[1:]:
        if tr.map is None:
            continue
        # The table's own line, without a quote's '>' markers or a list item's indentation.
        cells = escapedSplit(lines[tr.map[0]].lstrip(" \t>").strip(" \t"))
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) > columns:
            raise MarkdownLineError(
                source,
                tr.map[0] + 1,
                f"this table row has {len(cells)} cells but the table has {columns} columns; "
                "the cells after the last column would be lost",
                hint="write '\\|' for a '|' in the text, or add the column to the table's first two lines",
            )

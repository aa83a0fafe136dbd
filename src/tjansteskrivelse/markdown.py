"""Markdown text -> syntax tree, limited to what the writer can place in Word.

One ``MarkdownIt`` instance is built lazily on first use and reused for every
document. It starts from the ``zero`` preset (nothing enabled, raw HTML never
interpreted: ``<b>x</b>`` stays literal text) and enables only the constructs
the writer supports:

* blocks: paragraph, ATX and setext headings, bullet and ordered lists, GFM
  tables, block quotes, footnote definitions (``[^1]: …``, mdit_py_plugins'
  footnote plugin) and generic style containers ``::: Stilnamn`` ... ``:::``
  (the container plugin; the node type is ``container_style`` and
  ``node.info`` holds the style name; an unclosed one is an error);
* inline: emphasis (``*em*``, ``**strong**``), strikethrough (``~~x~~``), hard
  line breaks (two spaces or a backslash at the end of a line), backslash
  escapes, links, autolinks, footnote references, images and HTML entities.

Links: only ``http:``, ``https:`` and ``mailto:`` targets become links; any
other (``ms-msdt:``, ``smb:``, ``file:``, relative paths ...) is not a link,
so ``[text](target)`` stays on the page as the literal text it is.

Everything else (code spans, rules, HTML ...) is simply not recognised and
stays literal text. Should any other node type still appear, ``parse`` raises
``MarkdownError`` naming ``source:line``. This module is the one whitelist:
every node type it lets through, the writer can place.

This is the only module that imports ``markdown_it`` / ``mdit_py_plugins``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import MarkdownError

__all__ = ["CONTAINER", "SUPPORTED_NODE_TYPES", "MarkdownLineError", "container_style", "line_of", "parse"]

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

_RULES = [
    "paragraph",
    "heading",
    "lheading",
    "list",
    "emphasis",
    "newline",
    "escape",
    "link",
    "autolink",
    "image",
    "table",
    "entity",
    "blockquote",
    "strikethrough",
    # Recognised only to be refused (see _check): raw HTML must not print as text or vanish.
    "html_block",
    "html_inline",
]
_LINK_SCHEMES = re.compile(r"^(https?|mailto):", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEFINITION = r"^[ \t>]*\[\^{label}\]:"

# Characters XML 1.0 cannot hold (tab, LF and CR are fine). NUL is replaced by
# markdown-it itself, but check it anyway.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BLOCK_NAMES = {
    "bullet_list": "a list",
    "ordered_list": "a list",
    "blockquote": "a quote ('>')",
    "table": "a table",
    CONTAINER: "a ':::' block",
}

_md: MarkdownIt | None = None


class MarkdownLineError(MarkdownError):
    """A problem at ``line`` (1-based, ``None``: the whole text) of one Markdown text.

    The message reads ``source:line: problem``; ``line`` and ``problem`` let the
    loader point at the case file's own line and column instead.
    """

    def __init__(self, source: str, line: int | None, problem: str, hint: str | None = None) -> None:
        super().__init__(f"{source}:{line}: {problem}" if line else f"{source}: {problem}", hint=hint)
        self.line = line
        self.problem = problem


def _accept_any_name(params: str, *_args: object) -> bool:
    return bool(params.strip())


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        md = MarkdownIt("zero", {"html": True}).enable(_RULES)
        container_plugin(md, "style", validate=_accept_any_name)
        footnote_plugin(md, inline=False)
        md.core.ruler.push("literal_links", _literal_links)
        _md = md
    return _md


def _literal_links(state: StateCore) -> None:
    """Turn links to anything but http/https/mailto back into the text they were written as."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        closing: list[str | None] = []  # per open link: the literal text its link_close becomes
        for token in block.children:
            if token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                if _LINK_SCHEMES.match(href):
                    closing.append(None)
                    children.append(token)
                    continue
                target = state.md.normalizeLinkText(href)
                if token.markup == "autolink":
                    children.append(_text("<", token))
                    closing.append(">")
                else:
                    title = token.attrs.get("title")
                    children.append(_text("[", token))
                    closing.append(f"]({target}" + (f' "{title}"' if title else "") + ")")
            elif token.type == "link_close" and closing:
                literal = closing.pop()
                children.append(token if literal is None else _text(literal, token))
            else:
                children.append(token)
        block.children = children


def _text(content: str, like: Token) -> Token:
    return Token("text", "", 0, content=content, level=like.level)


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


def parse(text: str, *, source: str) -> SyntaxTreeNode:
    """Parse ``text`` and check every node is one the writer supports.

    ``source`` labels the text in error messages, e.g. ``"mall memo.md.j2"``.
    """
    bad = _XML_FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise MarkdownLineError(
            source,
            line,
            f"control character U+{ord(bad.group()):04X} cannot be stored in a Word document",
            hint="remove the character from the text",
        )
    env: dict = {}
    tree = SyntaxTreeNode(_parser().parse(text, env))
    _check(tree, source, source_lines(text))
    _check_footnotes(tree, env, source, text)
    return tree


def source_lines(text: str) -> list[str]:
    """The lines as markdown-it counts them: only CR, LF and CRLF end a line (``str.splitlines``
    also splits at U+0085, U+2028 and others, which are ordinary characters in Markdown)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_footnotes(tree: SyntaxTreeNode, env: dict, source: str, text: str) -> None:
    """A footnote is referenced exactly once: Word ties one mark to one note."""
    used: set[str] = set()
    for node in tree.walk():
        if node.type == "footnote_ref":
            label = node.meta["label"]
            if _inside_footnote(node):  # Word has no notes within notes
                raise MarkdownLineError(
                    source,
                    line_of(node),
                    f"footnote [^{label[:40]}] is referenced inside a footnote; a footnote can't hold another",
                    hint="refer to footnotes from the text only",
                )
            if label in used:
                raise MarkdownLineError(
                    source,
                    line_of(node),
                    f"footnote [^{label[:40]}] is referenced more than once",
                    hint="give each reference its own footnote",
                )
            used.add(label)
    lines = source_lines(text)
    for node in tree.walk():
        if node.type != "text":
            continue
        for label in _FOOTNOTE_MARK.findall(node.content):
            line = line_of(node)
            source_line = lines[line - 1] if line else text
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


def _inside_footnote(node: SyntaxTreeNode) -> bool:
    current = node.parent
    while current is not None:
        if current.type == "footnote":
            return True
        current = current.parent
    return False


def _check(tree: SyntaxTreeNode, source: str, lines: list[str]) -> None:
    for node in tree.walk():
        if node.type in ("html_block", "html_inline"):
            raise MarkdownLineError(
                source,
                line_of(node),
                f"raw HTML ({node.content.strip()[:30]!r}) can't be placed in a Word document; write it in "
                "Markdown (**fet**, *kursiv*), or '\\<' to print a '<'",
            )
        if node.type not in SUPPORTED_NODE_TYPES:
            raise MarkdownLineError(
                source,
                line_of(node),
                f"Markdown construct {node.type!r} is not supported",
                hint="use paragraphs, headings, lists, tables, links, images, block quotes, footnotes, "
                "*emphasis*, **bold**, ~~strikethrough~~ and '::: Stilnamn' containers only",
            )
        decoded = (
            node.content if node.type == "text" else str(node.attrs.get("title") or "") if node.type == "link" else ""
        )
        if (bad := _XML_FORBIDDEN.search(decoded)) is not None:  # from a reference such as &#12;
            raise MarkdownLineError(
                source,
                line_of(node),
                f"a character reference gives control character U+{ord(bad.group()):04X}, "
                "which a Word document cannot hold",
                hint="remove the reference (&#…;) from the text",
            )
        if node.type == "table":
            _check_row_lengths(node, source, lines)
        if node.type == "list_item" and node.children and node.children[0].type not in ("paragraph", "heading"):
            # Word numbers a paragraph: an item without a first line of text would lose its number (and
            # shift the later ones), so "2. > x" and "- - x" are refused (a heading has its own message).
            raise MarkdownLineError(
                source,
                line_of(node),
                f"a list item starts with {_BLOCK_NAMES.get(node.children[0].type, 'a block')}, not with text; "
                "Word would leave it without its number or bullet",
                hint="write the item's text on its first line; to print a list marker as text, write it as "
                "'1\\.', '\\-' or '\\>'",
            )
        if node.type == "link" and not any(n.type == "text" and n.content.strip() for n in node.walk()):
            raise MarkdownLineError(  # Word would show nothing: the address would vanish from the page
                source,
                line_of(node),
                f"a link without text ([](…) to {str(node.attrs.get('href', ''))[:40]!r}) would be invisible",
                hint="write the words to click between [ and ], e.g. [Kommunens webbplats](https://…)",
            )
        if node.type == CONTAINER:
            if not container_style(node):
                raise MarkdownLineError(source, line_of(node), "a ':::' container needs a style name")
            end = node.map[1] if node.map else len(lines)
            if end >= len(lines) or not lines[end].lstrip(" \t>").startswith(":::"):
                raise MarkdownLineError(
                    source,
                    line_of(node),
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

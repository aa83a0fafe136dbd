"""Markdown text -> syntax tree, limited to what the writer can place in Word.

One ``MarkdownIt`` instance is built lazily on first use and reused for every
document. It starts from the ``zero`` preset (nothing enabled, raw HTML never
interpreted: ``<b>x</b>`` stays literal text) and enables only the constructs
the writer supports:

* blocks: paragraph, ATX and setext headings, bullet and ordered lists, GFM
  tables, and generic style containers ``::: Stilnamn`` ... ``:::``
  (mdit_py_plugins' container plugin; the node type is ``container_style``
  and ``node.info`` holds the style name);
* inline: emphasis (``*em*``, ``**strong**``), hard line breaks (two spaces or
  a backslash at the end of a line), backslash escapes, links, autolinks,
  images and HTML entities.

Everything else (code spans, block quotes, rules, HTML ...) is simply not
recognised and stays literal text. Should any other node type still appear,
``parse`` raises ``MarkdownError`` naming ``source:line``.

This is the only module that imports ``markdown_it`` / ``mdit_py_plugins``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from .errors import MarkdownError

__all__ = ["CONTAINER", "SUPPORTED_NODE_TYPES", "container_style", "line_of", "parse"]

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
]

# Characters XML 1.0 cannot hold (tab, LF and CR are fine). NUL is replaced by
# markdown-it itself, but check it anyway.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_md: MarkdownIt | None = None


def _accept_any_name(params: str, *_args: object) -> bool:
    return bool(params.strip())


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        md = MarkdownIt("zero").enable(_RULES)
        container_plugin(md, "style", validate=_accept_any_name)
        _md = md
    return _md


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
        raise MarkdownError(
            f"{source}:{line}: control character U+{ord(bad.group()):04X} cannot be stored in a Word document",
            hint="remove the character from the text",
        )
    tree = SyntaxTreeNode(_parser().parse(text))
    _check(tree, source)
    return tree


def _check(tree: SyntaxTreeNode, source: str) -> None:
    for node in tree.walk():
        if node.type not in SUPPORTED_NODE_TYPES:
            line = line_of(node)
            where = f"{source}:{line}" if line is not None else source
            raise MarkdownError(
                f"{where}: Markdown construct {node.type!r} is not supported",
                hint="use paragraphs, headings, lists, tables, links, images, "
                "*emphasis*, **bold** and '::: Stilnamn' containers only",
            )
        if node.type == CONTAINER and not container_style(node):
            raise MarkdownError(f"{source}:{line_of(node)}: a ':::' container needs a style name")

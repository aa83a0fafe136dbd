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
``MarkdownError`` naming ``source:line``: ``markdown_checks`` holds the one
whitelist (every node type it lets through, the writer can place) and the
checks of a parsed tree.

Only this module builds the parser (the writer reads its trees, ``SyntaxTreeNode``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .markdown_checks import (
    CONTAINER,
    SUPPORTED_NODE_TYPES,
    XML_FORBIDDEN,
    MarkdownLineError,
    Visit,
    check_footnotes,
    check_nodes,
    container_style,
    line_of,
    source_lines,
    visits,
)

__all__ = [
    "CONTAINER",
    "SUPPORTED_NODE_TYPES",
    "MarkdownLineError",
    "Visit",
    "container_style",
    "line_of",
    "parse",
    "parse_visits",
]

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
    # Recognised only to be refused (markdown_checks.check_nodes): raw HTML must not print as text or vanish.
    "html_block",
    "html_inline",
]
_LINK_SCHEMES = re.compile(r"^(https?|mailto):", re.IGNORECASE)

_md: MarkdownIt | None = None


def _accept_any_name(params: str, *_args: object) -> bool:
    return bool(params.strip())


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        md = MarkdownIt("zero", {"html": True}).enable(_RULES)
        container_plugin(md, "style", validate=_accept_any_name)
        footnote_plugin(md, inline=False)
        md.core.ruler.before("footnote_tail", "nested_footnotes", _nested_footnotes)
        md.core.ruler.push("literal_links", _literal_links)
        _md = md
    return _md


def _nested_footnotes(state: StateCore) -> None:
    """Note the line of a footnote defined inside another one's text (``[^1]: > [^2]: x``): the
    footnote plugin's tail would leave a broken token stream (ValueError: Invalid token nesting)."""
    depth = 0
    for index, token in enumerate(state.tokens):
        if token.type == "footnote_reference_open":
            if depth and "nested_footnote" not in state.env:
                line = next((t.map[0] + 1 for t in state.tokens[index:] if t.map), None)
                state.env["nested_footnote"] = line
            depth += 1
        elif token.type == "footnote_reference_close":
            depth -= 1


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


def parse(text: str, *, source: str) -> SyntaxTreeNode:
    """Parse ``text`` and check every node is one the writer supports.

    ``source`` labels the text in error messages, e.g. ``"mall memo.md.j2"``.
    """
    return parse_visits(text, source=source)[0]


def parse_visits(text: str, *, source: str) -> tuple[SyntaxTreeNode, list[Visit]]:
    """``parse``, with the walk of the tree its checks made (for further checks, see case_markdown)."""
    bad = XML_FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise MarkdownLineError(
            source,
            line,
            f"control character U+{ord(bad.group()):04X} cannot be stored in a Word document",
            hint="remove the character from the text",
        )
    env: dict = {}
    # A final line break changes nothing in Markdown, and mdit-py-plugins' container rule (0.7) reads
    # past the end of a text whose last line is an empty quote line ('>::: Stil' then '>'): IndexError.
    ended = text if text.endswith(("\n", "\r")) else text + "\n"
    tokens = _parser().parse(ended, env)
    if "nested_footnote" in env:
        raise MarkdownLineError(
            source,
            env["nested_footnote"],
            "a footnote is defined inside another footnote's text",
            hint="define each footnote ('[^1]: text') on a line of its own, not inside another footnote",
        )
    # markdown-it drops, without a word, whatever stands inside blocks nested maxNesting (20) deep.
    deepest = _parser().options.maxNesting - 1
    if deep := next((t for t in tokens if t.nesting == 1 and t.level >= deepest), None):
        raise MarkdownLineError(
            source,
            deep.map[0] + 1 if deep.map else None,
            f"quotes, lists and '::: ' style blocks nested more than {deepest - 1} levels deep",
            hint="nest them less deeply",
        )
    tree = SyntaxTreeNode(tokens)
    nodes = visits(tree)
    check_nodes(nodes, source, source_lines(text))
    check_footnotes(nodes, env, source, text)
    return tree, nodes

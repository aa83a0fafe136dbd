"""Markdown problems in a case -> ``Issue``s at the case file's own line and column.

A Markdown field's validator (fields.py) names the line *within the text*
(``tjs_markdown`` errors carry ``line``); the position tree knows where the
value starts. Together with the file's text they give the line and column of
that Markdown line in the case file: a ``|``/``>`` block starts on the line
after its indicator, a quoted or plain value where it stands, and each
Markdown line is found, in order, at the start of a source line (or after a
``\\n`` escape in a double-quoted value). Where the text cannot be followed
(escapes inside the words), the value's own position is given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from pydantic import ValidationError

from .diagnostics import show_path
from .errors import Issue
from .markdown import source_lines
from .model import MAPPING_TAG, TEXT_TAG
from .yaml_source import Document, Path_, Position

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's line breaks, as yaml_source counts lines


def markdown_issues(
    error: ValidationError,
    document: Document,
    file: str,
    text: str | None,
    data: bool = False,
    reported: frozenset[Path_] = frozenset(),
) -> Iterator[Issue]:
    """One ``Issue`` per Markdown problem, at the case file's line and column of the Markdown line."""
    for item in error.errors(include_url=False):
        if item["type"] != "tjs_markdown":
            continue
        path = tuple(part for part in item["loc"] if part not in (TEXT_TAG, MAPPING_TAG))
        if any(path[: len(done)] == done for done in reported):
            continue
        context = item.get("ctx") or {}
        line, problem = int(context.get("line", 1)), str(context.get("problem", item["msg"]))
        start = document.values.get(path)
        name = show_path(path, data)
        if start is None:  # a script's data: located by path and line
            yield Issue(file, None, None, f"'{name}', line {line} of the text: {problem}")
            continue
        value = item.get("input")
        where = position_in_value(text, start, value, line) if text and isinstance(value, str) else start
        yield Issue(file, *where, f"'{name}': {problem}")


def position_in_value(text: str, start: Position, value: str, line: int) -> Position:
    """Where line ``line`` (1-based, counted as Markdown counts) of the scalar ``value`` starting at
    ``start`` stands in ``text``; ``start`` itself when it cannot be followed."""
    starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    index = starts[start[0] - 1] + start[1] - 1
    head = text[index : index + 1]
    if head in ("|", ">"):  # a block scalar: its text begins on the next line
        after = _LINE_BREAK.search(text, index)
        if after is None:
            return start
        index = after.end()
    elif head in ('"', "'"):
        index += 1
    cursor, found = index, None
    for content in source_lines(value)[:line]:
        words = content.split()
        if not words:
            continue
        found = _line_start(text, words[0], cursor, index)
        if found is None:
            return start
        # A line of the value never takes fewer characters in the file than in the value.
        cursor = found + len(content) - (len(content) - len(content.lstrip()))
    if found is None:
        return start
    row = bisect_right(starts, found) - 1
    return row + 1, found - starts[row] + 1


def _line_start(text: str, word: str, cursor: int, begin: int) -> int | None:
    """The first ``word`` at or after ``cursor`` that starts a line of the value."""
    at = text.find(word, cursor)
    while at >= 0:
        gap = at
        while gap > begin and text[gap - 1] in " \t":
            gap -= 1
        if gap == begin or text[gap - 1] in "\n\r\x85\u2028\u2029" or text[gap - 2 : gap] == "\\n":
            return at
        at = text.find(word, at + 1)
    return None

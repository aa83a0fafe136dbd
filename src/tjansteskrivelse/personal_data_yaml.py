"""Personal data in a case file, at its line and column: ``tjs validate``'s warnings.

``scan_case_text`` walks the YAML node tree (``yaml.compose``) and names the
line and column of each finding in the source. A value written contiguously
is located wherever it stands (plain, quoted, literal ``|`` or folded ``>``
scalars). A number that the source breaks over two lines (a folded line) or
writes with escapes (``"\\x31..."``) is still found in the value, and is then
reported at the start of the scalar that holds it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

import yaml

from .personal_data import ADVICE, DESCRIPTIONS, PERSONNUMMER, DataWarning, KeyPath, find

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def position(source_text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``source_text[index]``, counted as PyYAML counts them."""
    breaks = list(_LINE_BREAK.finditer(source_text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    column = index - line_start + 1
    if not breaks and source_text.startswith("\ufeff") and index > 0:
        column -= 1  # PyYAML (and every editor) does not count a byte-order mark
    return len(breaks) + 1, column


def locate(
    source_text: str, value_start_index: int, value_end_index: int, needle: str, *, boundary: str = r"\w"
) -> list[tuple[int, int]]:
    """The 1-based (line, column) of each whole-word occurrence of ``needle`` in one span of the source.

    The span is a scalar's ``start_mark.index`` .. ``end_mark.index``. Whole word:
    an occurrence next to a letter, digit or ``_`` is skipped when the needle's
    own end there is one too, so ``121212-1212`` is not located inside
    ``19121212-1212``. A needle broken over lines in the source is not located. ``boundary``: the
    characters that make a word (``\\d`` for a personnummer, which a letter may touch).
    """
    if not needle:
        return []
    before = rf"(?<!{boundary})" if re.match(boundary, needle) else ""
    after = rf"(?!{boundary})" if re.search(boundary + "$", needle) else ""
    pattern = re.compile(before + re.escape(needle) + after)
    return [position(source_text, m.start()) for m in pattern.finditer(source_text, value_start_index, value_end_index)]


def _scalars(root: yaml.Node | None) -> Iterator[tuple[KeyPath, yaml.ScalarNode]]:
    """Every scalar under ``root`` with its key path, keys too (under their own key), each once even when aliased."""
    seen: set[int] = set()
    stack: list[tuple[KeyPath, yaml.Node]] = [((), root)] if root is not None else []
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield path, node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((path + (index,), item) for index, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                inner = path + (key.value if isinstance(key, yaml.ScalarNode) else "?",)
                stack += [(inner, value), (inner, key)]


def scan_case_text(
    source_text: str, composed_yaml_root_node: yaml.Node | None, kinds: Iterable[str] = (PERSONNUMMER,)
) -> list[DataWarning]:
    """A warning for each finding of the given kinds in any scalar of the case file, in file order.

    ``composed_yaml_root_node`` is ``yaml.compose(source_text, Loader=yaml.SafeLoader)``.
    """
    kinds = tuple(kinds)
    warnings = []
    for path, node in _scalars(composed_yaml_root_node):
        start, end = node.start_mark.index, node.end_mark.index
        own = (node.start_mark.line + 1, node.start_mark.column + 1)
        seen: Counter[str] = Counter()
        for match in find(node.value, kinds):
            found = node.value[match.start : match.end]
            located = locate(source_text, start, end, found, boundary=r"\d" if match.kind == PERSONNUMMER else r"\w")
            line, column = located[seen[found]] if seen[found] < len(located) else own
            seen[found] += 1
            message = f"looks like {DESCRIPTIONS[match.kind]} ({match.masked}); {ADVICE[match.kind]}"
            warnings.append(DataWarning(line, column, match.kind, message, path))
    return sorted(warnings, key=lambda warning: (warning.line, warning.column, warning.kind))

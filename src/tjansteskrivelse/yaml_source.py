"""YAML text -> a position tree of exact strings.

The file is only *parsed* into events; no node is constructed, so YAML 1.1's
implicit typing (octal ``0701234567``, base-60 ``12:30``, ``NO`` as false,
timestamps) never applies: every scalar is the text the user wrote, and the
schema alone decides its type. Keys are folded (``förslag`` -> ``forslag``) and
the position of every key and value is kept, so each later error can name
``file:line:column``.

Anchors and aliases are refused where they stand: a case file never needs
them, and an alias is never expanded, so a file of nested aliases (an "alias
bomb") costs no more than its own size.

libyaml's C parser is used when PyYAML has it (several times faster); its
marks give the same line and column. On any syntax error the file is parsed
again by the pure-Python parser, so every message is the same either way.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from .diagnostics import quote
from .errors import Issue
from .fields import fold_key_at

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

# Nesting deeper than this is a mistake in a case file (or an attack), never a memo.
MAX_DEPTH = 64
TOO_DEEP = "lists or mappings are nested far too deeply for a case file; check the brackets and indentation"
ANCHORS = (
    "anchors and aliases (&name, *name) are not supported in case files; write the value out "
    "(a text that starts with '&' or '*' goes in quotes)"
)
QUOTE_IT = "put the whole text in quotes (or write it as a '|' block)"
COMMENT = (
    "' #' starts a comment in YAML, so the words after it would be left out; "
    f"if they are part of the text, {QUOTE_IT}; a comment needs two spaces before the '#'"
)
# What YAML's resolver would read as null; only these, unquoted and untagged, mean "nothing".
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's line breaks, as both parsers count lines


@dataclass
class Document:
    """A composed YAML document: plain data plus where each piece stands."""

    data: Any = None
    values: dict[Path_, Position] = field(default_factory=dict)  # where each value starts
    keys: dict[Path_, Position] = field(default_factory=dict)  # where each mapping key stands
    spellings: dict[Path_, str] = field(default_factory=dict)  # keys as written, where folding changed them


def default_loader() -> type:
    return yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def compose(text: str, file: str, issues: list[Issue], loader: type | None = None) -> Document | None:
    """The position tree of ``text``, or ``None`` (with ``issues``) when it is not YAML a case can be."""
    loader = loader or default_loader()
    if (index := text.find("\ufeff")) >= 0:
        # An invisible byte-order mark inside the text (two files pasted together): libyaml skips it at
        # the start of a line, the pure-Python parser keeps it; either way it is nothing a memo should hold.
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        issues.append(
            Issue(
                file,
                line,
                column,
                "the file contains the invisible character U+FEFF (a byte-order "
                "mark) inside the text, which is not allowed; remove it",
            )
        )
        return None
    found: list[Issue] = []
    try:
        document = _Composer(_events(text, loader), text, file, found).document()
    except yaml.YAMLError as error:
        if loader is not yaml.SafeLoader:  # the pure-Python parser words every error the same way
            return compose(text, file, issues, yaml.SafeLoader)
        issues.append(_syntax_issue(error, text, file))
        return None
    issues.extend(found)
    return document


def _events(text: str, loader: type) -> Iterator[Event]:
    parser = loader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


class _Stop(Exception):
    """Composing cannot go on (an alias or far too deep nesting); the issue says why."""


class _Composer:
    def __init__(self, events: Iterator[Event], text: str, file: str, issues: list[Issue]) -> None:
        self.events, self.text, self.file, self.issues = events, text, file, issues
        self.result = Document()
        self.line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, event: Event) -> Position:
        """Line and column of an event, from its character index: the pure-Python reader skips U+FEFF
        when it counts columns and libyaml does not, but both count the same characters."""
        mark = event.start_mark
        assert mark is not None  # both parsers mark every event
        return self.position_at(mark.index)

    def position_at(self, index: int) -> Position:
        line = bisect_right(self.line_starts, index) - 1
        return line + 1, index - self.line_starts[line] + 1

    def document(self) -> Document | None:
        events = self.events
        assert isinstance(next(events), StreamStartEvent)
        start = next(events)
        if isinstance(start, StreamEndEvent):
            return self.result
        assert isinstance(start, DocumentStartEvent)
        try:
            self.result.data = self.node(next(events), (), 0)
        except _Stop:
            return None
        assert isinstance(next(events), DocumentEndEvent)
        after = next(events)
        if isinstance(after, DocumentStartEvent):  # checked before the second document is parsed at all
            self.issue(after, "YAML syntax: the file holds more than one YAML document ('---'); keep one case per file")
            return None
        return self.result

    def issue(self, event: Event, message: str) -> None:
        self.issues.append(Issue(self.file, *self.position(event), message))

    def node(self, event: Event, path: Path_ | None, depth: int) -> Any:
        """The plain value of the node that ``event`` starts; ``path`` None: read past it, record nothing."""
        if isinstance(event, AliasEvent):
            self.issue(event, ANCHORS)
            raise _Stop
        assert isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent)  # every other node event
        if event.anchor is not None:
            self.issue(event, ANCHORS)
            raise _Stop
        if depth > MAX_DEPTH:
            self.issue(event, TOO_DEEP)
            raise _Stop
        if path is not None:
            self.result.values[path] = self.position(event)
            if event.tag is not None:  # a YAML tag (!x) would silently drop those words from the text
                self.issue(event, f"a text cannot start with '!'; {QUOTE_IT}")
        if isinstance(event, ScalarEvent):
            # Only an empty value (or ~ / null) means "nothing"; everything else is the exact text.
            if event.tag is None and event.style in (None, "") and event.value in _NULLS:
                return None
            if path is not None and event.style in (None, "") and self.text.startswith((" #", "\t#"), _end(event)):
                # 'Ärende #3' is 'Ärende' and a comment to YAML: the words after '#' would be lost unseen.
                self.issues.append(Issue(self.file, *self.position_at(_end(event) + 1), COMMENT))
            return event.value
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(item := next(self.events), SequenceEndEvent):
                items.append(self.node(item, None if path is None else (*path, len(items)), depth + 1))
            return items
        assert isinstance(event, MappingStartEvent)
        return self.mapping(path, depth)

    def mapping(self, path: Path_ | None, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        firsts: dict[str, str] = {}  # NFC -> the key as first written: a label 'Fält' and 'Fa\u0308lt' look the same
        while not isinstance(key_event := next(self.events), MappingEndEvent):
            if not isinstance(key_event, ScalarEvent) or path is None:
                if path is not None:
                    self.issue(key_event, "a key must be a plain word, like 'rubrik'")
                self.node(key_event, None, depth + 1)
                self.node(next(self.events), None, depth + 1)
                continue
            if key_event.anchor is not None:
                self.issue(key_event, ANCHORS)
                raise _Stop
            key = fold_key_at(path, key_event.value)
            value_event = next(self.events)
            # A key left out (``? : x``, ``{?\n}``) has no text to point at, and the two parsers place it
            # differently; its value's place is the same in both and on the same line.
            at = key_event if _has_text(key_event) else value_event
            if (*path, first := firsts.setdefault(unicodedata.normalize("NFC", key), key)) in self.result.keys:
                first_line = self.result.keys[(*path, first)][0]
                spelled = "" if key == key_event.value else f" (written {quote(key_event.value)})"
                self.issue(
                    at,
                    f"duplicate key {quote(key)}{spelled}; it is already given on line {first_line}. Keep one of them",
                )
                self.node(value_event, None, depth + 1)
                continue
            self.result.keys[(*path, key)] = self.position(at)
            if key != key_event.value:
                self.result.spellings[(*path, key)] = key_event.value
            mapping[key] = self.node(value_event, (*path, key), depth + 1)
        return mapping


def _end(event: Event) -> int:
    assert event.end_mark is not None  # both parsers mark every event
    return int(event.end_mark.index)


def _has_text(event: Event) -> bool:
    assert event.start_mark is not None and event.end_mark is not None  # both parsers mark every event
    return event.start_mark.index != event.end_mark.index


def _syntax_issue(error: yaml.YAMLError, text: str, file: str) -> Issue:
    if isinstance(error, yaml.reader.ReaderError):  # a control character written as is
        position = error.position
        return Issue(
            file,
            text.count("\n", 0, position) + 1,
            position - (text.rfind("\n", 0, position) + 1) + 1,
            f"the file contains the invisible character U+{error.character:04X}, which is not allowed; remove it",
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Issue(file, None, None, f"YAML syntax: {quote(error)[1:-1]}")
    mark, problem = _syntax_problem(error)
    return Issue(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None, f"YAML syntax: {problem}")


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[Any, str]:
    """Where a YAML syntax error stands, and what it means in words a case officer can act on."""
    mark = error.problem_mark or error.context_mark
    problem, context = error.problem or "", error.context or ""
    if "'\\t'" in problem:
        return mark, "a tab character here; use spaces instead of tabs"
    if "end of stream" in problem and "quoted scalar" in context:
        return error.context_mark, "this quote is never closed; add the closing quote"
    if "alias" in context or "alias" in problem or "anchor" in context:
        # '*kursiv*' or '**fet**' at the start of a value: YAML reads '*' as a reference.
        return error.context_mark or mark, f"a text cannot start with '*' or '&' here; {QUOTE_IT}"
    if found := re.match(r"found character '(.)' that cannot start any token", problem):
        return mark, f"a text cannot start with '{found.group(1)}'; {QUOTE_IT}"
    if problem.startswith("mapping values are not allowed"):
        return mark, "unexpected ': ' here; put a text holding ': ' in quotes, or check the indentation"
    if problem == "expected <block end>, but found '<scalar>'":
        return mark, f"text after a closing quote or bracket; if they are part of the text, {QUOTE_IT}"
    if problem.startswith("expected <block end>"):
        return mark, "this line does not line up with the lines above; indent keys of one level equally"
    problem = quote(problem or context or "invalid YAML")[1:-1]
    return mark, f"{problem} (check indentation — spaces, not tabs — and closing quotes)"

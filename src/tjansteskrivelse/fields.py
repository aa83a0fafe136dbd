"""Field types shared by the case and config schemas.

The loader hands every scalar over as the exact text the user wrote; these
types alone decide what it becomes. ``Markdown`` marks CommonMark fields;
every other text field is printed literally.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, ValidationInfo
from pydantic_core import PydanticCustomError

# Characters that XML 1.0 (and so Word) cannot hold; YAML's double-quoted
# escapes can produce them, and they would corrupt the .docx.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only: "\\d" also matches "２０２１"
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O", "É": "E"})


def fold_key(key: str) -> str:
    """The canonical spelling of a key: ``förslag`` -> ``forslag`` (also when the editor wrote
    ``ö`` as ``o`` + a combining diaeresis, as macOS may: NFC first)."""
    return unicodedata.normalize("NFC", key).translate(_FOLD)


# Mappings whose keys are the user's own labels (printed as written), not words of the vocabulary.
LABEL_MAPPINGS: frozenset[tuple[str | int, ...]] = frozenset({("falt",)})


def fold_key_at(path: tuple[str | int, ...], key: str) -> str:
    """``fold_key`` for a key at ``path`` (the folded keys above it); labels stay as written."""
    return key if path in LABEL_MAPPINGS else fold_key(key)


def _fold_word(value: Any) -> Any:
    return fold_key(value) if isinstance(value, str) else value


W = TypeVar("W")
Word = Annotated[W, BeforeValidator(_fold_word)]
"""One of a fixed set of words (a ``Literal``), accepted in either spelling: ``dölj`` is ``dolj``."""


def _text(value: Any) -> Any:
    if isinstance(value, str) and (bad := _FORBIDDEN_CHARACTERS.search(value)):
        raise PydanticCustomError(
            "tjs_character",
            "the text contains the control character U+{code}, which a Word document cannot hold; remove it",
            {"code": f"{ord(bad.group()):04X}"},
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("tjs_blank", "the text is empty; write it after the colon")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _not_text("a date (YYYY-MM-DD, e.g. 2020-11-20)", value)
    if not _ISO_DATE.fullmatch(value.strip()):
        raise PydanticCustomError(
            "tjs_date", "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20", {"value": _shown(value)}
        )
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "tjs_date",
            "'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
            {"value": _shown(value)},
        ) from None


def is_date(value: Any) -> bool:
    """Whether ``value`` is a date as a Date field would accept it."""
    try:
        _iso_date(value)
    except PydanticCustomError:
        return False
    return True


_TRUE = {"true", "ja"}
_FALSE = {"false", "nej"}


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if not isinstance(value, str):
        raise _not_text("true or false", value)
    raise PydanticCustomError(
        "tjs_bool", "'{value}' is not a yes/no value; write true or false", {"value": _shown(value)}
    )


def _shown(value: str) -> str:
    # A lone surrogate ("\\ud800" in YAML, reported by the loader) would crash pydantic's error list.
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _not_text(wanted: str, value: Any) -> PydanticCustomError:
    # Words, not Python's: "empty", not 'NoneType'; "a list", not "['x']".
    kind = "empty" if value is None else "a list" if isinstance(value, list) else "a mapping (keys with values)"
    return PydanticCustomError("tjs_value", "must be {wanted}, not {kind}", {"wanted": wanted, "kind": kind})


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


def _case_markdown(value: str, info: ValidationInfo) -> str:
    """Markdown in a case, checked for everything the writer needs (see ``_check_case_markdown``)."""
    return _check_case_markdown(value, info, MAX_LIST_DEPTH)


def _item_markdown(value: str, info: ValidationInfo) -> str:
    """A list point (``forslag.punkter``, ``beslut.punkter``): it is itself an item of a numbered list."""
    return _check_case_markdown(value, info, MAX_LIST_DEPTH - 1, point=True)


def _check_case_markdown(value: str, info: ValidationInfo, list_depth: int, *, point: bool = False) -> str:
    """Markdown in a case may hold text, lists, tables, links, block quotes, footnotes and ``:::`` blocks
    naming a paragraph or table style of the reference, and ATX headings up to ``##``.

    Images come only from the project (the logo); a heading is placed below the
    section's own heading, so ``#`` and ``##`` are the levels left. Every error
    names the line within the text; anything accepted here, the writer can place.
    """
    from .markdown import CONTAINER, MarkdownLineError, container_style, line_of, parse

    try:
        tree = parse(value, source="text")
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
    for node in tree.walk(include_self=False):
        line = line_of(node)
        if node.type == "image":
            raise _markdown_error(
                line, "a picture (![…](…)) can't be placed in case text: list the file under 'bilagor' instead"
            )
        if node.type == "heading" and (node.markup not in ("#", "##")):
            underlined = node.markup in ("=", "-")  # a setext heading: the line under it
            raise _markdown_error(
                line,
                "a heading written with a line of '=' or '-' under it; write it as '# Rubrik' (or '## Underrubrik')"
                if underlined
                else "a heading the document can't hold; write headings in case text as '# Rubrik' or '## Underrubrik'",
            )
        if node.type == "heading" and any(a.type not in ("root", CONTAINER) for a in _ancestors(node)):
            # Only a heading of its own line is placed below its part's heading (templates.below).
            raise _markdown_error(
                line, "a heading inside a quote, list or footnote can't be placed; put it on a line of its own"
            )
        if node.type == "heading" and node.markup == "##" and not seen_heading:
            raise _markdown_error(  # '##' is placed two levels below the part's heading: Word sees a gap
                line,
                "'## Underrubrik' comes before any '# Rubrik' in this text; a heading level would be skipped: "
                "write '#' for the first level",
            )
        seen_heading = seen_heading or node.type == "heading"
        if node.type == "list_item" and not node.children:  # Word would drop it and renumber the rest
            raise _markdown_error(line, "an empty list item; write its text after the number or '-', or remove it")
        if node.type in ("bullet_list", "ordered_list"):
            depth = sum(1 for above in _ancestors(node) if above.type in ("bullet_list", "ordered_list")) + 1
            if depth > list_depth:
                raise _markdown_error(
                    line,
                    f"a list nested {depth} levels deep; the document holds lists {list_depth} levels deep "
                    "at most here: indent the line less",
                )
        if node.type == "blockquote" and sum(1 for above in _ancestors(node) if above.type == "blockquote") >= 5:
            # markdown-it stops nesting at 20 levels and drops the rest: refuse long before that.
            raise _markdown_error(line, "quotes nested more than 5 levels deep; write fewer '>'")
        if node.type == "footnote_ref":
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
        if node.type == CONTAINER:
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
        elif node.type == "blockquote":
            wanted.append((_QUOTE, "paragraph", "block quotes ('> …')"))
        elif node.type == "footnote_ref":
            wanted.extend((name, kind, "footnotes ('[^1]')") for name, kind in _FOOTNOTE_STYLES)
        for name, kind, what in wanted:
            if name not in styles.types:
                raise _markdown_error(
                    line,
                    f"the reference document {styles.reference} has no style for {what}: add a {kind} "
                    f"style named {name!r} in Word (or start from `tjs templates export`), or leave them out",
                )
    return value


def _ancestors(node: Any) -> Any:
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


Text = Annotated[str, AfterValidator(_text)]
"""Plain text: printed exactly as written, never interpreted."""
RequiredText = Annotated[str, AfterValidator(_text), AfterValidator(_not_blank)]
Markdown = Annotated[
    str,
    AfterValidator(_text),
    AfterValidator(_case_markdown),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""CommonMark text: paragraphs, lists, **bold**, *italic*, links, tables."""
RequiredMarkdown = Annotated[Markdown, AfterValidator(_not_blank)]
ItemMarkdown = Annotated[
    str,
    AfterValidator(_text),
    AfterValidator(_item_markdown),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""A list point in Markdown: placed as an item of a numbered list, so its own lists nest one level less."""
Date = Annotated[dt.date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


T = TypeVar("T")
Items = Annotated[list[T], BeforeValidator(_none_as_empty)]
"""An optional list; left empty (``parter:`` or ``parter: ~``) it means no items."""


# Union branch names; they show up in error locations, and the loader drops them.
TEXT_TAG, MAPPING_TAG = "(text)", "(mapping)"


def _text_or_mapping(value: Any) -> str | None:
    if isinstance(value, str):
        return TEXT_TAG
    if isinstance(value, dict):
        return MAPPING_TAG
    return None


def text_or(model: type[BaseModel], description: str) -> Any:
    """A list item given either as one line of text or as a mapping of keys."""
    return Annotated[
        Annotated[RequiredText, Tag(TEXT_TAG)] | Annotated[model, Tag(MAPPING_TAG)],
        Discriminator(
            _text_or_mapping,
            custom_error_type="tjs_text_or_mapping",
            custom_error_message=f"must be text or a mapping ({description})",
        ),
    ]


def _none_as_no_labels(value: Any) -> Any:
    return {} if value is None else value


Labelled = Annotated[
    dict[RequiredText, Text],
    BeforeValidator(_none_as_no_labels),
    Field(description="label -> text, printed as written and in the order written"),
]
"""Fields the user names: labels are printed as written (never folded), in the order written."""


# Frozen, and every key must be known: a misspelt key is an error, never ignored.
STRICT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

"""Field types shared by the case and config schemas.

The loader hands every scalar over as the exact text the user wrote; these
types alone decide what it becomes. ``Markdown`` marks CommonMark fields;
every other text field is printed literally.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

# Characters that XML 1.0 (and so Word) cannot hold; YAML's double-quoted
# escapes can produce them, and they would corrupt the .docx.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O", "É": "E"})


def fold_key(key: str) -> str:
    """The canonical spelling of a key: ``förslag`` -> ``forslag``."""
    return key.translate(_FOLD)


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
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise PydanticCustomError(
            "tjs_date",
            "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
            {"value": value if isinstance(value, str) else type(value).__name__},
        )
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "tjs_date",
            "'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
            {"value": value},
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
    raise PydanticCustomError("tjs_bool", "'{value}' is not a yes/no value; write true or false", {"value": str(value)})


def _case_markdown(value: str) -> str:
    """Markdown in a case may hold text, lists, tables and links, and ATX headings up to ``##``.

    Images come only from the project (the logo); a heading is placed below the
    section's own heading, so ``#`` and ``##`` are the levels left.
    """
    from .errors import MarkdownError
    from .markdown import line_of, parse

    try:
        tree = parse(value, source="text")
    except MarkdownError as error:
        raise PydanticCustomError("tjs_markdown", "{problem}", {"problem": error.message}) from None
    for node in tree.walk(include_self=False):
        line = line_of(node) or 1
        if node.type == "image":
            raise PydanticCustomError(
                "tjs_markdown",
                "line {line} of the text has a picture (![…](…)); pictures can't be placed in case "
                "text: list the file under 'bilagor' instead",
                {"line": line},
            )
        if node.type == "heading" and (node.markup not in ("#", "##")):
            raise PydanticCustomError(
                "tjs_markdown",
                "line {line} of the text has a heading the document can't hold; "
                "write headings in case text as '# Rubrik' or '## Underrubrik'",
                {"line": line},
            )
    return value


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

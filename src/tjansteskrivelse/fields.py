"""Field types shared by the case and config schemas.

The loader hands every scalar over as the exact text the user wrote; these
types alone decide what it becomes. ``Markdown`` marks CommonMark fields;
every other text field is printed literally.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, ValidationInfo
from pydantic_core import PydanticCustomError

from .case_markdown import case_markdown, item_markdown
from .personal_data import MASK, mask

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
    # A lone surrogate ("\\ud800" in YAML, reported by the loader) would crash pydantic's error list;
    # a personnummer is never repeated back in full.
    return mask(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _not_text(wanted: str, value: Any) -> PydanticCustomError:
    # Words, not Python's: "empty", not 'NoneType'; "a list", not "['x']".
    kind = "empty" if value is None else "a list" if isinstance(value, list) else "a mapping (keys with values)"
    return PydanticCustomError("tjs_value", "must be {wanted}, not {kind}", {"wanted": wanted, "kind": kind})


Text = Annotated[str, AfterValidator(_text)]
"""Plain text: printed exactly as written, never interpreted."""
RequiredText = Annotated[str, AfterValidator(_text), AfterValidator(_not_blank)]


def _not_placeholder(value: str, info: ValidationInfo) -> str:
    # Public versions record the diarienummer masked: one holding the placeholder already would own another
    # case's public version (and call that case's documents its own stale ones). Only a case file is checked
    # (validated with a context); the public case that publication.public_case makes holds it by design.
    if info.context is not None and MASK in value:
        raise PydanticCustomError(
            "tjs_placeholder",
            "the diarienummer holds '{mask}', which a public version (--publicering) writes in place of a "
            "personnummer: its documents could not be told from another case's; write the diarienummer as registered",
            {"mask": MASK},
        )
    return value


Diarienummer = Annotated[RequiredText, AfterValidator(_not_placeholder)]
"""A case's diarienummer: what its output names come from, and its documents record (to be told from another case's)."""
Markdown = Annotated[
    str,
    AfterValidator(_text),
    AfterValidator(case_markdown),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""CommonMark text: paragraphs, lists, **bold**, *italic*, links, tables."""
RequiredMarkdown = Annotated[Markdown, AfterValidator(_not_blank)]
ItemMarkdown = Annotated[
    str,
    AfterValidator(_text),
    AfterValidator(item_markdown),
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

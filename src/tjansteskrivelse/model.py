"""The case schema and the project config schema (frozen pydantic v2 models).

Field names are the folded Swedish keys of case-format.md; the loader hands
every scalar over as the exact text the user wrote, and only these types
decide what it becomes. ``Markdown`` marks CommonMark fields; every other
text field is printed literally.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Characters that XML 1.0 (and so Word) cannot hold; YAML's double-quoted
# escapes can produce them, and they would corrupt the .docx.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O", "É": "E"})
# Keys whose Swedish spelling differs from the folded one (for the JSON Schema).
SWEDISH_SPELLINGS = {
    "handlaggare": "handläggare",
    "forslag": "förslag",
    "beslutsgang": "beslutsgång",
    "sammantradesdatum": "sammanträdesdatum",
}


def fold_key(key: str) -> str:
    """The canonical spelling of a key: ``förslag`` -> ``forslag``."""
    return key.translate(_FOLD)


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


_TRUE = {"true", "ja"}
_FALSE = {"false", "nej"}


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise PydanticCustomError(
        "tjs_bool", "'{value}' is not a yes/no value; write true or false", {"value": str(value)}
    )


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


def _items(item: Any) -> Any:
    """An optional list; left empty (``parter:`` or ``parter: ~``) it means no items."""
    return Annotated[list[item], BeforeValidator(_none_as_empty)]


# Union branch names; they show up in error locations, and the loader drops them.
TEXT_TAG, MAPPING_TAG = "(text)", "(mapping)"


def _text_or_mapping(value: Any) -> str | None:
    if isinstance(value, str):
        return TEXT_TAG
    if isinstance(value, dict):
        return MAPPING_TAG
    return None


def _text_or(model: type[BaseModel], description: str) -> Any:
    """A list item given either as one line of text or as a mapping of keys."""
    return Annotated[
        Annotated[RequiredText, Tag(TEXT_TAG)] | Annotated[model, Tag(MAPPING_TAG)],
        Discriminator(
            _text_or_mapping,
            custom_error_type="tjs_text_or_mapping",
            custom_error_message=f"must be text or a mapping ({description})",
        ),
    ]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Person(_Strict):
    namn: RequiredText
    titel: Text | None = None
    telefon: Text | None = None
    epost: Text | None = None


class Party(_Strict):
    namn: RequiredText
    roll: Text | None = None
    adress: Text | None = None


class Section(_Strict):
    rubrik: RequiredText
    text: RequiredMarkdown


class Proposal(_Strict):
    rubrik: Text | None = None
    inledning: Text | None = None
    punkter: Annotated[list[RequiredMarkdown], Field(min_length=1)]
    numrerad: YesNo = True


class Attachment(_Strict):
    titel: RequiredText
    fil: Text | None = None


class Signer(_Strict):
    namn: RequiredText
    titel: Text | None = None


class Signature(_Strict):
    # Unset means "the config's closing phrase"; null means none at all.
    inledning: Text | None = None
    personer: _items(Signer) = []


class Recipient(_Strict):
    namn: RequiredText
    enhet: Text | None = None
    epost: Text | None = None


class Decision(_Strict):
    organ: RequiredText
    datum: Date
    paragraf: RequiredText
    punkter: Annotated[list[RequiredMarkdown], Field(min_length=1)] | None = None
    beslutsgang: Markdown | None = None
    justerat: Date | None = None
    sekreterare: Text | None = None


class Case(_Strict):
    """One matter (ärende): everything the memo and its extracts say."""

    diarienummer: RequiredText
    datum: Date
    organisation: Annotated[
        RequiredText | None, Field(description="may come from tjs.yaml instead")
    ] = None
    avdelning: Text | None = None
    handlaggare: Person
    mottagare: Text | None = None
    rubrik: RequiredText
    parter: _items(Party) = []
    sekretess: Text | None = None
    sammanfattning: Markdown | None = None
    avsnitt: Annotated[list[Section], Field(min_length=1)]
    forslag: Proposal
    beslutsunderlag: _items(RequiredText) = []
    bilagor: _items(_text_or(Attachment, "titel and fil")) = []
    underskrift: Signature | None = None
    utdrag_till: _items(_text_or(Recipient, "namn, enhet and epost")) = []
    beslut: Decision | None = None


# ---------------------------------------------------------------------------
# Project config (tjs.yaml)

MemoPart = Literal[
    "sammanfattning", "avsnitt", "forslag", "beslutsunderlag", "bilagor", "underskrift", "utdrag_till"
]
DEFAULT_ORDER: tuple[str, ...] = (
    "sammanfattning",
    "avsnitt",
    "forslag",
    "beslutsunderlag",
    "bilagor",
    "underskrift",
    "utdrag_till",
)


class Logo(_Strict):
    fil: RequiredText
    alt: Text | None = None
    dekorativ: YesNo = False

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Logo:
        if not self.dekorativ and not (self.alt or "").strip():
            raise PydanticCustomError(
                "tjs_alt",
                "the logo needs alt text for screen readers: add 'alt: <organisation>s logotyp', "
                "or 'dekorativ: true' if it carries no information",
            )
        return self


class Headings(_Strict):
    """Headings and fixed words; every organisation words these differently."""

    dokumenttyp: RequiredText = "TJÄNSTESKRIVELSE"
    forslag: RequiredText = "Förslag till beslut"
    sammanfattning: RequiredText = "Sammanfattning"
    beslutsunderlag: RequiredText = "Beslutsunderlag"
    bilagor: RequiredText = "Bilagor"
    underskrift: Text | None = "I tjänsten"
    utdrag_till: RequiredText = "Utdrag till"
    utdrag: RequiredText = "PROTOKOLLSUTDRAG"
    intyg: RequiredText = "Utdragsbestyrkande"
    justerande: RequiredText = "Justerandes signatur"
    utkast: RequiredText = "UTKAST"
    beslut: RequiredText = "Beslut"
    beslutsgang: RequiredText = "Beslutsgång"
    datum: RequiredText = "Datum"
    diarienummer: RequiredText = "Diarienummer"
    handlaggare: RequiredText = "Handläggare"
    mottagare: RequiredText = "Till"
    sammantradesdatum: RequiredText = "Sammanträdesdatum"
    telefon: RequiredText = "Tfn"
    epost: RequiredText = "E-post"


class Config(_Strict):
    """Organisation-wide settings; a value in the case wins over these."""

    organisation: RequiredText | None = None
    logotyp: Logo | None = None
    ordning: Annotated[
        list[Annotated[MemoPart, BeforeValidator(lambda v: fold_key(v) if isinstance(v, str) else v)]],
        Field(min_length=1),
    ] = list(DEFAULT_ORDER)
    rubriker: Headings = Headings()
    underskrift_layout: Literal["staplad", "bredvid"] = "staplad"
    handlaggare_plats: Literal["sidhuvud", "sidfot"] = "sidhuvud"
    sidfot: _items(RequiredText) = []
    referens: Text | None = None
    mallar: Text | None = None
    utdata: Text | None = None

    @field_validator("ordning")
    @classmethod
    def _every_part_once(cls, ordning: list[str]) -> list[str]:
        missing = [part for part in DEFAULT_ORDER if part not in ordning]
        repeated = sorted({part for part in ordning if ordning.count(part) > 1})
        if missing or repeated:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(missing))
            if repeated:
                problems.append("listed twice: " + ", ".join(repeated))
            raise PydanticCustomError(
                "tjs_order",
                "must list each part of the memo exactly once ({problems}); "
                "a part the case leaves out is simply not shown",
                {"problems": "; ".join(problems)},
            )
        return ordning


def json_schema(model: type[BaseModel] = Case) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for editors such as VS Code's YAML extension.

    tjs reads every scalar as text, but an editor's YAML parser may see
    ``telefon: 0701234567`` as a number, so text fields accept numbers and
    booleans too; keys are offered in both spellings (``förslag``/``forslag``).
    """
    document = model.model_json_schema()

    def widen(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "format" not in node and "enum" not in node:
                node["type"] = ["string", "number", "boolean"]
            properties = node.get("properties", {})
            required = node.get("required", [])
            spellings = []
            for folded, swedish in SWEDISH_SPELLINGS.items():
                if folded in properties:
                    properties[swedish] = properties[folded]
                    # Exactly one spelling when required, at most one otherwise (like tjs itself).
                    either = [{"required": [folded]}, {"required": [swedish]}]
                    both = {"not": {"required": [folded, swedish]}}
                    spellings.append({"oneOf": either} if folded in required else both)
            if spellings:
                node["required"] = [key for key in required if key not in SWEDISH_SPELLINGS]
                node["allOf"] = spellings
            for value in list(node.values()):
                widen(value)
        elif isinstance(node, list):
            for value in node:
                widen(value)

    widen(document)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}

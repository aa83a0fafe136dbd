"""The case schema: one matter (ärende), as the case file states it (frozen pydantic v2 models).

Field names are the folded Swedish keys of case-format.md; the field types
(fields.py) decide what each exact text becomes. The project config schema
lives in config_model.py and is importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError, PydanticKnownError

from .config_model import DEFAULT_ORDER, Config, Headings, Logo
from .fields import (
    MAPPING_TAG,
    STRICT,
    TEXT_TAG,
    Date,
    Diarienummer,
    ItemMarkdown,
    Items,
    Labelled,
    Markdown,
    RequiredMarkdown,
    RequiredText,
    Text,
    YesNo,
    fold_key,
    is_date,
    text_or,
)

__all__ = [
    "DEFAULT_ORDER",
    "MAPPING_TAG",
    "TEXT_TAG",
    "Attachment",
    "Case",
    "Config",
    "Decision",
    "Headings",
    "Logo",
    "Party",
    "Person",
    "Proposal",
    "Recipient",
    "Section",
    "Signature",
    "Signer",
    "fold_key",
    "json_schema",
]

# Keys whose Swedish spelling differs from the folded one (for the JSON Schema).
SWEDISH_SPELLINGS = {
    "handlaggare": "handläggare",
    "forslag": "förslag",
    "beslutsgang": "beslutsgång",
    "sammantradesdatum": "sammanträdesdatum",
    "falt": "fält",
    "omrostning": "omröstning",
    "jav": "jäv",
    "handlaggare_plats": "handläggare_plats",
    "handlaggare_falt": "handläggare_fält",
    "tomma_falt": "tomma_fält",
    "fortsattning": "fortsättning",
    "utelamna": "utelämna",
    "varna_for": "varna_för",
}
# Words that choose a behaviour in tjs.yaml, also folded by tjs (fields.Word): the editor must accept both.
SWEDISH_WORDS = {
    "arende": "ärende",
    "forslag": "förslag",
    "jav": "jäv",
    "beslutsgang": "beslutsgång",
    "omrostning": "omröstning",
    "dolj": "dölj",
    "forsta": "första",
    "pa": "på",
}


class _Strict(BaseModel):
    model_config = STRICT


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
    punkter: Annotated[list[ItemMarkdown], Field(min_length=1)]
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
    personer: Items[Signer] = []


class Recipient(_Strict):
    namn: RequiredText
    enhet: Text | None = None
    epost: Text | None = None


if TYPE_CHECKING:  # what text_or() validates to, spelled so a type checker reads it
    AttachmentItem: TypeAlias = str | Attachment
    RecipientItem: TypeAlias = str | Recipient
else:
    AttachmentItem = text_or(Attachment, "titel and fil")
    RecipientItem = text_or(Recipient, "namn, enhet and epost")


@dataclass(frozen=True)
class _Lacking:
    """Stands, during validation only, for a key this case needs but lacks.

    Whether a key is needed depends on other keys (a memo needs its date and
    case officer); put in that key's place, the error stands at that key and is
    reported together with every other error of the file.
    """

    message: str | None = None  # None: the key is missing altogether


def _not_lacking(value: Any) -> Any:
    if isinstance(value, _Lacking):
        if value.message is None:
            raise PydanticKnownError("missing")
        raise PydanticCustomError("tjs_needed", value.message)
    return value


class Decision(_Strict):
    """The decision once taken, and how the meeting reached it (what the minutes say)."""

    organ: RequiredText
    datum: Date
    paragraf: RequiredText
    diarienummer: Annotated[RequiredText | None, Field(description="as the minutes print it; default the case's")] = (
        None
    )
    rubrik: Text | None = None
    inledning: Text | None = None
    punkter: Annotated[Annotated[list[ItemMarkdown], Field(min_length=1)] | None, BeforeValidator(_not_lacking)] = None
    beslutsgang: Markdown | None = None
    yrkanden: Markdown | None = None
    omrostning: Markdown | None = None
    reservationer: Items[RequiredMarkdown] = []
    protokollsanteckningar: Items[RequiredMarkdown] = []
    jav: Items[RequiredText] = []
    justerare: Items[RequiredText] = []
    justerat: Date | None = None
    sekreterare: Text | None = None


_NEITHER = (
    "a case needs 'forslag' (the proposal: a memo and its extracts) or 'beslut.punkter' "
    "(a matter decided at the meeting without a memo: extracts only); add one of them"
)
_EMPTY_PROPOSAL = (
    "nothing written here; write the proposal ('punkter: …') under it, or leave 'forslag' out "
    "for a matter decided without a memo (then 'beslut.punkter' holds the decision)"
)
#: Keys only a memo uses: in a case without 'forslag' (no memo, only extracts) each is an error, not unused.
_MEMO_ONLY = {
    "dokumenttyp": "names the memo's kind, but a case without 'forslag' has no memo (only extracts); "
    "leave it out, or write the proposal",
    "underskrift": "signs the memo, but a case without 'forslag' has no memo (only extracts); "
    "leave it out, or write the proposal",
}
_EMPTY_OFFICER = "nothing written here; a memo names its case officer: write 'namn: …' (and titel, telefon, epost)"


class Case(_Strict):
    """One matter (ärende): everything the memo and its extracts say.

    With 'forslag' the case gets a memo and its extracts; without it (a matter
    decided at the meeting without a memo) only its extracts, from 'beslut.punkter'.
    """

    diarienummer: Diarienummer
    # Never None in a Case that validated: without 'forslag' it is beslut.datum, or the case fails there.
    datum: Annotated[Date, BeforeValidator(_not_lacking)] = Field(  # type: ignore[assignment]
        default=None, description="the memo's date; without 'forslag', default 'beslut.datum'"
    )
    organisation: Annotated[RequiredText | None, Field(description="may come from tjs.yaml instead")] = None
    # A memo of another kind than the project's (a "Tjänsteutlåtande", a "Missiv"): the one case says so.
    dokumenttyp: Annotated[
        RequiredText | None,
        BeforeValidator(_not_lacking),
        Field(description="this memo's document type; default tjs.yaml's rubriker.dokumenttyp"),
    ] = None
    avdelning: Text | None = None
    handlaggare: Annotated[
        Person | None, BeforeValidator(_not_lacking), Field(description="required with 'forslag'")
    ] = None
    mottagare: Text | None = None
    er_beteckning: Text | None = None
    falt: Labelled = {}
    rubrik: RequiredText
    parter: Items[Party] = []
    sekretess: Text | None = None
    sammanfattning: Markdown | None = None
    avsnitt: Items[Section] = []
    forslag: Annotated[Proposal | None, BeforeValidator(_not_lacking)] = None
    beslutsunderlag: Items[RequiredText] = []
    bilagor: Items[AttachmentItem] = []
    underskrift: Annotated[
        Signature | None, BeforeValidator(_not_lacking), Field(description="the memo's signatures; only with 'forslag'")
    ] = None
    utdrag_till: Items[RecipientItem] = []
    beslut: Decision | None = None

    @model_validator(mode="before")
    @classmethod
    def _memo_or_extracts(cls, data: Any) -> Any:
        """What a case needs depends on whether it has a memo; mark what it lacks (see _Lacking)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        decision = data.get("beslut")
        if data.get("forslag") is None:  # else silently unused
            data |= {key: _Lacking(why) for key, why in _MEMO_ONLY.items() if data.get(key) is not None}
        if data.get("forslag") is not None:
            data.setdefault("datum", _Lacking())
            if "handlaggare" not in data:
                data["handlaggare"] = _Lacking()
            elif data["handlaggare"] is None:
                data["handlaggare"] = _Lacking(_EMPTY_OFFICER)
        elif "forslag" in data:
            data["forslag"] = _Lacking(_EMPTY_PROPOSAL)
        elif not isinstance(decision, dict):
            data["forslag"] = _Lacking(_NEITHER)
        elif decision.get("punkter") is None:  # said where the user wrote the decision
            data["beslut"] = {**decision, "punkter": _Lacking(_NEITHER)}
        elif "datum" not in data and is_date(decision.get("datum")):
            # Extracts only: the date is the meeting's. An unreadable beslut.datum reports itself.
            data["datum"] = decision["datum"]
        return data


def json_schema(model: type[BaseModel] = Case) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for editors such as VS Code's YAML extension.

    tjs reads every scalar as text, but an editor's YAML parser may see
    ``telefon: 0701234567`` as a number, so text fields accept numbers and
    booleans too; keys are offered in both spellings (``förslag``/``forslag``).
    """
    document = model.model_json_schema()

    def widen(node: Any) -> None:
        if isinstance(node, dict):
            if "const" in node and node["const"] in SWEDISH_WORDS:
                node["enum"] = [node.pop("const")]
            if "enum" in node:
                # A node may be visited twice (both spellings of a key share it).
                node["enum"] += [SWEDISH_WORDS[w] for w in node["enum"] if SWEDISH_WORDS.get(w, w) not in node["enum"]]
            elif node.get("type") == "string" and "format" not in node:
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
    if model is Case:
        _memo_or_extracts_schema(document)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}


def _memo_or_extracts_schema(document: dict[str, Any]) -> None:
    """What Case._memo_or_extracts checks, said in JSON Schema: forslag or beslut.punkter; a memo's needs."""
    properties = document["properties"]
    del properties["datum"]["default"]  # a case that validates always has its date
    for key in ("forslag", "förslag"):  # left empty it is an error, not "no memo"
        properties[key] = {"$ref": "#/$defs/Proposal"}
    memo = {"anyOf": [{"required": ["forslag"]}, {"required": ["förslag"]}]}
    decided = {"required": ["beslut"], "properties": {"beslut": {"required": ["punkter"]}}}
    officer = {"anyOf": [{"required": ["handlaggare"]}, {"required": ["handläggare"]}]}
    memo_only = {"anyOf": [{"required": [key]} for key in _MEMO_ONLY]}
    document["allOf"] += [
        {"anyOf": [*memo["anyOf"], decided]},
        {"if": memo, "then": {"required": ["datum"], **officer}, "else": {"not": memo_only}},
    ]

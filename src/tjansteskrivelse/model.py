"""The case schema: one matter (ärende), as the case file states it (frozen pydantic v2 models).

Field names are the folded Swedish keys of case-format.md; the field types
(fields.py) decide what each exact text becomes. The project config schema
lives in config_model.py and is importable from here too.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from .config_model import DEFAULT_ORDER, Config, Headings, Logo
from .fields import (
    MAPPING_TAG,
    STRICT,
    TEXT_TAG,
    Date,
    Markdown,
    RequiredMarkdown,
    RequiredText,
    Text,
    YesNo,
    fold_key,
    items,
    text_or,
)

__all__ = [
    "DEFAULT_ORDER", "MAPPING_TAG", "TEXT_TAG", "Attachment", "Case", "Config", "Decision", "Headings", "Logo",
    "Party", "Person", "Proposal", "Recipient", "Section", "Signature", "Signer", "fold_key", "json_schema",
]

# Keys whose Swedish spelling differs from the folded one (for the JSON Schema).
SWEDISH_SPELLINGS = {
    "handlaggare": "handläggare",
    "forslag": "förslag",
    "beslutsgang": "beslutsgång",
    "sammantradesdatum": "sammanträdesdatum",
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
    personer: items(Signer) = []


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
    parter: items(Party) = []
    sekretess: Text | None = None
    sammanfattning: Markdown | None = None
    avsnitt: Annotated[list[Section], Field(min_length=1)]
    forslag: Proposal
    beslutsunderlag: items(RequiredText) = []
    bilagor: items(text_or(Attachment, "titel and fil")) = []
    underskrift: Signature | None = None
    utdrag_till: items(text_or(Recipient, "namn, enhet and epost")) = []
    beslut: Decision | None = None


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

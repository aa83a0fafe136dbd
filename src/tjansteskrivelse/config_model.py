"""The project config schema (tjs.yaml): organisation-wide settings, frozen pydantic v2 models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .fields import STRICT, RequiredText, Text, YesNo, fold_key, items

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


class _Strict(BaseModel):
    model_config = STRICT


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
    sidfot: items(RequiredText) = []
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

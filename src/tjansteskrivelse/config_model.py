"""The project config schema (tjs.yaml): organisation-wide settings, frozen pydantic v2 models.

Every key is optional and defaults to Region Jämtland Härjedalen's way of
writing; words that choose a behaviour (``dolj``, ``forsta``, ``pa``) are
accepted in either spelling (``dölj``, ``första``, ``på``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .fields import STRICT, Items, RequiredText, Text, Word, YesNo, fold_key

MemoPart = Literal["sammanfattning", "avsnitt", "forslag", "beslutsunderlag", "bilagor", "underskrift", "utdrag_till"]
DEFAULT_ORDER: tuple[MemoPart, ...] = get_args(MemoPart)
ExtractPart = Literal[
    "arende",
    "beslutsunderlag",
    "jav",
    "yrkanden",
    "beslutsgang",
    "omrostning",
    "beslut",
    "reservationer",
    "protokollsanteckningar",
    "utdrag_till",
]
DEFAULT_EXTRACT_ORDER: tuple[ExtractPart, ...] = get_args(ExtractPart)
OfficerLine = Literal["namn", "titel", "avdelning", "telefon", "epost"]
DEFAULT_OFFICER_LINES: tuple[OfficerLine, ...] = ("namn", "titel", "telefon", "epost")
ListStyle = Literal["punkt", "nummer", "ingen"]


def _every_part_once(parts: list[str], all_parts: tuple[str, ...], what: str) -> list[str]:
    """An order must name each part exactly once: a part left out would silently vanish."""
    missing = [part for part in all_parts if part not in parts]
    repeated = sorted({part for part in parts if parts.count(part) > 1})
    if missing or repeated:
        problems = []
        if missing:
            problems.append("missing " + ", ".join(missing))
        if repeated:
            problems.append("listed twice: " + ", ".join(repeated))
        # Formatted here, not as context: the message would cut a long context value short, and these
        # are tjs's own part names (no user text), every one of which the user needs to see.
        raise PydanticCustomError(
            "tjs_order",
            f"must list each part of the {what} exactly once ({'; '.join(problems)}); a part the case leaves out is "
            "simply not shown",
        )
    return parts


class _Strict(BaseModel):
    model_config = STRICT


_WIDTH = re.compile(r"\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*(cm|mm)\s*")


#: The narrowest logo printed: narrower, a picture's height rounds to nothing (and nobody could read it).
_MIN_WIDTH_MM = 5


def _width(value: str) -> str:
    """A printed width, ``4 cm`` or ``40 mm`` (a comma for the decimal point too), kept as written."""
    match = _WIDTH.fullmatch(value)
    if match is None or _millimetres(match) < _MIN_WIDTH_MM:
        raise PydanticCustomError(
            "tjs_width",
            "{value} is not a width of a logo; write it in cm or mm, at least {least} mm, e.g. '4 cm' or '40 mm'",
            {"value": repr(value[:60]), "least": _MIN_WIDTH_MM},
        )
    return value


def _millimetres(match: re.Match[str]) -> float:
    return float(match.group(1).replace(",", ".")) * (10 if match.group(2) == "cm" else 1)


class Logo(_Strict):
    fil: RequiredText
    alt: Text | None = None
    dekorativ: YesNo = False
    # The printed width (the height follows the picture); without it, the picture's own size.
    bredd: Annotated[RequiredText, AfterValidator(_width)] | None = None

    def width_in_mm(self) -> str | None:
        """``bredd`` as millimetres (``4,5 cm`` -> ``45``), the one form the logo template hands the writer."""
        match = _WIDTH.fullmatch(self.bredd or "")
        return None if match is None else f"{_millimetres(match):g}"

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Logo:
        if not self.dekorativ and not (self.alt or "").strip():
            raise PydanticCustomError(
                "tjs_alt",
                "the logo needs alt text for screen readers: add 'alt: <organisation>s logotyp', "
                "or 'dekorativ: true' if it carries no information",
            )
        return self


Heading = RequiredText | None
"""A heading or label; null leaves the words out, never the content under or after them."""


class Headings(_Strict):
    """Headings and fixed words; every organisation words these differently."""

    # Headings
    dokumenttyp: Heading = "TJÄNSTESKRIVELSE"
    forslag: Heading = "Förslag till beslut"
    sammanfattning: Heading = "Sammanfattning"
    beslutsunderlag: Heading = "Beslutsunderlag"
    bilagor: Heading = "Bilagor"
    underskrift: Text | None = "I tjänsten"
    utdrag_till: Heading = "Utdrag till"
    utdrag: Heading = "PROTOKOLLSUTDRAG"
    beslut: Heading = "Beslut"
    beslutsgang: Heading = "Beslutsgång"
    yrkanden: Heading = "Yrkanden"
    omrostning: Heading = "Omröstning"
    reservationer: Heading = "Reservation"
    protokollsanteckningar: Heading = "Protokollsanteckning"
    jav: Heading = "Jäv"
    # Labels
    datum: Heading = "Datum"
    diarienummer: Heading = "Diarienummer"
    handlaggare: Heading = "Handläggare"
    mottagare: Heading = "Till"
    sammantradesdatum: Heading = "Sammanträdesdatum"
    telefon: Heading = "Tfn"
    epost: Heading = "E-post"
    intyg: Heading = "Utdragsbestyrkande"
    justerande: Heading = "Justerandes signatur"
    utkast: Heading = "UTKAST"
    er_beteckning: Heading = "Er beteckning"
    dnr: Heading = "Dnr"
    fortsattning: Heading = "forts."
    sida: Heading = Field(default=None, description="'Sida' gives 'Sida 1 (2)'; null: no page label")
    justerare: Heading = "Justerare"


class ListFormats(_Strict):
    """How each list part is set: bullets, numbers, or one plain paragraph per item."""

    beslutsunderlag: Word[ListStyle] = "punkt"
    bilagor: Word[ListStyle] = "punkt"
    utdrag_till: Word[ListStyle] = "ingen"
    beslut: Word[ListStyle] | None = Field(
        default=None, description="the decision points in the extract; unset: as forslag.numrerad says"
    )


PersonalDataKind = Literal["personnummer", "epost", "telefon"]
DEFAULT_LEFT_OUT = ("handlaggare.telefon", "handlaggare.epost", "utdrag_till.epost")


def _removable(paths: list[str]) -> list[str]:
    """Each entry must name a field of the case that may be left out (see publication.removable_fields)."""
    from .publication import removable_fields  # publication imports the case model, which imports this module

    allowed = removable_fields()
    folded = [".".join(fold_key(part) for part in path.split(".")) for path in paths]
    if unknown := [path for path, fold in zip(paths, folded, strict=True) if fold not in allowed]:
        raise PydanticCustomError(
            "tjs_field",
            "{unknown}: not a field the public version can leave out; name one as 'handlaggare.telefon' "
            "(keys joined by '.', no list numbers), e.g. parter.adress, utdrag_till.epost, beslut.justerare",
            {"unknown": ", ".join(repr(path[:60]) for path in unknown)},
        )
    return folded


class Publication(_Strict):
    """`tjs render --publicering` and `tjs validate`: what the public version leaves out, what is warned about."""

    utelamna: Annotated[list[str], AfterValidator(_removable)] = Field(
        default=list(DEFAULT_LEFT_OUT),
        description="fields left out of the public version, keys joined by '.' (list items: 'utdrag_till.epost' "
        "is every recipient's e-mail); default the case officer's phone and e-mail and the recipients' e-mail; "
        "[]: nothing left out (personnummer are masked whatever this says)",
    )
    varna_for: Items[Word[PersonalDataKind]] = Field(
        default=["personnummer"],
        description="what `tjs validate` warns about in case text (`--strict`: an error): personnummer, epost, "
        "telefon; fields left out by 'utelamna' are not warned about",
    )


def _none_as_no_lines(value: Any) -> Any:
    # Written but left empty, like 'sidfot_utdrag: []': no footer lines (unset means "as sidfot").
    return [] if value is None else value


class Config(_Strict):
    """Organisation-wide settings; a value in the case wins over these."""

    organisation: RequiredText | None = None
    logotyp: Logo | None = None
    ordning: Annotated[list[Word[MemoPart]], Field(min_length=1)] = list(DEFAULT_ORDER)
    ordning_utdrag: Annotated[list[Word[ExtractPart]], Field(min_length=1)] = list(DEFAULT_EXTRACT_ORDER)
    rubriker: Headings = Headings()
    underskrift_layout: Word[Literal["staplad", "bredvid"]] = "staplad"
    handlaggare_plats: Word[Literal["sidhuvud", "sidfot"]] = "sidhuvud"
    handlaggare_falt: Annotated[list[Word[OfficerLine]], Field(min_length=1)] = list(DEFAULT_OFFICER_LINES)
    tomma_falt: Word[Literal["visa", "dolj"]] = "visa"
    listformat: ListFormats = ListFormats()
    sidfot: Items[RequiredText] = []
    sidfot_utdrag: Annotated[list[RequiredText] | None, BeforeValidator(_none_as_no_lines)] = Field(
        default=None, description="footer lines for extracts; unset: as sidfot; []: none"
    )
    sidfot_sidor: Word[Literal["alla", "forsta"]] = "alla"
    typografi: Word[Literal["pa", "av"]] = "pa"
    referens: Text | None = None
    mallar: Text | None = None
    utdata: RequiredText | None = None  # "" would silently mean the default, out/
    publicering: Publication = Publication()

    @field_validator("ordning")
    @classmethod
    def _every_memo_part_once(cls, ordning: list[str]) -> list[str]:
        return _every_part_once(ordning, DEFAULT_ORDER, "memo")

    @field_validator("ordning_utdrag")
    @classmethod
    def _every_extract_part_once(cls, ordning: list[str]) -> list[str]:
        return _every_part_once(ordning, DEFAULT_EXTRACT_ORDER, "extract")

    @field_validator("handlaggare_falt")
    @classmethod
    def _each_line_at_most_once(cls, lines: list[str]) -> list[str]:
        if repeated := sorted({line for line in lines if lines.count(line) > 1}):
            raise PydanticCustomError(
                "tjs_order", "lists {repeated} twice; name each line at most once", {"repeated": ", ".join(repeated)}
            )
        return lines

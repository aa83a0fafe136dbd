"""What the templates see: the shapes of the template variables (pure data, no I/O).

``MemoContext`` is the memo's variables, ``ExtractContext`` one extract's. Markdown
fields arrive as ``MarkdownSource`` (left as they are by the template escaping);
every other string is plain text, escaped in one place (``templates.escape_plain``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from .model import Headings, Party, Person, Signer

# Blanks a secretary fills in by hand on a prepared (draft) extract.
BLANK_PARAGRAPH = "§\u00a0______"
BLANK_DATE = "__________"
_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


class MarkdownSource(str):
    """Text that is already Markdown: the template escaping leaves it as it is."""


def long_date(date: dt.date) -> str:
    """``2020-11-20`` -> ``den 20 november 2020``, as in Swedish running text."""
    return f"den {date.day} {_MONTHS[date.month - 1]} {date.year}"


def paragraph_mark(paragraf: str) -> str:
    """``123`` or ``§ 123`` -> ``§ 123`` with a non-breaking space; ``§§ 12-13`` (several
    paragraphs, as minutes write them) and a mark with the body's prefix, ``KS § 80`` (as
    small kommuner number their minutes), stay as written."""
    text = paragraf.strip()
    number = text.removeprefix("§").strip()
    if not number or text.startswith("§§") or ("§" in text and not text.startswith("§")):
        return text  # a bare '§' stays itself, not '§' and a dangling non-breaking space
    return f"§\u00a0{number}"


@dataclass(frozen=True)
class SectionView:
    rubrik: str
    text: MarkdownSource


@dataclass(frozen=True)
class ProposalView:
    rubrik: str | None
    inledning: str | None
    punkter: tuple[MarkdownSource, ...]
    numrerad: bool


@dataclass(frozen=True)
class SignatureView:
    inledning: str | None  # the closing phrase, e.g. "I tjänsten"; None for none
    personer: tuple[Signer, ...]
    layout: str  # "staplad" or "bredvid"


@dataclass(frozen=True)
class LogoView:
    fil: str  # absolute path
    alt: str  # "" when decorative
    bredd_mm: str | None = None  # the printed width in millimetres (logotyp.bredd); None: the picture's own


@dataclass(frozen=True)
class LineView:
    """One labelled line: ``Tfn: 063146619``; no label (None) prints the value alone."""

    etikett: str | None
    varde: str


@dataclass(frozen=True)
class ListFormatView:
    """``punkt``, ``nummer`` or ``ingen`` per list part; ``beslut`` already resolved."""

    beslutsunderlag: str
    bilagor: str
    utdrag_till: str
    beslut: str


@dataclass(frozen=True)
class MemoContext:
    # The case, as written.
    diarienummer: str
    datum: dt.date
    organisation: str
    avdelning: str | None
    handlaggare: Person | None  # None: a case without a memo
    mottagare: str | None
    er_beteckning: str | None  # None also when tomma_falt: dolj hides an empty one
    falt: tuple[LineView, ...]  # the case's own labelled header fields, in the order written
    rubrik: str
    parter: tuple[Party, ...]
    sekretess: str | None
    sammanfattning: MarkdownSource | None
    avsnitt: tuple[SectionView, ...]
    forslag: ProposalView | None  # None: a case without a memo (extracts only)
    beslutsunderlag: tuple[str, ...]
    bilagor: tuple[str, ...]
    underskrift: SignatureView | None
    utdrag_till: tuple[str, ...]  # one line per recipient
    # The project's choices.
    rubriker: Headings
    ordning: tuple[str, ...]
    ordning_utdrag: tuple[str, ...]
    handlaggare_plats: str
    handlaggare_falt: tuple[str, ...]
    handlaggare_rader: tuple[LineView, ...]  # the officer's lines, in handlaggare_falt order, empties settled
    listformat: ListFormatView
    sidfot: tuple[str, ...]  # this kind's footer lines (sidfot, or sidfot_utdrag in an extract)
    sidfot_sidor: str  # "alla" or "forsta"
    logotyp: LogoView | None

    def variables(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class ExtractContext(MemoContext):
    utdrag_mottagare: str | None  # whom this copy is addressed to; None when unaddressed
    utkast: bool  # no decision recorded yet: a prepared draft
    organ: str | None
    paragraf: str  # "§ 123", or a blank to fill in
    beslut_diarienummer: str  # the dnr as the minutes print it
    sammantradesdatum: str  # ISO date, or a blank to fill in
    beslut_rubrik: str | None
    beslut_inledning: str | None
    beslutspunkter: tuple[MarkdownSource, ...]
    beslutsgang: MarkdownSource | None
    yrkanden: MarkdownSource | None
    omrostning: MarkdownSource | None
    reservationer: tuple[MarkdownSource, ...]
    protokollsanteckningar: tuple[MarkdownSource, ...]
    jav: tuple[str, ...]
    justerare: tuple[str, ...]
    justerat: dt.date | None
    sekreterare: str | None

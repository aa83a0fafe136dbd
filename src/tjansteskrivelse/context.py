"""The context stage: case + project -> one ``DocumentSpec`` per document.

The case is merged with the project's choices (the one place, e.g. for
``organisation``), the templates are rendered once per document through the
``Templates`` object given, and the header/footer fields and the document
properties are mapped here, so the writer only writes. Template variables use the case file's own folded keys (``rubrik``,
``handlaggare.namn``), so there is one vocabulary from file to template.
Markdown fields arrive as ``MarkdownSource``; everything else is plain text,
which the template layer escapes in one place.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .extracts import Extract, memo_file_name, plan_extracts, recipient_line
from .model import Case, Headings, Party, Person, Signer
from .project import Project
from .spec import EXTRACT, MEMO, DocumentKind, DocumentProperties, DocumentSpec

if TYPE_CHECKING:  # templates.py imports this module; the Templates object is handed in
    from .templates import Templates

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
    """``123`` or ``§ 123`` -> ``§ 123`` with a non-breaking space."""
    number = paragraf.strip().removeprefix("§").strip()
    return f"§\u00a0{number}"


@dataclass(frozen=True)
class SectionView:
    rubrik: str
    text: MarkdownSource


@dataclass(frozen=True)
class ProposalView:
    rubrik: str
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


@dataclass(frozen=True)
class MemoContext:
    # The case, as written.
    diarienummer: str
    datum: dt.date
    organisation: str
    avdelning: str | None
    handlaggare: Person
    mottagare: str | None
    rubrik: str
    parter: tuple[Party, ...]
    sekretess: str | None
    sammanfattning: MarkdownSource | None
    avsnitt: tuple[SectionView, ...]
    forslag: ProposalView
    beslutsunderlag: tuple[str, ...]
    bilagor: tuple[str, ...]
    underskrift: SignatureView | None
    utdrag_till: tuple[str, ...]  # one line per recipient
    # The project's choices.
    rubriker: Headings
    ordning: tuple[str, ...]
    handlaggare_plats: str
    sidfot: tuple[str, ...]
    logotyp: LogoView | None

    def variables(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class ExtractContext(MemoContext):
    utdrag_mottagare: str | None  # whom this copy is addressed to; None when unaddressed
    utkast: bool  # no decision recorded yet: a prepared draft
    organ: str | None
    paragraf: str  # "§ 123", or a blank to fill in
    sammantradesdatum: str  # ISO date, or a blank to fill in
    beslutspunkter: tuple[MarkdownSource, ...]
    beslutsgang: MarkdownSource | None
    justerat: dt.date | None
    sekreterare: str | None


def _markdown(text: str | None) -> MarkdownSource | None:
    return None if text is None else MarkdownSource(text)


def memo_context(case: Case, project: Project) -> MemoContext:
    config, headings = project.config, project.config.rubriker
    signature = None
    if case.underskrift is not None:
        closing = (
            case.underskrift.inledning
            if "inledning" in case.underskrift.model_fields_set
            else headings.underskrift
        )
        signature = SignatureView(closing, tuple(case.underskrift.personer), config.underskrift_layout)
    logo = None
    if config.logotyp is not None:
        alt = "" if config.logotyp.dekorativ else (config.logotyp.alt or "")
        logo = LogoView(str(project.resolve(config.logotyp.fil)), alt)
    return MemoContext(
        diarienummer=case.diarienummer,
        datum=case.datum,
        organisation=case.organisation or "",  # the loader merged tjs.yaml's organisation in
        avdelning=case.avdelning,
        handlaggare=case.handlaggare,
        mottagare=case.mottagare,
        rubrik=case.rubrik,
        parter=tuple(case.parter),
        sekretess=case.sekretess,
        sammanfattning=_markdown(case.sammanfattning),
        avsnitt=tuple(SectionView(s.rubrik, MarkdownSource(s.text)) for s in case.avsnitt),
        forslag=ProposalView(
            rubrik=case.forslag.rubrik or headings.forslag,
            inledning=case.forslag.inledning,
            punkter=tuple(MarkdownSource(p) for p in case.forslag.punkter),
            numrerad=case.forslag.numrerad,
        ),
        beslutsunderlag=tuple(case.beslutsunderlag),
        bilagor=tuple(b if isinstance(b, str) else b.titel for b in case.bilagor),
        underskrift=signature,
        utdrag_till=tuple(recipient_line(r) for r in case.utdrag_till),
        rubriker=headings,
        ordning=tuple(config.ordning),
        handlaggare_plats=config.handlaggare_plats,
        sidfot=tuple(config.sidfot),
        logotyp=logo,
    )


def extract_context(memo: MemoContext, case: Case, extract: Extract) -> ExtractContext:
    """One extract's view: the memo's context plus the decision (or the proposal standing as it)."""
    decision = case.beslut
    points = decision.punkter if decision and decision.punkter else case.forslag.punkter
    return ExtractContext(
        **memo.variables(),
        utdrag_mottagare=extract.recipient,
        utkast=extract.draft,
        organ=decision.organ if decision else case.mottagare,
        paragraf=paragraph_mark(decision.paragraf) if decision else BLANK_PARAGRAPH,
        sammantradesdatum=decision.datum.isoformat() if decision else BLANK_DATE,
        beslutspunkter=tuple(MarkdownSource(p) for p in points),
        beslutsgang=_markdown(decision.beslutsgang) if decision else None,
        justerat=decision.justerat if decision else None,
        sekreterare=decision.sekreterare if decision else None,
    )


def document_date(date: dt.date) -> dt.datetime:
    """The date stamped into document properties: the case's, or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:60]!r} is not a whole number of seconds") from None
    return dt.datetime.combine(date, dt.time(), dt.UTC)


def document_specs(case: Case, project: Project, templates: Templates, *, combined: bool = False) -> list[DocumentSpec]:
    """The memo and its extracts, in that order, each ready for the writer."""
    memo = memo_context(case, project)
    specs = [_spec(MEMO, memo_file_name(case), memo, None, None, templates)]
    for extract in plan_extracts(case, combined=combined):
        context = extract_context(memo, case, extract)
        specs.append(_spec(EXTRACT, extract.file_name, context, context.organ, extract.recipient, templates))
    return specs


def _spec(kind: DocumentKind, file_name: str, context: MemoContext, organ: str | None, recipient: str | None,
          templates: Templates) -> DocumentSpec:
    variables = context.variables()  # once per document, shared by the body and every block
    doctype = context.rubriker.dokumenttyp if kind == MEMO else context.rubriker.utdrag
    organ = organ or context.mottagare
    date = context.datum.isoformat()
    custom = {"Diarienummer": context.diarienummer, "Dokumenttyp": doctype, "Datum": date}
    if organ:
        custom["Organ"] = organ
    if context.sekretess:
        custom["Sekretess"] = context.sekretess
    handlaggare = context.handlaggare
    return DocumentSpec(
        kind=kind,
        file_name=file_name,
        body=templates.render(f"{kind}.md.j2", variables),
        blocks={
            "logotyp": templates.render("sidhuvud/logotyp.md.j2", variables),
            "sekretessrad": templates.render("sidhuvud/sekretess.md.j2", variables),
            "sidhuvud": templates.render(f"sidhuvud/{kind}.md.j2", variables),
            "sidfot": templates.render(f"sidfot/{kind}.md.j2", variables),
        },
        fields={"organisation": context.organisation, "dokumenttyp": doctype,
                "diarienummer": context.diarienummer, "datum": date,
                "rubrik": context.rubrik, "sekretess": context.sekretess or "",
                "avdelning": context.avdelning or "", "handlaggare": handlaggare.namn,
                "telefon": handlaggare.telefon or "", "epost": handlaggare.epost or "",
                "mottagare": context.mottagare or ""},
        properties=DocumentProperties(
            title=context.rubrik,
            subject=f"{doctype} {context.diarienummer}",
            keywords=f"{context.diarienummer}; {doctype}",
            author=handlaggare.namn if kind == MEMO else context.organisation,
            created=document_date(context.datum),
            category=doctype,
            custom=custom,
        ),
        recipient=recipient,
    )

"""The context stage: case + project -> one ``DocumentSpec`` per document.

The case is merged with the project's choices (the one place, e.g. for
``organisation``), the templates are rendered once per document through the
``Templates`` object given, and the header/footer fields and the document
properties are mapped here, so the writer only writes. Template variables use
the case file's own folded keys (``rubrik``, ``handlaggare.namn``), so there is
one vocabulary from file to template. Markdown fields arrive as
``MarkdownSource``; everything else is plain text, which the template layer
escapes in one place. A heading or label set to null in ``rubriker`` is None
here, and every template leaves out the words, never the value after them.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .extracts import Extract, memo_file_name, plan_extracts, recipient_line
from .model import Case
from .project import Project
from .spec import EXTRACT, MEMO, DocumentKind, DocumentProperties, DocumentSpec
from .views import (
    BLANK_DATE,
    BLANK_PARAGRAPH,
    ExtractContext,
    LineView,
    ListFormatView,
    LogoView,
    MarkdownSource,
    MemoContext,
    ProposalView,
    SectionView,
    SignatureView,
    paragraph_mark,
)

if TYPE_CHECKING:  # the Templates object is handed in (the CLI's validate never imports jinja2)
    from .templates import Templates

# The case officer's lines that carry a label (rubriker.<line>); the others are the value alone.
_LABELLED_LINES = ("telefon", "epost")


def _markdown(text: str | None) -> MarkdownSource | None:
    return None if text is None else MarkdownSource(text)


def officer_lines(case: Case, project: Project) -> tuple[LineView, ...]:
    """The case officer's lines: a line without a value is left out with ``tomma_falt: dolj``, and
    always when it has no label to show (an empty paragraph is no line)."""
    config, person = project.config, case.handlaggare
    if person is None:
        return ()
    lines = []
    for name in config.handlaggare_falt:
        value = case.avdelning if name == "avdelning" else getattr(person, name)
        label = getattr(config.rubriker, name) if name in _LABELLED_LINES else None
        if not value and (config.tomma_falt == "dolj" or label is None):
            continue
        lines.append(LineView(label, value or ""))
    return tuple(lines)


def memo_context(case: Case, project: Project) -> MemoContext:
    config, headings = project.config, project.config.rubriker
    if case.dokumenttyp is not None:  # this memo's own kind; every other word stays the project's
        headings = headings.model_copy(update={"dokumenttyp": case.dokumenttyp})
    signature = None
    if case.underskrift is not None:
        closing = (
            case.underskrift.inledning if "inledning" in case.underskrift.model_fields_set else headings.underskrift
        )
        signature = SignatureView(closing, tuple(case.underskrift.personer), config.underskrift_layout)
    logo = None
    if config.logotyp is not None:
        alt = "" if config.logotyp.dekorativ else (config.logotyp.alt or "")
        logo = LogoView(str(project.resolve(config.logotyp.fil)), alt, config.logotyp.width_in_mm())
    proposal = case.forslag
    formats = config.listformat
    numbered = proposal is None or proposal.numrerad
    return MemoContext(
        diarienummer=case.diarienummer,
        datum=case.datum,
        organisation=case.organisation or "",  # the loader merged tjs.yaml's organisation in
        avdelning=case.avdelning,
        handlaggare=case.handlaggare,
        mottagare=case.mottagare,
        er_beteckning=None if config.tomma_falt == "dolj" and not case.er_beteckning else case.er_beteckning,
        falt=tuple(LineView(label, value) for label, value in case.falt.items()),
        rubrik=case.rubrik,
        parter=tuple(case.parter),
        sekretess=case.sekretess,
        sammanfattning=_markdown(case.sammanfattning),
        avsnitt=tuple(SectionView(s.rubrik, MarkdownSource(s.text)) for s in case.avsnitt),
        forslag=None
        if proposal is None
        else ProposalView(
            rubrik=proposal.rubrik or headings.forslag,
            inledning=proposal.inledning,
            punkter=tuple(MarkdownSource(p) for p in proposal.punkter),
            numrerad=proposal.numrerad,
        ),
        beslutsunderlag=tuple(case.beslutsunderlag),
        bilagor=tuple(b if isinstance(b, str) else b.titel for b in case.bilagor),
        underskrift=signature,
        utdrag_till=tuple(recipient_line(r) for r in case.utdrag_till),
        rubriker=headings,
        ordning=tuple(config.ordning),
        ordning_utdrag=tuple(config.ordning_utdrag),
        handlaggare_plats=config.handlaggare_plats,
        handlaggare_falt=tuple(config.handlaggare_falt),
        handlaggare_rader=officer_lines(case, project),
        listformat=ListFormatView(
            beslutsunderlag=formats.beslutsunderlag,
            bilagor=formats.bilagor,
            utdrag_till=formats.utdrag_till,
            beslut=formats.beslut or ("nummer" if numbered else "ingen"),
        ),
        sidfot=tuple(config.sidfot),
        sidfot_sidor=config.sidfot_sidor,
        logotyp=logo,
    )


def extract_context(memo: MemoContext, case: Case, extract: Extract, project: Project) -> ExtractContext:
    """One extract's view: the memo's context plus the decision (or the proposal standing as it)."""
    decision, config = case.beslut, project.config
    points = decision.punkter if decision and decision.punkter else case.forslag.punkter if case.forslag else []
    footer = config.sidfot if config.sidfot_utdrag is None else config.sidfot_utdrag
    return ExtractContext(
        **{**memo.variables(), "sidfot": tuple(footer)},
        utdrag_mottagare=extract.recipient,
        utkast=extract.draft,
        organ=decision.organ if decision else case.mottagare,
        paragraf=paragraph_mark(decision.paragraf) if decision else BLANK_PARAGRAPH,
        beslut_diarienummer=(decision.diarienummer if decision else None) or case.diarienummer,
        sammantradesdatum=decision.datum.isoformat() if decision else BLANK_DATE,
        beslut_rubrik=(decision.rubrik if decision else None) or config.rubriker.beslut,
        beslut_inledning=decision.inledning if decision else None,
        beslutspunkter=tuple(MarkdownSource(p) for p in points),
        beslutsgang=_markdown(decision.beslutsgang) if decision else None,
        yrkanden=_markdown(decision.yrkanden) if decision else None,
        omrostning=_markdown(decision.omrostning) if decision else None,
        reservationer=tuple(MarkdownSource(r) for r in decision.reservationer) if decision else (),
        protokollsanteckningar=tuple(MarkdownSource(n) for n in decision.protokollsanteckningar) if decision else (),
        jav=tuple(decision.jav) if decision else (),
        justerare=tuple(decision.justerare) if decision else (),
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
    """The memo (when the case has one) and its extracts, in that order, each ready for the writer."""
    memo = memo_context(case, project)
    typography = project.config.typografi == "pa"
    specs = []
    if (memo_name := memo_file_name(case)) is not None:
        specs.append(_spec(MEMO, memo_name, memo, None, None, templates, typography, case.datum))
    for extract in plan_extracts(case, combined=combined):
        context = extract_context(memo, case, extract, project)
        # An extract of a decision is dated by the meeting it records, not by the memo before it.
        date = case.beslut.datum if case.beslut else case.datum
        specs.append(
            _spec(EXTRACT, extract.file_name, context, context.organ, extract.recipient, templates, typography, date)
        )
    return specs


def _blocks(kind: DocumentKind, variables: dict[str, Any], templates: Templates) -> dict[str, str]:
    """Every block the built-in reference names, always all of them: a reference may place any one."""
    first_footer = templates.render(f"sidfot/{kind}.md.j2", {**variables, "forsta_sidan": True})
    return {
        "logotyp": templates.render("sidhuvud/logotyp.md.j2", variables),
        "sekretessrad": templates.render("sidhuvud/sekretess.md.j2", variables),
        "sidhuvud": templates.render(f"sidhuvud/{kind}.md.j2", variables),
        "sidhuvud_foljande": templates.render(f"sidhuvud/{kind}_foljande.md.j2", variables),
        "sidfot": first_footer,
        "sidfot_foljande": templates.render(f"sidfot/{kind}.md.j2", {**variables, "forsta_sidan": False}),
    }


def _spec(
    kind: DocumentKind,
    file_name: str,
    context: MemoContext,
    organ: str | None,
    recipient: str | None,
    templates: Templates,
    typography: bool,
    document_day: dt.date,
) -> DocumentSpec:
    variables = context.variables()  # once per document, shared by the body and every block
    doctype = (context.rubriker.dokumenttyp if kind == MEMO else context.rubriker.utdrag) or ""
    described = doctype  # in the properties, a draft must not pass for an extract of the minutes
    if isinstance(context, ExtractContext) and context.utkast:
        described = f"{doctype} ({context.rubriker.utkast or 'UTKAST'})".strip()
    organ = organ or context.mottagare
    date = context.datum.isoformat()
    custom = {"Diarienummer": context.diarienummer, "Datum": document_day.isoformat()}
    if described:
        custom["Dokumenttyp"] = described
    if organ:
        custom["Organ"] = organ
    if context.sekretess:
        custom["Sekretess"] = context.sekretess
    person = context.handlaggare
    page_label = context.rubriker.sida
    # A protocol's header names the meeting (organ, date, §): in a memo these are empty.
    meeting = context if isinstance(context, ExtractContext) else None
    return DocumentSpec(
        kind=kind,
        file_name=file_name,
        body=templates.render(f"{kind}.md.j2", variables),
        blocks=_blocks(kind, variables, templates),
        fields={
            "organisation": context.organisation,
            "dokumenttyp": doctype,
            "diarienummer": context.diarienummer,
            "datum": date,
            "rubrik": context.rubrik,
            "sekretess": context.sekretess or "",
            "avdelning": context.avdelning or "",
            "handlaggare": person.namn if person else "",
            "telefon": (person and person.telefon) or "",
            "epost": (person and person.epost) or "",
            "mottagare": context.mottagare or "",
            "er_beteckning": context.er_beteckning or "",
            "organ": organ or "",
            "sammantradesdatum": meeting.sammantradesdatum if meeting else "",
            "paragraf": meeting.paragraf if meeting else "",
            "sidetikett": f"{page_label}\u00a0" if page_label else "",
        },  # "Sida 1 (2)"; no label: "1 (2)"
        properties=DocumentProperties(
            title=context.rubrik,
            subject=f"{described} {context.diarienummer}".strip(),
            keywords=f"{context.diarienummer}; {described}" if described else context.diarienummer,
            author=person.namn if kind == MEMO and person else context.organisation,
            created=document_date(document_day),
            category=described,
            custom=custom,
        ),
        recipient=recipient,
        typography=typography,
    )

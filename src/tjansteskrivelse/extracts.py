"""Who gets which extract (protokollsutdrag), and whether it is a draft. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Case, Recipient
from .names import case_stem, person_slug, unique


@dataclass(frozen=True)
class Extract:
    file_stem: str  # RUN-572-2020-utdrag-dag-hartman
    recipient: str | None  # "Dag Hartman, Välfärd, klimat och kompetens"; None when unaddressed
    draft: bool  # no decision recorded yet: the proposal stands as the decision
    name: str | None = None  # the recipient's name alone, for a mailing script
    email: str | None = None

    @property
    def file_name(self) -> str:
        return f"{self.file_stem}.docx"


def memo_file_name(case: Case) -> str | None:
    """The memo's file name; None for a case without ``forslag`` (decided without a memo: extracts only)."""
    return None if case.forslag is None else f"{case_stem(case.diarienummer)}.docx"


def recipient_line(recipient: str | Recipient) -> str:
    """One line of the distribution list, as the memo prints it."""
    if isinstance(recipient, str):
        return recipient
    return ", ".join(part for part in (recipient.namn, recipient.enhet) if part)


def _recipient_name(recipient: str | Recipient) -> str:
    # A recipient written as text is named by the part before its first comma.
    return recipient.split(",", 1)[0] if isinstance(recipient, str) else recipient.namn


def plan_extracts(case: Case, *, combined: bool = False) -> list[Extract]:
    """One extract per ``utdrag_till`` entry, or one unaddressed extract when ``combined``.

    A case without a memo and without recipients still gets its one (unaddressed)
    extract: the extract is all such a case has to show.
    """
    stem = case_stem(case.diarienummer)
    draft = case.beslut is None
    if combined or (case.forslag is None and not case.utdrag_till):
        return [Extract(f"{stem}-utdrag", None, draft)]
    stems = unique([f"{stem}-utdrag-{person_slug(_recipient_name(r))}" for r in case.utdrag_till])
    return [
        Extract(s, recipient_line(r), draft, _recipient_name(r), None if isinstance(r, str) else r.epost)
        for s, r in zip(stems, case.utdrag_till, strict=True)
    ]

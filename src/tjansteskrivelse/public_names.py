"""Two cases whose diarienummer differ only by a personnummer (``KS 2024/19121212-1212`` and
``KS 2024/19121212-1204``) share one public file name: the public version masks the personnummer in
its name too (``KS-2024-AAMMDD-XXXX-publicering.docx``).

Such a pair is refused, never given told-apart names: any name that tells them apart in a
deterministic way is derived from the personnummer (a short hash of it is found by trying the few
million numbers of a birth year), and would publish what the masking hides. The refusal names
both case files, where each writes its diarienummer, when both are in one run; across runs it
names the other case's official document, found in the output folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Issue, OutputError
from .files import read_text
from .names import case_stem
from .output import FolderListing, recorded_diarienummer
from .personal_data import find_personnummer, kin, mask, shown
from .yaml_source import compose

HINT = (
    "a diarienummer should not hold a personnummer: correct the diarienummer, "
    "or render the two cases into different folders (-o)"
)


def diarienummer_place(path: Path) -> str:
    """``case.yaml:1:15``: where the case file writes its diarienummer (only the path if it cannot tell)."""
    issues: list[Issue] = []
    text = read_text(path, issues)
    document = compose(text, str(path), issues) if text is not None else None
    position = document.values.get(("diarienummer",)) if document is not None else None
    return str(path) if position is None else f"{path}:{position[0]}:{position[1]}"


def shared_in_run(name: str, this: Path, earlier: Path) -> OutputError:
    """Two cases of one run whose public versions would have the same file ``name``."""
    return OutputError(
        f"{diarienummer_place(this)}: the public version {name} would also be the public version of "
        f"{diarienummer_place(earlier)}: the two diarienummer differ only by a personnummer, which a public "
        "version masks; nothing of this case was written",
        hint=HINT,
    )


def twin(folder: Path, owner: str, listing: FolderListing) -> str | None:
    """The name of an official document in ``folder`` of another case whose diarienummer masks as
    ``owner`` does (so their public versions share a name), or None."""
    if not find_personnummer(owner):
        return None
    # The official names of its twins start as its own does up to the personnummer: the part its official and
    # its public name share. Not case_stem() of the part before the personnummer: that may not begin the whole
    # name ('CON ' is a reserved device name and becomes 'CON_', yet 'CON 19121212-1212' becomes 'CON-1912…').
    prefix = os.path.commonprefix([case_stem(owner), case_stem(mask(owner))])
    for candidate in listing.starting_with(folder, prefix):
        recorded = recorded_diarienummer(folder / candidate)
        if recorded is not None and kin(recorded, owner) == "twin":
            return candidate
    return None


def shared_with_twin(folder: Path, case: Path, name: str, other: str) -> OutputError:
    """The public version ``name`` of the case in the file ``case`` would be that of the case whose
    official document ``other`` (found by ``twin``) is in ``folder``."""
    return OutputError(
        f"{diarienummer_place(case)}: the public version {name} would also be the public version of the "
        f"case whose document {shown(other)} is in {folder}: the two diarienummer differ only by a "
        "personnummer, which a public version masks; nothing of this case was written",
        hint=HINT,
    )

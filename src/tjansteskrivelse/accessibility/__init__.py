"""Accessibility and archival check of any .docx (ours or anyone's).

Reads the package with ``zipfile`` and ``lxml`` only (``package``), fast and
independent of python-docx, so it also works on documents python-docx cannot
open, and safe on documents from anyone: sizes are capped, entities are never
expanded, nothing is fetched. ``rules`` holds the accessibility rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tjansteskrivelse.accessibility import rules
from tjansteskrivelse.accessibility.package import Package

__all__ = ["Finding", "check_document"]


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one document."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


def check_document(path: Path) -> list[Finding]:
    """Check one .docx; ``[]`` means no problem found.

    Raises TjsError (UsageError for a missing file) when the file is not a
    readable Word document.
    """
    package = Package(Path(path))
    return [Finding(package.name, location, message) for location, message in rules.check(package)]

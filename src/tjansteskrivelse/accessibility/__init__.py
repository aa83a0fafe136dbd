"""Accessibility, safety and integrity check of any .docx (ours or anyone's).

Reads the package with ``zipfile`` and ``lxml`` only (``package``), fast and
independent of python-docx, so it also works on documents python-docx cannot
open, and safe on documents from anyone: sizes are capped, entities are never
expanded, nothing is fetched. Three kinds of finding, each from its module:
``rules`` (accessibility: lag 2018:1937 / EN 301 549), ``security`` (content
that fetches, runs or opens something outside the document) and ``structure``
(integrity: what makes Word ask a question or offer a repair on opening).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tjansteskrivelse.accessibility import rules, security, structure
from tjansteskrivelse.accessibility.package import Package

__all__ = ["Category", "Finding", "check_document"]

Category = Literal["accessibility", "security", "integrity"]


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one document."""

    file: str
    location: str
    message: str
    category: Category = "accessibility"

    def __str__(self) -> str:
        # Accessibility findings print as before; the other kinds say which kind they are.
        kind = "" if self.category == "accessibility" else f"{self.category}: "
        return f"{self.file}: {self.location}: {kind}{self.message}"


def check_document(path: Path) -> list[Finding]:
    """Check one .docx; ``[]`` means no problem found.

    Security findings come first, then integrity, then accessibility ones (document-wide,
    then the body in reading order). Raises TjsError (UsageError for a
    missing file) when the file is not a readable Word document.
    """
    package = Package(Path(path))
    found = [Finding(package.name, part, message, "security") for part, message in security.check(package)]
    found += [Finding(package.name, part, message, "integrity") for part, message in structure.check(package)]
    found += [Finding(package.name, location, message) for location, message in rules.check(package)]
    return found

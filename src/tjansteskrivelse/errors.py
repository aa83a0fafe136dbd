"""Errors: user errors (something the user can fix) versus everything else.

Every stage raises a ``TjsError`` subclass for a problem in the user's input
(case file, config, template, reference document, paths). The CLI catches
``TjsError`` in one place and prints it without a traceback; any other
exception is a bug and is shown as one, without local variables.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    OK = 0
    INVALID = 1  # a case, config, template or document is wrong
    USAGE = 2  # the command line is wrong (bad option, no such path)
    INTERNAL = 3  # a bug in tjs


@dataclass(frozen=True)
class Issue:
    """One problem at one place in one file, printed like a compiler diagnostic."""

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"


class TjsError(Exception):
    """A problem the user can fix. ``str(error)`` is the whole message."""

    exit_code = ExitCode.INVALID

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  hint: {hint}")


class UsageError(TjsError):
    """The command line asks for something impossible (e.g. a path that does not exist)."""

    exit_code = ExitCode.USAGE


class InputError(TjsError):
    """A case file or project config is invalid; holds every issue found in it."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class TemplateError(TjsError):
    """A Jinja template (built-in or the project's) is wrong; names template:line."""


class MarkdownError(TjsError):
    """Rendered Markdown holds something the writer cannot place; names the line."""


class ReferenceDocumentError(TjsError):
    """The reference .docx is missing, broken, or lacks a style or placeholder."""


class OutputError(TjsError):
    """An output file cannot be written (permissions, collisions, disk)."""


class ConversionError(TjsError):
    """PDF conversion with LibreOffice failed (missing, timed out, refused)."""

"""Errors: user errors (something the user can fix) versus everything else.

Every stage raises a ``TjsError`` subclass for a problem in the user's input
(case file, config, template, reference document, paths). The CLI catches
``TjsError`` in one place and prints it without a traceback; any other
exception is a bug: it becomes an ``InternalError`` that names the exception
type and the code locations only (its message may hold case data).
"""

from __future__ import annotations

import enum
import traceback
from dataclasses import dataclass

# No project URL is published yet (pyproject.toml has none); name the place, not a guessed address.
BUG_REPORT = "the tjansteskrivelse project's issue tracker"


class ExitCode(enum.IntEnum):
    OK = 0
    INVALID = 1  # a case, config, template or document is wrong
    USAGE = 2  # the command line is wrong (bad option, no such path)
    INTERNAL = 3  # a bug in tjs
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), after the case in hand was finished or rolled back
    TERMINATED = 143  # SIGTERM (128 + SIGTERM), likewise


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

    def __reduce__(self) -> tuple:
        # Crosses process boundaries (render -j N) whole, whatever a subclass's __init__ takes.
        return _restore, (type(self), self.args, self.__dict__.copy())


def _restore(cls: type[TjsError], args: tuple, state: dict) -> TjsError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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


class InternalError(Exception):
    """A bug in tjs. Holds no case data: the exception type and ``file:line`` frames only.

    Picklable, so a worker process can hand it back to the batch.
    """

    exit_code = ExitCode.INTERNAL

    def __init__(self, kind: str, frames: tuple[str, ...]) -> None:
        super().__init__(kind, frames)
        self.kind = kind
        self.frames = frames

    @classmethod
    def of(cls, error: BaseException) -> InternalError:
        frames = tuple(f"{frame.filename}:{frame.lineno}" for frame in traceback.extract_tb(error.__traceback__))
        return cls(type(error).__name__, frames)

    def __str__(self) -> str:
        lines = [
            f"internal error ({self.kind}): this is a bug in tjs; please report it on {BUG_REPORT}",
            "  with these lines (the message is left out: it may hold case data):",
        ]
        return "\n".join([*lines, *(f"    at {frame}" for frame in self.frames)])

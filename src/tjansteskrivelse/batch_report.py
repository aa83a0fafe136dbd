"""How a batch is shown: the progress bar, the file list, the summary lines of `tjs render` and
`tjs validate`, the exit code, and the JSON report for scripts (its shape:
schema/render-report.schema.json, ``"version": 1``)."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from rich.console import Console

from .api import CaseResult, sha256
from .errors import ExitCode, InputError, InternalError

REPORT_VERSION = 1


class Progress:
    """A rich progress bar (cases done, failed, elapsed, remaining) on a terminal; nothing otherwise."""

    def __init__(self, console: Console, total: int, *, enabled: bool) -> None:
        self.console = console  # rich prints through it above a live bar
        self.enabled = enabled and console.is_terminal
        self.failed = 0
        self._bar: Any = None
        if self.enabled:
            from rich import progress

            self._bar = progress.Progress(
                progress.TextColumn("rendering"),
                progress.BarColumn(),
                progress.MofNCompleteColumn(),
                progress.TextColumn("{task.fields[failed]} failed"),
                progress.TimeElapsedColumn(),
                progress.TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._bar.add_task("rendering", total=total, failed=0)

    def __enter__(self) -> Self:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, result: CaseResult) -> None:
        self.failed += result.error is not None
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed)


def print_files(files: list[Path], console: Console) -> None:
    if not console.is_terminal:  # piped: one path per line, nothing else
        for file in files:
            print(file)
        return
    from rich.table import Table

    table = Table("Written", box=None)
    for file in files:
        table.add_row(str(file))
    console.print(table)


def summary(results: list[CaseResult]) -> str:
    """``3 of 5 cases rendered, 1 skipped, up to date, 1 with errors``."""
    total = len(results)
    rendered = sum(r.status == "rendered" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    failed = sum(r.error is not None for r in results)
    line = f"{rendered} of {total} {'case' if total == 1 else 'cases'} rendered"
    if skipped:
        line += f", {skipped} skipped, up to date"
    if failed:
        line += f", {failed} with errors"
    return line


def stopped(results: list[CaseResult], files: list[Path], *, terminated: bool) -> list[str]:
    """What a batch stopped by Ctrl-C or SIGTERM says: every file written, then the summary."""
    written = [f for r in results if r.status == "rendered" for f in r.files] + files
    by = "terminated" if terminated else "interrupted"
    return [
        f"{by}: no case is left half-written; {len(written)} files written before stopping:",
        *(f"  {file}" for file in written),
        summary(results),
    ]


def validation_summary(results: list[CaseResult], *, strict: bool) -> str:
    """``2 of 3 cases valid, 1 with errors, 2 warnings``."""
    failed = sum(r.error is not None for r in results)
    warned = sum(len(r.personal_data) for r in results)
    noun = "case" if len(results) == 1 else "cases"
    line = f"{len(results) - failed} of {len(results)} {noun} valid" + (f", {failed} with errors" * bool(failed))
    if warned:
        line += f", {warned} {'warning' if warned == 1 else 'warnings'}" + (" (--strict: failing)" * strict)
    return line


def exit_code(results: list[CaseResult], *, strict: bool = False) -> ExitCode:
    """3 if a bug stopped any case, else 1 if any failed (or, with ``strict``, warned), else 0."""
    if any(isinstance(r.error, InternalError) for r in results):
        return ExitCode.INTERNAL
    warned = strict and any(r.personal_data for r in results)
    return ExitCode.INVALID if warned or any(r.error is not None for r in results) else ExitCode.OK


def _diagnostics(result: CaseResult) -> list[dict[str, Any]]:
    error = result.error
    if error is None:
        return []
    if isinstance(error, InputError):
        return [{"file": i.file, "line": i.line, "column": i.column, "message": i.message} for i in error.issues]
    message = str(error) if isinstance(error, InternalError) else error.message
    return [{"file": str(result.path), "line": None, "column": None, "message": message}]


def _case(result: CaseResult) -> dict[str, Any]:
    return {
        "path": str(result.path),
        "status": result.status,
        "diagnostics": _diagnostics(result),
        "files": [
            {
                "path": str(d.path),
                "kind": d.kind,
                "recipient": None
                if d.recipient_name is None
                else {"name": d.recipient_name, "email": d.recipient_email},
                "sha256": sha256(d.path),
            }
            | ({"public": True} if d.public else {})
            for d in result.documents
        ],
        "attachments": [{"path": str(a), "sha256": sha256(a)} for a in result.attachments],
    }


def json_report(results: list[CaseResult]) -> str:
    summary = {status: sum(r.status == status for r in results) for status in ("rendered", "skipped", "failed")}
    summary["internal_errors"] = sum(isinstance(r.error, InternalError) for r in results)
    report = {
        "version": REPORT_VERSION,
        "cases": [_case(r) for r in results],
        "summary": {"total": len(results), **summary},
    }
    return json.dumps(report, ensure_ascii=False, indent=2)

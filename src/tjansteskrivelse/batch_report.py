"""How a `tjs render` batch is shown: the progress bar, the file list, the summary line and
the JSON report for scripts (its shape: schema/render-report.schema.json, ``"version": 1``)."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from rich.console import Console

from .api import CaseResult, sha256
from .errors import InputError, InternalError

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

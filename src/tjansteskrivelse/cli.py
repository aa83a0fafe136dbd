"""The ``tjs`` command: parse flags, call the library, print, map errors to exit codes.

User errors (``TjsError``) are printed as diagnostics on stderr without a
traceback, in ``main`` alone. Anything else is a bug: it is shown as a
traceback, but never with local variables (case files hold personal data).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import api
from .errors import ExitCode, InputError, TjsError, UsageError

app = typer.Typer(
    name="tjs",
    help="Turn YAML case files into Swedish decision memos (tjänsteskrivelse) and extracts (protokollsutdrag).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
templates_app = typer.Typer(help="See and export the built-in templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

CasesArgument = Annotated[list[str], typer.Argument(help="Case files, folders or globs.", show_default=False)]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Project config (default: nearest tjs.yaml).")]


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _report(error: TjsError) -> None:
    console = _stderr()
    lines = [str(i) for i in error.issues] if isinstance(error, InputError) else [str(error)]
    for line in lines:
        prefix = "" if ": error: " in line else "error: "
        console.print(prefix + line, markup=False)


def _summary(failed: int, total: int, verb: str) -> None:
    noun = "case" if total == 1 else "cases"
    message = f"{total - failed} of {total} {noun} {verb}" + (f", {failed} with errors" if failed else "")
    _stderr().print(message, markup=False)


def _case_paths(cases: list[str]) -> list[Path]:
    paths = api.expand_paths(cases)
    if not paths:
        raise TjsError(f"no case files (*.yaml) in {', '.join(cases)}")
    return paths


@app.command()
def validate(cases: CasesArgument, config: ConfigOption = None) -> None:
    """Check case files; every problem is listed as file:line:column."""
    paths = _case_paths(cases)
    failed = 0
    for result in api.check_cases(paths, config=config):
        if result.error is not None:
            failed += 1
            _report(result.error)
    _summary(failed, len(paths), "valid")
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


@app.command()
def render(
    cases: CasesArgument,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder (default: out/).")] = None,
    samlat: Annotated[bool, typer.Option("--samlat", help="One unaddressed extract instead of one per recipient.")] = False,
    config: ConfigOption = None,
    templates: Annotated[Optional[Path], typer.Option("--templates", help="Template folder searched first.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write tagged PDF/A-2b files (needs LibreOffice).")] = False,
) -> None:
    """Render each case's memo and extracts as .docx files."""
    paths = _case_paths(cases)
    results = []
    for result in api.render_cases(paths, output, config=config, combined=samlat, templates=templates):
        if result.error is not None:
            _report(result.error)
        results.append(result)
    written = [f for r in results for f in r.files]
    if pdf and written:
        written.extend(api.write_pdfs(written))
    _print_files(written)
    failed = sum(r.error is not None for r in results)
    _summary(failed, len(results), "rendered")
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


def _print_files(files: list[Path]) -> None:
    console = _stdout()
    if not console.is_terminal:  # piped: one path per line, nothing else
        for file in files:
            print(file)
        return
    from rich.table import Table

    table = Table("Written", box=None)
    for file in files:
        table.add_row(str(file))
    console.print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a case file (for editors: see README)."""
    import json

    from .model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def new(
    diarienummer: Annotated[str, typer.Argument(help="The case number, e.g. 'KS 2021/123'.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: DNR.yaml).")] = None,
) -> None:
    """Write a commented starting case file (never over an existing one)."""
    from .scaffold import write_new_case

    path = write_new_case(diarienummer, output)
    _stderr().print(f"wrote {path}; fill in the <…> placeholders, then run: tjs validate {path}", markup=False)


@app.command()
def check(files: Annotated[list[Path], typer.Argument(help=".docx files to check.")]) -> None:
    """Check .docx files for accessibility problems before publishing."""
    from .check import check_document

    problems = 0
    for file in files:
        if not file.exists():
            raise UsageError(f"{file}: no such file")
        for finding in check_document(file):
            problems += 1
            _stderr().print(str(finding), markup=False)
    _stderr().print(f"{len(files)} documents checked, {problems} problems", markup=False)
    raise typer.Exit(ExitCode.INVALID if problems else ExitCode.OK)


@templates_app.command("list")
def templates_list(
    templates: Annotated[Optional[Path], typer.Option("--templates", help="Template folder searched first.")] = None,
    config: ConfigOption = None,
) -> None:
    """Show the file each template resolves to (your own before the built-in ones).

    One line per template: name, the file used, and which file it replaces when
    yours overrides a built-in one. The project is the tjs.yaml in the current
    folder or the nearest parent (or --config).
    """
    renderer = api.Renderer(api.project_in(config=config), templates=templates)
    for name, used, hidden in renderer.sources():
        note = f"\treplaces {', '.join(map(str, hidden))}" if hidden else ""
        print(f"{name}\t{used}{note}")


@templates_app.command("export")
def templates_export(folder: Annotated[Path, typer.Argument(help="Folder to write the templates into.")]) -> None:
    """Write the built-in templates and reference document for editing."""
    from .scaffold import export_templates

    written = export_templates(folder)
    _stderr().print(f"wrote {len(written)} files to {folder}; use them with --templates {folder} "
                    "or 'mallar:' in tjs.yaml", markup=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one place that turns errors into messages and exit codes."""
    try:
        code = app(args=argv, prog_name="tjs", standalone_mode=False)
    except TjsError as error:
        _report(error)
        sys.exit(error.exit_code)
    except typer.Abort:
        _stderr().print("aborted", markup=False)
        sys.exit(ExitCode.INVALID)
    except Exception as error:
        # Click's usage errors (typer may bundle its own copy of click): show them plainly.
        if callable(getattr(error, "show", None)) and isinstance(getattr(error, "exit_code", None), int):
            error.show()
            sys.exit(ExitCode.USAGE)
        raise
    sys.exit(code or ExitCode.OK)

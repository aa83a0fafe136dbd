"""The ``tjs`` command: parse flags, call the library, print, map errors to exit codes.

``main`` is the one place that turns errors into exit codes: 0 ok, 1 invalid
input or a failed case, 2 usage, 3 internal error (a bug: reported without the
exception's message or local variables, which may hold case data). The
rendering stack (Jinja, python-docx) is imported only by the commands that render.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .errors import ExitCode, InputError, InternalError, TjsError, UsageError

try:  # Typer >= 0.2x bundles Click; its usage errors derive from this class
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older Typer on the real Click
    from click import ClickException  # type: ignore[assignment,no-redef,unused-ignore]

if TYPE_CHECKING:
    from rich.console import Console

    from .api import CaseResult

app = typer.Typer(
    name="tjs",
    help="Turn YAML case files into Swedish decision memos (tjänsteskrivelse) and extracts (protokollsutdrag).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
templates_app = typer.Typer(help="See and export the built-in templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

CasesArgument = Annotated[list[str], typer.Argument(help="Case files, folders or globs.", show_default=False)]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Project config (default: nearest tjs.yaml).")]
PROGRESS_FROM = 4  # cases; fewer finish before a bar would be worth drawing


def _console(*, stderr: bool) -> Console:
    # User text is printed as written: no markup, emoji codes or highlighting (":smile:" stays ":smile:").
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"tjs {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True, callback=_version)
    ] = False,
) -> None:
    """Turn YAML case files into Swedish decision memos (tjänsteskrivelse) and extracts (protokollsutdrag)."""


def _report(error: TjsError | InternalError, console: Console, case: Path | None = None) -> None:
    """Diagnostics on stderr; an error that names no file is put on the case it stopped."""
    lines = [str(i) for i in error.issues] if isinstance(error, InputError) else [str(error)]
    prefix = f"{case}: error: " if case is not None else "error: "
    for line in lines:
        console.print(line if ": error: " in line else prefix + line)


@app.command()
def validate(
    cases: CasesArgument,
    config: ConfigOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings (personal data) fail too, with exit 1: for pre-commit.")
    ] = False,
) -> None:
    """Check case files; every problem is listed as file:line:column.

    Also warns about personnummer (and what tjs.yaml's publicering.varna_for adds:
    e-mail addresses, phone numbers) in text the public version would carry.
    """
    from .api import validate_cases
    from .batch_report import exit_code, validation_summary
    from .files import expand_paths

    console = _console(stderr=True)
    paths = expand_paths(cases, console.print)
    results = []
    for result in validate_cases(paths, config=config):
        if result.error is not None:
            _report(result.error, console, result.path)
        for warning in result.personal_data:
            console.print(f"{result.path}:{warning.line}:{warning.column}: warning: {warning.message}")
        results.append(result)
    console.print(validation_summary(results, strict=strict))
    raise typer.Exit(exit_code(results, strict=strict))


@app.command()
def render(
    cases: CasesArgument,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output folder (default: out/).")] = None,
    samlat: Annotated[
        bool, typer.Option("--samlat", help="One unaddressed extract instead of one per recipient.")
    ] = False,
    config: ConfigOption = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Template folder searched first.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write tagged PDF/A-2b files (needs LibreOffice).")] = False,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Worker processes (default: one per CPU).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Render cases whose documents are up to date, too.")] = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print a report of every case and file (JSON) on stdout.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="No file list or progress; errors and summary only.")
    ] = False,
    publicering: Annotated[
        bool,
        typer.Option(
            "--publicering",
            help="Also write each document's public version "
            "(NAME-publicering.docx): personnummer masked, fields tjs.yaml's "
            "publicering.utelamna names left out, a secret case as a stub.",
        ),
    ] = False,
) -> None:
    """Render each case's memo and extracts as .docx files; cases already up to date are skipped."""
    from .api import render_cases, write_pdfs
    from .batch_report import Progress, exit_code, json_report, print_files, stopped, summary
    from .files import expand_paths
    from .output import Interrupted, Terminated

    err = _console(stderr=True)
    paths = expand_paths(cases, err.print)
    results: list[CaseResult] = []
    jobs = jobs or os.cpu_count() or 1
    # SIGTERM becomes an exception, so a case being written is finished or rolled back (output.write_all)
    # and LibreOffice's process group and profile are cleaned up, as for Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with Progress(err, len(paths), enabled=not (quiet or json) and len(paths) >= PROGRESS_FROM) as progress:
            for result in render_cases(
                paths,
                output,
                config=config,
                combined=samlat,
                templates=templates,
                force=force,
                pdf=pdf,
                jobs=jobs,
                publicering=publicering,
            ):
                if result.error is not None:
                    _report(result.error, progress.console, result.path)
                results.append(result)
                progress.advance(result)
    except (Interrupted, Terminated, KeyboardInterrupt) as stop:
        terminated = isinstance(stop, Terminated)
        for line in stopped(results, list(getattr(stop, "files", [])), terminated=terminated):
            err.print(line)
        raise typer.Exit(ExitCode.TERMINATED if terminated else ExitCode.INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    for warning in dict.fromkeys(w for r in results for w in r.warnings):
        err.print(f"warning: {warning}")
    rendered = [f for r in results if r.status == "rendered" for f in r.files if f.suffix == ".docx"]
    if pdf and rendered:
        write_pdfs(rendered)
    if json:
        print(json_report(results))
    elif not quiet and not progress.enabled:
        print_files([f for r in results if r.status == "rendered" for f in r.files], _console(stderr=False))
    err.print(summary(results))
    raise typer.Exit(exit_code(results))


@app.command()
def show(
    case: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    utdrag: Annotated[bool, typer.Option("--utdrag", help="Show the extracts (one per recipient) instead.")] = False,
    samlat: Annotated[bool, typer.Option("--samlat", help="With --utdrag: one unaddressed extract.")] = False,
    publicering: Annotated[bool, typer.Option("--publicering", help="Show the public version.")] = False,
    config: ConfigOption = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Template folder searched first.")] = None,
) -> None:
    """Show the memo as it will read, in the terminal (no Word needed); --utdrag for the extracts."""
    from .files import check_path
    from .show import show_case

    check_path(case)
    from rich.console import Console

    # Wrapped (unlike the other commands' output): a list item or paragraph is read whole, not cut off.
    console = Console(markup=False, emoji=False, highlight=False)
    show_case(case, console, extracts=utdrag, combined=samlat, public=publicering, config=config, templates=templates)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a case file (for editors: see README)."""
    import json

    from .model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def new(
    diarienummer: Annotated[str, typer.Argument(help="The case number, e.g. 'KS 2021/123'.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: DNR.yaml).")] = None,
) -> None:
    """Write a commented starting case file (never over an existing one)."""
    from .scaffold import write_new_case

    path = write_new_case(diarienummer, output)
    _console(stderr=True).print(f"wrote {path}; fill in the ‹…› placeholders, then run: tjs validate {path}")


@app.command()
def check(files: Annotated[list[Path], typer.Argument(help=".docx files to check.")]) -> None:
    """Check .docx files before publishing: accessibility, package integrity, risky content."""
    from .accessibility import check_document
    from .files import path_kind

    console, problems = _console(stderr=True), 0
    for file in files:
        if path_kind(file) == "missing":
            raise UsageError(f"{file}: no such file")
        for finding in check_document(file):
            problems += 1
            console.print(str(finding))
    documents, found = _count(len(files), "document"), _count(problems, "problem")
    console.print(f"{documents} checked, {found}")
    raise typer.Exit(ExitCode.INVALID if problems else ExitCode.OK)


@templates_app.command("list")
def templates_list(
    templates: Annotated[Path | None, typer.Option("--templates", help="Template folder searched first.")] = None,
    config: ConfigOption = None,
) -> None:
    """Show the file each template resolves to (your own before the built-in ones).

    One line per template: name, the file used, and which file it replaces when
    yours overrides a built-in one. The project is the tjs.yaml in the current
    folder or the nearest parent (or --config).
    """
    from .api import Renderer
    from .project import project_in

    renderer = Renderer(project_in(config=config), templates=templates)
    for name, used, hidden in renderer.sources():
        note = f"\treplaces {', '.join(map(str, hidden))}" if hidden else ""
        print(f"{name}\t{used}{note}")


@templates_app.command("export")
def templates_export(folder: Annotated[Path, typer.Argument(help="Folder to write the templates into.")]) -> None:
    """Write the built-in templates and reference document for editing."""
    from .scaffold import export_templates

    written = export_templates(folder)
    _console(stderr=True).print(
        f"wrote {len(written)} files to {folder}; use them with --templates {folder} or 'mallar:' in tjs.yaml"
    )


def _terminate(signum: int, frame: object) -> None:
    from .output import Terminated

    raise Terminated([])


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one place that turns errors into messages and exit codes."""
    sys.exit(run(argv))


@functools.cache
def _command() -> Any:  # a Click command (Typer's bundled Click or the real one)
    """The Click command Typer builds from ``app``: it depends on the code alone, so it is built
    once per process (a script or test that calls ``run`` many times saves ~15 ms a call)."""
    return typer.main.get_command(app)


def run(argv: list[str] | None = None) -> int:
    try:
        code = _command().main(args=argv, prog_name="tjs", standalone_mode=False)
    except TjsError as error:
        _report(error, _console(stderr=True))
        return error.exit_code
    except ClickException as error:  # the command line itself is wrong
        error.show()
        return ExitCode.USAGE
    except typer.Abort:
        _console(stderr=True).print("aborted")
        return ExitCode.INVALID
    except Exception as error:  # noqa: BLE001 - a bug: reported without its message (it may hold case data)
        _report(InternalError.of(error), _console(stderr=True))
        return ExitCode.INTERNAL
    return int(code or ExitCode.OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")

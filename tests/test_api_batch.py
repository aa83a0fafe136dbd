"""`tjs render` over a batch: parallel workers, the JSON report, incremental runs, progress,
one error boundary per case, and the library API a script uses."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console
from samples import VALID, run_tjs, write

from tjansteskrivelse.api import CaseResult, Renderer, render_case, render_cases
from tjansteskrivelse.batch_report import Progress

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "schema" / "render-report.schema.json").read_text(encoding="utf-8"))
RECIPIENTS = """\
utdrag_till:
  - namn: Dag Hartman
    epost: dag.hartman@example.se
  - Ekonomienheten
bilagor:
  - titel: Karta
    fil: karta.pdf
"""
A_WHILE_AGO = 1_600_000_000  # seconds; inputs older than any output written now


def case(folder: Path, number: str, extra: str = "") -> Path:
    path = write(folder, VALID.replace("KS 2021/123", number) + extra, f"{number}.yaml")
    if "karta.pdf" in extra:  # a named attachment must exist (tjs validate checks it)
        write(folder, b"%PDF-1.4 karta", "karta.pdf")
    os.utime(path, (A_WHILE_AGO, A_WHILE_AGO))  # file systems stamp coarsely: make "older" unambiguous
    return path


@pytest.fixture
def three(tmp_path: Path) -> list[Path]:
    return [case(tmp_path / "cases", n, RECIPIENTS) for n in ("A-1", "B-2", "C-3")]


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_parallel_and_serial_runs_write_the_same_files_in_the_same_order(tmp_path, three, capsys):
    serial = run_tjs(capsys, "render", *three, "-o", tmp_path / "j1", "-j", "1")
    parallel = run_tjs(capsys, "render", *three, "-o", tmp_path / "j2", "-j", "2")
    assert serial[0] == parallel[0] == 0
    assert serial[1].replace("j1", "j2") == parallel[1]  # one path per line, in case order
    assert serial[1].splitlines()[:3] == [
        str(tmp_path / "j1" / n) for n in ("A-1.docx", "A-1-utdrag-dag-hartman.docx", "A-1-utdrag-ekonomienheten.docx")
    ]
    assert len(outputs(tmp_path / "j1")) == 9
    assert outputs(tmp_path / "j1") == outputs(tmp_path / "j2")


def test_a_broken_case_among_others_fails_alone(tmp_path, three, capsys):
    broken = write(tmp_path / "cases", VALID.replace("rubrik:", "rubirk:"), "B-2.yaml")
    code, _, err = run_tjs(capsys, "render", tmp_path / "cases", "-o", tmp_path / "out", "-j", "2")
    assert code == 1
    assert f"{broken}:7:1: error: unknown key 'rubirk'" in err
    assert err.rstrip().endswith("2 of 3 cases rendered, 1 with errors")
    assert not list((tmp_path / "out").glob("B-2*"))


def test_json_report_is_the_documented_shape_with_true_digests(tmp_path, three, capsys):
    (tmp_path / "cases" / "karta.pdf").write_bytes(b"%PDF-1.4 karta")
    write(tmp_path / "cases", VALID.replace("datum: 2021-03-01", "datum: 2021-13-01"), "B-2.yaml")
    code, out, err = run_tjs(capsys, "render", *three, "-o", tmp_path / "out", "--json", "-j", "1")
    assert code == 1 and err.endswith("2 of 3 cases rendered, 1 with errors\n")
    report = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    a, b, c = report["cases"]
    assert [a["status"], b["status"], c["status"]] == ["rendered", "failed", "rendered"]
    assert b["files"] == [] and b["diagnostics"][0]["file"] == str(three[1])
    assert (b["diagnostics"][0]["line"], b["diagnostics"][0]["column"]) == (2, 8)
    assert [(f["kind"], f["recipient"]) for f in a["files"]] == [
        ("memo", None),
        ("extract", {"name": "Dag Hartman", "email": "dag.hartman@example.se"}),
        ("extract", {"name": "Ekonomienheten", "email": None}),
    ]
    for file in a["files"] + c["files"]:
        assert file["sha256"] == hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest()
    assert a["attachments"] == [
        {"path": str(tmp_path / "cases" / "karta.pdf"), "sha256": hashlib.sha256(b"%PDF-1.4 karta").hexdigest()}
    ]
    assert report["summary"] == {"total": 3, "rendered": 2, "skipped": 0, "failed": 1, "internal_errors": 0}


def test_a_second_run_skips_what_is_up_to_date(tmp_path, three, capsys):
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "extra.md.j2").write_text("oanvänd\n", encoding="utf-8")
    os.utime(templates / "extra.md.j2", (A_WHILE_AGO, A_WHILE_AGO))
    args = ["render", *three, "-o", tmp_path / "out", "--templates", templates, "-j", "1"]
    assert run_tjs(capsys, *args)[2].endswith("3 of 3 cases rendered\n")
    first = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}

    code, out, err = run_tjs(capsys, *args)
    assert (code, out, err) == (0, "", "0 of 3 cases rendered, 3 skipped, up to date\n")
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == first

    os.utime(three[1])  # touched: newer than its documents
    code, out, err = run_tjs(capsys, *args)
    assert err == "1 of 3 cases rendered, 2 skipped, up to date\n"
    assert sorted(Path(line).name for line in out.split()) == [
        "B-2-utdrag-dag-hartman.docx",
        "B-2-utdrag-ekonomienheten.docx",
        "B-2.docx",
    ]

    os.utime(templates / "extra.md.j2")  # a template of the project changed: everything again
    assert run_tjs(capsys, *args)[2] == "3 of 3 cases rendered\n"
    assert run_tjs(capsys, *args, "--force")[2] == "3 of 3 cases rendered\n"


def test_a_missing_output_is_rendered_again(tmp_path, three, capsys):
    args = ["render", *three, "-o", tmp_path / "out", "-j", "1"]
    run_tjs(capsys, *args)
    (tmp_path / "out" / "C-3-utdrag-ekonomienheten.docx").unlink()
    assert run_tjs(capsys, *args)[2] == "1 of 3 cases rendered, 2 skipped, up to date\n"


def test_progress_bar_counts_cases_and_failures_on_a_terminal():
    output = io.StringIO()
    console = Console(file=output, force_terminal=True, width=100, color_system=None)
    with Progress(console, 3, enabled=True) as progress:
        for error in (None, ValueError("x"), None):
            progress.advance(CaseResult(Path("x.yaml"), error=error))  # type: ignore[arg-type]
    shown = output.getvalue()
    assert "3/3" in shown and "1 failed" in shown and "0:00:0" in shown


def test_no_progress_bar_when_piped():
    output = io.StringIO()
    console = Console(file=output, force_terminal=False)
    with Progress(console, 50, enabled=True) as progress:
        progress.advance(CaseResult(Path("x.yaml"), status="rendered"))
    assert not progress.enabled and output.getvalue() == ""


def test_reference_warnings_are_printed_once_per_batch(tmp_path, three, capsys):
    """A reference with a macro part: it is stripped, and the batch says so once, not per case."""
    import zipfile

    with (
        zipfile.ZipFile(REPO / "templates" / "referens.docx") as source,
        zipfile.ZipFile(tmp_path / "cases" / "mall.docx", "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"not really VBA")
    write(tmp_path / "cases", "referens: mall.docx\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", *three, "-o", tmp_path / "out", "-j", "1", "--quiet")
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "vbaProject.bin" in warnings[0], err
    assert err.endswith("3 of 3 cases rendered\n")


def test_two_cases_with_one_diarienummer_do_not_overwrite_each_other(tmp_path, capsys):
    first = case(tmp_path / "a", "X-1")
    second = case(tmp_path / "b", "X-1")
    code, _, err = run_tjs(capsys, "render", first, second, "-o", tmp_path / "out", "-j", "2")
    assert code == 1 and "was already written in this run from" in err
    assert run_tjs(capsys, "render", first, second, "-o", tmp_path / "out", "-j", "1")[0] == 1  # up to date: still


def test_a_script_holds_one_renderer_for_many_cases(tmp_path, three):
    renderer = Renderer()
    written = [render_case(path, tmp_path / "out", renderer=renderer) for path in three]
    assert [files[0].name for files in written] == ["A-1.docx", "B-2.docx", "C-3.docx"]
    results = list(render_cases(three, tmp_path / "again", force=True))
    assert [r.status for r in results] == ["rendered"] * 3
    assert [f.read_bytes() for r in results for f in r.files] == [f.read_bytes() for fs in written for f in fs]


def test_a_markdown_error_names_the_case_and_the_batch_goes_on(tmp_path, capsys):
    deep = "    text: |\n      - a\n        - b\n          - c\n            - d\n"
    ok, bad = case(tmp_path, "A-1"), case(tmp_path, "B-2")
    bad.write_text(bad.read_text(encoding="utf-8").replace("    text: Text.\n", deep), encoding="utf-8")
    code, out, err = run_tjs(capsys, "render", ok, bad, "-o", tmp_path / "out", "-j", "1")
    assert code == 1
    # Found when the case is read, at the case file's line and column of the deepest list.
    assert f"{bad}:14:13: error: " in err and "4 levels deep" in err and "Traceback" not in err
    assert out.split() == [str(tmp_path / "out" / "A-1.docx")]
    assert err.rstrip().endswith("1 of 2 cases rendered, 1 with errors")


def test_templates_in_the_project_folder_itself_leave_the_documents_out_of_the_inputs(tmp_path, capsys):
    # `mallar: .` with out/ inside the project: the documents written are not inputs of the next run,
    # a partial in a subfolder is, and a hidden folder (.git) is not.
    (tmp_path / "tjs.yaml").write_text("mallar: .\n", encoding="utf-8")
    (tmp_path / "delar").mkdir()
    (tmp_path / "delar" / "fot.md.j2").write_text("x\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    case = write(tmp_path, VALID)
    for path in (tmp_path / "tjs.yaml", tmp_path / "delar" / "fot.md.j2", case):
        os.utime(path, (A_WHILE_AGO, A_WHILE_AGO))
    args = ["render", case, "-o", tmp_path / "out", "-j", "1"]
    assert run_tjs(capsys, *args)[2] == "1 of 1 case rendered\n"
    (tmp_path / ".git" / "index").write_text("newer than the documents\n", encoding="utf-8")
    assert run_tjs(capsys, *args)[2] == "0 of 1 case rendered, 1 skipped, up to date\n"
    os.utime(tmp_path / "delar" / "fot.md.j2")
    assert run_tjs(capsys, *args)[2] == "1 of 1 case rendered\n"

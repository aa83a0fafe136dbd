"""The command line's contract: exit codes, internal errors without case data, --version,
completion, NO_COLOR, literal diagnostics, and imports kept lazy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from samples import VALID, run_tjs, write

SECRET = "Kalle 19121212-1212"


def cases(folder: Path, *names: str) -> list[Path]:
    return [write(folder, VALID.replace("KS 2021/123", name), f"{name}.yaml") for name in names]


@pytest.fixture
def writer_fails_on_b(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the writer, for case B only; its message holds case data."""
    from tjansteskrivelse import writer

    real = writer.write_document

    def write_document(reference, spec, **options):
        if spec.fields["diarienummer"] == "B":
            raise RuntimeError(SECRET)
        return real(reference, spec, **options)

    monkeypatch.setattr(writer, "write_document", write_document)


def test_an_internal_error_exits_3_without_case_data_and_the_batch_goes_on(tmp_path, capsys, writer_fails_on_b):
    out = tmp_path / "out"
    code, stdout, err = run_tjs(capsys, "render", "-j", "1", *cases(tmp_path, "A", "B", "C"), "-o", out)
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == ["A.docx", "C.docx"]
    assert SECRET not in stdout + err and "1912" not in err and "Traceback" not in err
    assert f"{tmp_path / 'B.yaml'}: error: internal error (RuntimeError)" in err
    assert "issue tracker" in err
    assert re.search(r"at .*test_cli_conventions\.py:\d+$", err, re.MULTILINE)  # frames: file:line only
    assert err.rstrip().endswith("2 of 3 cases rendered, 1 with errors")


def test_an_internal_error_outside_any_case_exits_3(tmp_path, capsys, monkeypatch):
    from tjansteskrivelse import files

    def expand_paths(arguments, note):
        raise KeyError(SECRET)

    monkeypatch.setattr(files, "expand_paths", expand_paths)
    code, _, err = run_tjs(capsys, "validate", "x.yaml")
    assert code == 3 and SECRET not in err and "internal error (KeyError)" in err


def test_exit_codes_for_invalid_input_and_usage(tmp_path, capsys):
    bad = write(tmp_path, "diarienummer: X\n")
    assert run_tjs(capsys, "validate", bad)[0] == 1
    assert run_tjs(capsys, "validate", tmp_path / "finns-inte.yaml")[0] == 2
    code, _, err = run_tjs(capsys, "render", "--no-such-option", bad)
    assert code == 2 and "No such option" in err
    assert run_tjs(capsys, "render", "-j", "0", bad)[0] == 2


def test_diagnostics_are_printed_literally(tmp_path, capsys):
    path = write(tmp_path, VALID.replace("datum: 2021-03-01", 'datum: "2020:x:01 :smile: [bold]b[/bold]"'))
    code, _, err = run_tjs(capsys, "validate", path)
    assert code == 1
    assert "2020:x:01 :smile: [bold]b[/bold]" in err
    assert "😄" not in err and "❌" not in err


def tjs_process(
    *args: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tjansteskrivelse", *map(str, args)],
        capture_output=True,
        check=False,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def test_version_comes_from_the_package_metadata(capsys):
    import tjansteskrivelse

    assert run_tjs(capsys, "--version")[:2] == (0, f"tjs {version('tjansteskrivelse')}\n")
    assert tjansteskrivelse.__version__ == version("tjansteskrivelse")


def test_help_offers_shell_completion(capsys):
    code, out, _ = run_tjs(capsys, "--help")
    assert code == 0 and "--install-completion" in out


def test_no_color_is_respected_on_a_forced_terminal(tmp_path):
    paths = cases(tmp_path, "A", "B", "C", "D")
    done = tjs_process(
        "render", *paths, "-o", tmp_path / "out", "-j", "1", env={"NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "100"}
    )
    assert done.returncode == 0, done.stderr
    colours = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m")
    assert not colours.search(done.stdout + done.stderr)
    assert "4 of 4 cases rendered" in done.stderr


@pytest.mark.parametrize("args", [["--help"], ["validate", "{case}"]])
def test_help_and_validate_do_not_import_the_rendering_stack(tmp_path, args):
    case = write(tmp_path, VALID)
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('LOADED', sorted({m.split('.')[0] for m in sys.modules}"
        " & {'jinja2', 'docx'} | {m for m in sys.modules if m.startswith('tjansteskrivelse.writer')}),"
        " file=sys.stderr))\n"
        "from tjansteskrivelse.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *(a.format(case=case) for a in args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr


def test_a_named_tjs_yaml_is_not_a_case_and_hidden_folders_are_passed_over(tmp_path, capsys):
    """`tjs validate examples/nacka/*.yaml` names the project's tjs.yaml too: a note, not 12 errors;
    a folder's .pre-commit-config.yaml or .github/ files are not cases either."""
    write(tmp_path, "organisation: Exempelby kommun\n", "tjs.yaml")
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path / ".github", "name: ci\n", "ci.yaml")
    write(tmp_path, "repos: []\n", ".pre-commit-config.yaml")
    code, _, err = run_tjs(capsys, "validate", tmp_path / "tjs.yaml", tmp_path / "a.yaml")
    assert code == 0, err
    assert f"note: {tmp_path / 'tjs.yaml'} is the project configuration" in err
    assert err.endswith("1 of 1 case valid\n")
    code, _, err = run_tjs(capsys, "validate", tmp_path)
    assert code == 0 and err == "1 of 1 case valid\n", err

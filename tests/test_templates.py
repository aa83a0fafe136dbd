"""Templates: confined to their folders, errors named by template:line without case data, a budget."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from samples import VALID, run_tjs, write

from tjansteskrivelse.errors import TemplateError
from tjansteskrivelse.project import check_project_folder
from tjansteskrivelse.sandbox import sandbox
from tjansteskrivelse.templates import BUILTIN_TEMPLATES, Budget, Templates

SECRET = "Kalle Hemligsson 19121212-1212"
VARIABLES = {"namn": SECRET, "datum": dt.date(2021, 3, 1), "d": {}}


def folder_with(tmp_path: Path, **templates: str) -> Path:
    folder = tmp_path / "mallar"
    for name, text in templates.items():
        path = folder / name.replace("__", "/").replace("_md", ".md.j2")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


DEFAULT = Budget()


def failure(folder: Path, name: str, budget: Budget = DEFAULT) -> str:
    with pytest.raises(TemplateError) as raised:
        Templates([folder], budget=budget).render(name, VARIABLES)
    message = str(raised.value)
    assert "Hemligsson" not in message and "19121212" not in message
    return message


@pytest.mark.parametrize(
    ("source", "line", "says"),
    [
        ("a\n{{ 1/0 }}", 2, "division by zero (ZeroDivisionError)"),
        ("a\nb\n{{ namn + 1 }}", 3, "(TypeError)"),
        ("{% macro f() %}{{ f() }}{% endmacro %}\n\n{{ f() }}", 1, "calls itself without end"),
        ("x\n{% include 'x.md.j2' %}", 2, "calls itself without end"),
        ("\n{% include 'referens.docx' %}", 2, "'referens.docx' cannot be included: only templates (*.j2) can"),
        ("{{ datum.fromisoformat(namn) }}", 1, "(ValueError)"),
        ("{{ d[namn] }}", 1, "'dict object' has no attribute '…'"),
        ("{{ 9**(9**9) }}", 1, "a number larger than 2**333"),
        ("{{ 'x'*10**9 }}", 1, "text or a list longer than 50,000,000"),
        ("{{ 'x'.center(10**9) }}", 1, "text longer than 50,000,000 characters (from center)"),
        ("{{ namn.replace('', 'x' * 10**7) }}", 1, "text longer than 50,000,000 characters (from replace)"),
        ("{{ 'x' | center(10**9) }}", 1, "(from center)"),
        ("{{ 'x' | indent(10**9) }}", 1, "(from indent)"),
        ("{{ range(100000) | join('x' * 10**6) }}", 1, "(from join)"),
        ("{{ ('x' * 10**6).join(range(100000)) }}", 1, "(from join)"),
        ("{{ namn | replace('', 'x' * 10**7) }}", 1, "(from replace)"),
        ("{{ '%999999999d' | format(1) }}", 1, "(from format)"),
        ("{{ '%999999999d' % 1 }}", 1, "(from %)"),
        ("{{ '{:>999999999}'.format(1) }}", 1, "(from format)"),
    ],
)
def test_template_errors_name_the_template_and_line_and_no_case_data(
    tmp_path: Path, source: str, line: int, says: str
) -> None:
    folder = folder_with(tmp_path, x_md=source)
    message = failure(folder, "x.md.j2")
    assert message.startswith(f"{folder / 'x.md.j2'}:{line}: ")
    assert says in message


def test_syntax_errors_are_reported_whole(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, x_md="a\n{{ x y }}")
    assert failure(folder, "x.md.j2") == f"{folder / 'x.md.j2'}:2: expected token 'end of print statement', got 'y'"


def test_the_line_is_that_of_the_included_template(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, x_md="a\n{% include 'delar/y.md.j2' %}", delar__y_md="\n\n{{ 1/0 }}")
    assert failure(folder, "x.md.j2").startswith(f"{folder / 'delar' / 'y.md.j2'}:3: division by zero")


def test_output_and_time_budgets_stop_at_the_template_line(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        big_md="start\n{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
        slow_md="\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    )
    big = failure(folder, "big.md.j2", Budget(chars=100_000))
    assert big.startswith(f"{folder / 'big.md.j2'}:2: the template writes more than 100,000 characters")
    slow = failure(folder, "slow.md.j2", Budget(seconds=0.1))  # the loop runs until the budget stops it
    assert slow.startswith(f"{folder / 'slow.md.j2'}:2: the template takes longer than 0.1 s")


def test_ordinary_templates_render_within_the_budget(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        x_md="{% for a in range(3) %}{{ a * 2 }} {{ 2**10 }} {% endfor %}"
        "{{ [1, 2] | join(', ') }} {{ '%03d' % 7 }} {{ 'a' | center(3) }}{{ 'a-b' | replace('-', '+') }}",
    )
    assert Templates([folder]).render("x.md.j2", {}) == "0 1024 2 1024 4 1024 1\\, 2 007 &#32;a&#32;a\\+b"


def test_a_symlink_out_of_the_template_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = folder_with(tmp_path, x_md="{% include 'delar/bilagor.md.j2' %}")
    (folder / "delar").mkdir()
    (folder / "delar" / "bilagor.md.j2").symlink_to(secret)
    message = failure(folder, "x.md.j2")
    assert f"template {folder / 'delar' / 'bilagor.md.j2'} leads outside its template folder" in message
    # Rendering the linked name directly is refused too.
    assert "leads outside" in failure(folder, "delar/bilagor.md.j2")


def test_a_symlinked_folder_out_of_the_template_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "annat"
    outside.mkdir()
    (outside / "forslag.md.j2").write_text(SECRET, encoding="utf-8")
    folder = folder_with(tmp_path, x_md="{% include 'delar/forslag.md.j2' %}")
    (folder / "delar").symlink_to(outside, target_is_directory=True)
    assert f"template {folder / 'delar' / 'forslag.md.j2'} leads outside" in failure(folder, "x.md.j2")


def test_a_symlink_inside_the_template_folder_is_followed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, x_md="{% include 'y.md.j2' %}", z_md="Z")
    (folder / "y.md.j2").symlink_to(folder / "z.md.j2")
    assert Templates([folder]).render("x.md.j2", {}) == "Z"


def test_a_template_that_is_not_a_regular_utf8_text_file_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, x_md="{% include 'fifo.md.j2' %}", b_md="{% include 'bin.md.j2' %}")
    os.mkfifo(folder / "fifo.md.j2")
    (folder / "bin.md.j2").write_bytes(b"PK\x03\x04\xff\xfe")
    assert f"template {folder / 'fifo.md.j2'} is not a regular file" in failure(folder, "x.md.j2")
    assert f"template {folder / 'bin.md.j2'} is not UTF-8 text" in failure(folder, "b.md.j2")
    (folder / "bin.md.j2").write_bytes(b"a\x00b")
    assert "holds NUL bytes" in failure(folder, "b.md.j2")
    (folder / "bin.md.j2").write_bytes(b"x" * 101)
    assert "larger than 100 bytes" in failure(folder, "b.md.j2", Budget(template_bytes=100))


def test_the_project_template_folder_must_be_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "mallar").mkdir()
    assert check_project_folder(tmp_path / "mallar", tmp_path) == (tmp_path / "mallar").resolve()
    assert check_project_folder(tmp_path, tmp_path) == tmp_path.resolve()
    for outside in (Path("/"), tmp_path.parent, tmp_path / ".." / "x"):
        with pytest.raises(TemplateError, match="is outside the project folder"):
            check_project_folder(outside, tmp_path)
    (tmp_path / "länk").symlink_to("/", target_is_directory=True)
    with pytest.raises(TemplateError, match="is outside the project folder"):
        check_project_folder(tmp_path / "länk", tmp_path)


def test_names_look_only_where_templates_are(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, delar__egen_md="x", djup__ner__x_md="x", egen_md="x")
    names = Templates([folder]).names()
    builtin = sorted(p.relative_to(BUILTIN_TEMPLATES).as_posix() for p in BUILTIN_TEMPLATES.rglob("*.md.j2"))
    assert set(builtin) <= set(names)
    assert set(names) - set(builtin) == {"delar/egen.md.j2", "egen.md.j2"}


# --- through the command line ----------------------------------------------------------------------

CASE = VALID.replace("namn: Anna Berg", f"namn: {SECRET}")


@pytest.mark.parametrize(
    ("source", "line", "says"),
    [
        ("# {{ rubrik }}\n{{ 1/0 }}", 2, "division by zero (ZeroDivisionError)"),
        ("# {{ rubrik }}\n\n{{ handlaggare.namn + 1 }}", 3, "(TypeError)"),
        ("{% include 'tjansteskrivelse.md.j2' %}", 1, "calls itself without end"),
        ("# x\n{% include 'referens.docx' %}", 2, "'referens.docx' cannot be included"),
        ("{{ datum.fromisoformat(handlaggare.namn) }}", 1, "(ValueError)"),
        ("{{ 9**(9**9) }}", 1, "a number larger than"),
    ],
)
def test_render_reports_template_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, line: int, says: str
) -> None:
    case = write(tmp_path, CASE)
    folder = folder_with(tmp_path, tjansteskrivelse_md=source)
    code, out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out", "--templates", folder)
    assert code == 1
    assert f"error: {folder / 'tjansteskrivelse.md.j2'}:{line}: " in err
    assert says in err
    assert "Hemligsson" not in out + err and "19121212" not in out + err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_symlinked_template_never_reaches_the_memo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = write(tmp_path, CASE)
    folder = tmp_path / "mallar" / "delar"
    folder.mkdir(parents=True)
    (folder / "bilagor.md.j2").symlink_to("/etc/passwd")
    code, _out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out", "--templates", tmp_path / "mallar")
    assert code == 1
    assert f"template {folder / 'bilagor.md.j2'} leads outside its template folder" in err
    assert "root:" not in err


def test_mallar_outside_the_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    case = write(project, CASE)
    (project / "tjs.yaml").write_text("mallar: /\n", encoding="utf-8")
    code, _out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 1
    assert "tjs.yaml:1:9: error: 'mallar': '/' is outside the project's folder" in err
    monkeypatch.chdir(project)
    code, _out, err = run_tjs(capsys, "templates", "list")
    assert code == 1
    assert "'mallar': '/' is outside the project's folder" in err


def test_an_edited_template_is_compiled_again_though_its_name_and_size_are_the_same(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, a_md="A {{ namn | length }}\n")
    assert Templates([folder]).render("a.md.j2", VARIABLES) == "A 30\n"
    folder_with(tmp_path, a_md="B {{ namn | length }}\n")
    assert Templates([folder]).render("a.md.j2", VARIABLES) == "B 30\n"


def test_shared_compiled_code_is_never_handed_to_an_environment_with_other_settings(tmp_path: Path) -> None:
    from jinja2 import FileSystemLoader

    from tjansteskrivelse.template_code import COMPILED

    folder = folder_with(tmp_path, a_md="{% if true %}\nja\n{% endif %}\n")

    def rendered(**settings: bool) -> str:
        environment = sandbox(DEFAULT)(loader=FileSystemLoader(folder), bytecode_cache=COMPILED, **settings)
        return str(environment.get_template("a.md.j2").render())

    assert rendered(trim_blocks=True) == "ja\n"
    assert rendered(trim_blocks=False) == "\nja\n"
    assert rendered(trim_blocks=True) == "ja\n"

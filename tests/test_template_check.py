"""`tjs validate` compiles the project's own templates: a Jinja syntax error shows at its template:line."""

from __future__ import annotations

from pathlib import Path

from samples import REPO, VALID, run_tjs

BUILTIN = (REPO / "templates" / "delar" / "avsnitt.md.j2").read_text(encoding="utf-8")


def _project(folder: Path, templates: dict[str, str | bytes], case: str = VALID) -> Path:
    for name, text in templates.items():
        path = folder / "mallar" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (folder / "tjs.yaml").write_text("mallar: mallar\n", encoding="utf-8")
    (folder / "case.yaml").write_text(case, encoding="utf-8")
    return folder / "case.yaml"


def test_a_syntax_error_in_a_template_override_is_reported_at_its_line(tmp_path: Path, capsys) -> None:
    broken = BUILTIN + "\n{% if rubrik %}\nText {{ rubrik }\n{% endif %}\n"
    line = broken.splitlines().index("Text {{ rubrik }") + 1
    case = _project(tmp_path, {"delar/avsnitt.md.j2": broken, "egna/rad.md.j2": "{{ rubrik | okand }}\n"})
    code, out, err = run_tjs(capsys, "validate", case)
    assert (code, out) == (1, "")
    mallar = (tmp_path / "mallar").resolve()
    assert err.splitlines() == [
        f"{mallar / 'delar' / 'avsnitt.md.j2'}:{line}: error: template syntax: unexpected '}}'",
        f"{mallar / 'egna' / 'rad.md.j2'}:1: error: template syntax: No filter named 'okand'.",
        "0 of 1 case valid, 1 with errors",
    ]
    assert not (tmp_path / "out").exists()  # nothing rendered
    # render stops at the same place
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "ut")
    assert code == 1 and f"avsnitt.md.j2:{line}: unexpected '}}'" in err


def test_the_case_s_own_errors_are_listed_too(tmp_path: Path, capsys) -> None:
    case = _project(tmp_path, {"delar/avsnitt.md.j2": "{% for %}\n"}, VALID.replace("rubrik:", "rubrk:"))
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert "avsnitt.md.j2:1: error: template syntax: " in err
    assert f"{case}:7:1: error: unknown key 'rubrk'" in err


def test_a_template_that_is_not_utf8_is_reported_and_good_overrides_pass(tmp_path: Path, capsys) -> None:
    case = _project(tmp_path / "a", {"delar/avsnitt.md.j2": "Tjänsteskrivelse\n".encode("latin-1")})
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "avsnitt.md.j2: error: template " in err and "is not UTF-8 text" in err
    good = _project(tmp_path / "b", {"delar/avsnitt.md.j2": BUILTIN, "egna/rad.md.j2": "{{ rubrik | below(2) }}\n"})
    assert run_tjs(capsys, "validate", good) == (0, "", "1 of 1 case valid\n")

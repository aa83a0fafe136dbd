"""The input side through the command line: ``tjs validate``, ``tjs schema``, ``tjs new``.

Every test goes through ``cli.main`` (the one error boundary) and reads what a
user would see: the exit code, stdout and stderr, with exact ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from samples import EXAMPLE, REPO, VALID, VALID_WITHOUT_ORGANISATION, png, run_tjs, write

from tjansteskrivelse import load_case
from tjansteskrivelse.yaml_source import compose

SCHEMA_FILE = REPO / "schema" / "case.schema.json"

ONE_BAD = "0 of 1 case valid, 1 with errors\n"
JARGON = ("Traceback", "model_type", "Input should be", "validation error", "pydantic", "For further information")


def tjs(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``tjs ARGS`` through the real entry point: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code, out, err = run_tjs(capsys, *args)
    for word in JARGON:
        assert word not in err, err
    return int(code), out, err


# ---------------------------------------------------------------------------
# tjs validate


def test_validate_the_example_case(capsys) -> None:
    assert tjs(capsys, "validate", EXAMPLE) == (0, "", "1 of 1 case valid\n")


def test_validate_the_example_case_by_relative_path(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    assert tjs(capsys, "validate", "cases/RUN-572-2020.yaml") == (0, "", "1 of 1 case valid\n")


def test_validate_reports_each_file_and_a_summary(tmp_path: Path, capsys) -> None:
    first = write(tmp_path, VALID.replace("datum: 2021-03-01", "datum: 2020-13-45"), "a.yaml")
    second = write(tmp_path, VALID.replace("rubrik: Ny", "rubirk: Ny"), "b.yaml")
    code, out, err = tjs(capsys, "validate", first, second)
    assert (code, out) == (1, "")
    assert err == (
        f"{first}:2:8: error: 'datum': '2020-13-45' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20\n"
        f"{second}:1:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'\n"
        f"{second}:7:1: error: unknown key 'rubirk' (did you mean 'rubrik'?)\n"
        "0 of 2 cases valid, 2 with errors\n"
    )


def test_one_bad_case_does_not_hide_the_good_ones(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path, "", "a.yaml")
    good = write(tmp_path, VALID, "b.yaml")
    assert tjs(capsys, "validate", bad, good) == (
        1,
        "",
        (
            f"{bad}:1:1: error: the file is empty; a case file starts with 'diarienummer: …' (see 'tjs new')\n"
            "1 of 2 cases valid, 1 with errors\n"
        ),
    )


def test_several_errors_in_one_file_are_all_reported_sorted(tmp_path: Path, capsys) -> None:
    path = write(
        tmp_path,
        (
            "forslag:\n"  # 1
            "  punkter: [Punkt.]\n"  # 2
            "diarienummer: KS 2021/123\n"  # 3
            "datum: 20/11/2020\n"  # 4
            "handläggare:\n"  # 5
            "  namn: [Anna, Berg]\n"  # 6
            "rubirk: Ny förskola\n"  # 7
            "avsnitt:\n"  # 8
            "  - rubrik: Bakgrund\n"  # 9
            "förslag:\n"  # 10
            "  punkter: [Annan.]\n"  # 11
        ),
    )
    code, out, err = tjs(capsys, "validate", path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:1:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'",
        (
            f"{path}:1:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml"
        ),
        f"{path}:4:8: error: 'datum': '20/11/2020' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        f"{path}:6:9: error: 'handlaggare.namn' must be text, not a list",
        f"{path}:7:1: error: unknown key 'rubirk' (did you mean 'rubrik'?)",
        f"{path}:9:5: error: missing required key 'text' in avsnitt, avsnitt 1; add 'text: …'",
        (
            f"{path}:10:1: error: duplicate key 'forslag' (written 'förslag'); it is already given on line 1. "
            "Keep one of them"
        ),
        "0 of 1 case valid, 1 with errors",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            VALID + "rubrik: Igen\n",
            "14:1: error: duplicate key 'rubrik'; it is already given on line 7. Keep one of them",
            id="duplicate-key",
        ),
        pytest.param(
            VALID + "forslag:\n  punkter: [x]\n",
            "14:1: error: duplicate key 'forslag'; it is already given on line 11. Keep one of them",
            id="duplicate-folded-key",
        ),
        pytest.param(
            VALID.replace("  telefon:", "  telefn:"),
            "6:3: error: unknown key 'telefn' (did you mean 'telefon'?)",
            id="unknown-key",
        ),
        pytest.param(
            VALID.replace("    text: Text.\n", ""),
            "9:5: error: missing required key 'text' in avsnitt, avsnitt 1; add 'text: …'",
            id="missing-key",
        ),
        pytest.param(
            VALID.replace("rubrik: Ny förskola i Kolla", "rubrik:\n  - Ny förskola"),
            "8:3: error: 'rubrik' must be text, not a list",
            id="list-for-text",
        ),
        pytest.param(
            VALID.replace("datum: 2021-03-01", "datum: 2020-13-45"),
            "2:8: error: 'datum': '2020-13-45' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
            id="impossible-date",
        ),
        pytest.param(
            VALID.replace("datum: 2021-03-01", "datum: 20/11/2020"),
            "2:8: error: 'datum': '20/11/2020' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
            id="swedish-date",
        ),
        pytest.param(
            VALID.replace("  namn: Anna Berg", "    namn: Anna Berg"),
            "6:3: error: YAML syntax: this line does not line up with the lines above; "
            "indent keys of one level equally",
            id="bad-indentation",
        ),
        pytest.param(
            VALID.replace("  namn: Anna Berg", "\tnamn: Anna Berg"),
            "5:1: error: YAML syntax: a tab character here; use spaces instead of tabs",
            id="tab",
        ),
        pytest.param(
            VALID.replace("rubrik: Ny förskola i Kolla", 'rubrik: "Ny förskola i Kolla'),
            "7:9: error: YAML syntax: this quote is never closed; add the closing quote",
            id="unclosed-quote",
        ),
        pytest.param(
            VALID.replace("rubrik: Ny förskola i Kolla", 'rubrik: "Ny \\x07förskola"'),
            "7:9: error: 'rubrik': the text contains the character U+0007, "
            "which a Word document cannot hold; remove it",
            id="control-character",
        ),
        pytest.param(
            VALID_WITHOUT_ORGANISATION,
            "1:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml",
            id="no-organisation",
        ),
        pytest.param(
            "", "1:1: error: the file is empty; a case file starts with 'diarienummer: …' (see 'tjs new')", id="empty"
        ),
        pytest.param(
            "- diarienummer: KS 1\n",
            "1:1: error: the file is a list, but it must be a mapping of keys; "
            "a case file starts with 'diarienummer: …' (see 'tjs new')",
            id="list",
        ),
        pytest.param(
            "KS 2021/123\n",
            "1:1: error: the file is 'KS 2021/123', but it must be a mapping of keys; "
            "a case file starts with 'diarienummer: …' (see 'tjs new')",
            id="plain-string",
        ),
        pytest.param(
            VALID.encode("latin-1"),
            "4:6: error: the file is not UTF-8 (byte 0xE4); save it as UTF-8 "
            "(in most editors: Save as… > Encoding > UTF-8)",
            id="latin-1",
        ),
    ],
)
def test_each_error_exits_1_with_its_position(tmp_path: Path, capsys, content: str | bytes, expected: str) -> None:
    path = write(tmp_path, content)
    assert tjs(capsys, "validate", path) == (1, "", f"{path}:{expected}\n{ONE_BAD}")


def test_utf8_with_bom_and_crlf_is_valid(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"))
    assert tjs(capsys, "validate", path) == (0, "", "1 of 1 case valid\n")


def test_an_empty_folder_has_no_cases(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "tom"
    folder.mkdir()
    assert tjs(capsys, "validate", folder) == (1, "", f"error: no case files (*.yaml) in {folder}\n")


def test_a_folder_is_searched_for_cases_but_not_for_tjs_yaml(tmp_path: Path, capsys) -> None:
    write(tmp_path, "organisation: Kungsbacka kommun\n", "tjs.yaml")
    write(tmp_path / "2021", VALID_WITHOUT_ORGANISATION, "a.yaml")
    bad = write(tmp_path / "2021" / "mars", VALID.replace("datum: 2021-03-01", "datum: 1/3"), "b.yml")
    (tmp_path / "2021" / "anteckning.txt").write_text("inte ett ärende\n", encoding="utf-8")
    assert tjs(capsys, "validate", tmp_path) == (
        1,
        "",
        (
            f"{bad}:2:8: error: 'datum': '1/3' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20\n"
            "1 of 2 cases valid, 1 with errors\n"
        ),
    )


def test_a_glob_is_expanded(tmp_path: Path, capsys) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    assert tjs(capsys, "validate", tmp_path / "*.yaml") == (0, "", "2 of 2 cases valid\n")


def test_a_missing_path_exits_2(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "saknas.yaml"
    assert tjs(capsys, "validate", missing) == (2, "", f"error: {missing}: no such file or folder\n")


def test_no_arguments_is_a_usage_error(capsys) -> None:
    code, out, err = tjs(capsys, "validate")
    assert (code, out) == (2, "")
    assert "Missing argument 'cases'" in err


# ---------------------------------------------------------------------------
# tjs validate with a project config


def test_organisation_from_tjs_yaml(tmp_path: Path, capsys) -> None:
    write(tmp_path, "organisation: Kungsbacka kommun\n", "tjs.yaml")
    path = write(tmp_path / "ärenden", VALID_WITHOUT_ORGANISATION)
    assert tjs(capsys, "validate", path) == (0, "", "1 of 1 case valid\n")
    assert load_case(path).organisation == "Kungsbacka kommun"


def test_explicit_config_option(tmp_path: Path, capsys) -> None:
    config = write(tmp_path / "inställningar", "organisation: Kungsbacka kommun\n", "tjs.yaml")
    path = write(tmp_path / "ärenden", VALID_WITHOUT_ORGANISATION)
    assert tjs(capsys, "validate", "--config", config, path) == (0, "", "1 of 1 case valid\n")
    code, _, err = tjs(capsys, "validate", path)
    assert code == 1 and "missing required key 'organisation'" in err


def test_organisation_in_neither_names_tjs_yaml(tmp_path: Path, capsys) -> None:
    write(tmp_path, "utdata: ut\n", "tjs.yaml")
    path = write(tmp_path, VALID_WITHOUT_ORGANISATION)
    assert tjs(capsys, "validate", path) == (
        1,
        "",
        (
            f"{path}:1:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            f"or set it once for all cases in tjs.yaml\n{ONE_BAD}"
        ),
    )


def test_an_error_in_tjs_yaml_names_tjs_yaml(tmp_path: Path, capsys) -> None:
    config = write(tmp_path, "organisation: Kungsbacka kommun\nlogo: logotyp.png\n", "tjs.yaml")
    path = write(tmp_path, VALID)
    assert tjs(capsys, "validate", path) == (
        1,
        "",
        f"{config}:2:1: error: unknown key 'logo' (did you mean 'logotyp'?)\n{ONE_BAD}",
    )


def test_a_logo_that_does_not_exist(tmp_path: Path, capsys) -> None:
    config = write(tmp_path, "logotyp:\n  fil: logotyp.png\n  alt: Kungsbacka kommuns logotyp\n", "tjs.yaml")
    path = write(tmp_path, VALID)
    assert tjs(capsys, "validate", path) == (
        1,
        "",
        f"{config}:2:8: error: 'logotyp.fil': 'logotyp.png' does not exist next to tjs.yaml\n{ONE_BAD}",
    )
    (tmp_path / "logotyp.png").write_bytes(png())  # a whole picture: a signature alone is refused (rt2)
    assert tjs(capsys, "validate", path) == (0, "", "1 of 1 case valid\n")


def test_ordning_missing_a_part(tmp_path: Path, capsys) -> None:
    config = write(
        tmp_path, "ordning: [sammanfattning, avsnitt, förslag, bilagor, underskrift, utdrag_till]\n", "tjs.yaml"
    )
    assert tjs(capsys, "validate", write(tmp_path, VALID)) == (
        1,
        "",
        (
            f"{config}:1:10: error: 'ordning': must list each part of the memo exactly once "
            f"(missing beslutsunderlag); a part the case leaves out is simply not shown\n{ONE_BAD}"
        ),
    )


def test_ordning_with_swedish_letters(tmp_path: Path, capsys) -> None:
    write(
        tmp_path,
        "ordning: [förslag, sammanfattning, avsnitt, beslutsunderlag, bilagor, utdrag_till, underskrift]\n",
        "tjs.yaml",
    )
    assert tjs(capsys, "validate", write(tmp_path, VALID)) == (0, "", "1 of 1 case valid\n")


# ---------------------------------------------------------------------------
# No traceback, as a real process


def test_validate_as_a_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = write(
        tmp_path, VALID.replace("datum: 2021-03-01", "datum: 2020-13-45") + "rubrik: Igen\n\tx: y\n", "bad.yaml"
    )
    latin = write(tmp_path, VALID.encode("latin-1"), "latin.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "tjansteskrivelse", "validate", str(EXAMPLE), str(bad), str(latin), str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:15:1: error: YAML syntax: a tab character here; use spaces instead of tabs",
        (
            f"{latin}:4:6: error: the file is not UTF-8 (byte 0xE4); save it as UTF-8 "
            "(in most editors: Save as… > Encoding > UTF-8)"
        ),
        # the folder holds both files again: each is checked once
        "1 of 3 cases valid, 2 with errors",
    ]


# ---------------------------------------------------------------------------
# tjs schema


def schema_output(capsys) -> str:
    code, out, err = tjs(capsys, "schema")
    assert (code, err) == (0, "")
    return out


def editor_view(path: Path) -> object:
    """The file as an editor's YAML extension sees it: numbers and booleans typed, keys unfolded."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def tjs_view(path: Path) -> object:
    """The file as tjs reads it: every scalar text, keys folded."""
    issues: list = []
    document = compose(path.read_text(encoding="utf-8-sig"), str(path), issues)
    assert document is not None and issues == []
    return document.data


def test_schema_is_valid_json_schema(capsys) -> None:
    schema = json.loads(schema_output(capsys))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_accepts_the_example_case(capsys) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_output(capsys)))
    assert [error.message for error in validator.iter_errors(tjs_view(EXAMPLE))] == []
    # ... and as VS Code's YAML extension reads it: 'handläggare' and 'förslag' unfolded, telefon a number.
    assert [error.message for error in validator.iter_errors(editor_view(EXAMPLE))] == []


def test_schema_rejects_what_tjs_rejects(tmp_path: Path, capsys) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_output(capsys)))
    unknown = write(tmp_path, VALID + "rubirk: x\n", "unknown.yaml")
    assert [error.message for error in validator.iter_errors(tjs_view(unknown))] == [
        "Additional properties are not allowed ('rubirk' was unexpected)",
    ]
    assert tjs(capsys, "validate", unknown)[0] == 1
    # Both spellings of one key: tjs calls it a duplicate, the schema must not accept it either.
    both = editor_view(write(tmp_path, VALID + "forslag:\n  punkter: [x]\n", "both.yaml"))
    assert list(validator.iter_errors(both)) != []
    missing = editor_view(write(tmp_path, VALID.replace("förslag:\n  punkter:\n    - Punkt.\n", ""), "missing.yaml"))
    assert list(validator.iter_errors(missing)) != []
    # A text field may look like a number or boolean to an editor; it is still text to tjs.
    assert list(validator.iter_errors(editor_view(write(tmp_path, VALID + "avdelning: NO\n", "no.yaml")))) == []


def test_schema_file_in_the_repository_is_current(capsys) -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_output(capsys), (
        "schema/case.schema.json is out of date with the model; regenerate it with:\n"
        "    tjs schema > schema/case.schema.json"
    )


# ---------------------------------------------------------------------------
# tjs new


def fill_in(text: str) -> str:
    """What a user does with a new case: set the organisation and replace every ‹…› placeholder."""
    text, count = re.subn(
        r"^# organisation: ‹Organisation›.*$", "organisation: Kungsbacka kommun", text, flags=re.MULTILINE
    )
    assert count == 1
    text, count = re.subn(r"‹[^‹›\n]+›", "Ifylld text", text)
    assert count > 10
    assert "‹" not in text and "›" not in text
    return text


def test_new_writes_a_case_that_validates_once_filled_in(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert tjs(capsys, "new", "KS 2021/123") == (
        0,
        "",
        "wrote KS-2021-123.yaml; fill in the ‹…› placeholders, then run: tjs validate KS-2021-123.yaml\n",
    )
    path = tmp_path / "KS-2021-123.yaml"
    written = path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["KS-2021-123.yaml"]

    # As written, the organisation is missing (tjs.yaml may set it) and every placeholder is an error.
    code, out, err = tjs(capsys, "validate", "KS-2021-123.yaml")
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith("KS-2021-123.yaml:")
    assert "missing required key 'organisation'" in err
    assert err.count("replace the placeholder '‹") > 10

    # Running it again refuses and leaves the file alone.
    assert tjs(capsys, "new", "KS 2021/123") == (
        1,
        "",
        (
            "error: KS-2021-123.yaml already exists; tjs new never overwrites a case file\n"
            "  hint: choose another name with -o, or remove the file first\n"
        ),
    )
    assert path.read_bytes() == written

    path.write_text(fill_in(written.decode("utf-8")), encoding="utf-8")
    assert tjs(capsys, "validate", "KS-2021-123.yaml") == (0, "", "1 of 1 case valid\n")
    case = load_case(path)
    assert case.diarienummer == "KS 2021/123"
    assert case.datum == dt.date.today()
    assert case.organisation == "Kungsbacka kommun"
    assert case.forslag is not None and case.forslag.punkter == ["Ifylld text"]


@pytest.mark.parametrize(
    "diarienummer",
    ["RUN/572/2020", "Dnr 2020-00123", "2020-11-20", "0701234567", "NO", 'KS "2021": 12 # ej kommentar', "ÅÄÖ-1"],
)
def test_new_keeps_the_diarienummer_exactly(tmp_path: Path, capsys, monkeypatch, diarienummer: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = tjs(capsys, "new", diarienummer, "-o", "ärende.yaml")
    assert (code, out, err) == (
        0,
        "",
        "wrote ärende.yaml; fill in the ‹…› placeholders, then run: tjs validate ärende.yaml\n",
    )
    path = tmp_path / "ärende.yaml"
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_case(path).diarienummer == diarienummer

"""Red-team regressions for loading and the command line: links that loop, files of other YAML data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, run_tjs, write

from tjansteskrivelse import load_case, load_mapping
from tjansteskrivelse.errors import InputError, Issue
from tjansteskrivelse.project import DEFAULT_PROJECT
from tjansteskrivelse.yaml_source import COMMENT, compose, default_loader


def loop(folder: Path, name: str) -> Path:
    """A link that points at itself: ``Path.resolve()`` raises RuntimeError on it (Python 3.11)."""
    link = folder / name
    link.symlink_to(name)
    return link


@pytest.mark.parametrize("setting", ["referens: lp", "mallar: lp", "logotyp: {fil: lp, alt: Logotyp}"])
def test_a_looping_link_in_tjs_yaml_is_an_error_at_its_place(tmp_path: Path, capsys, setting: str) -> None:
    loop(tmp_path, "lp")
    write(tmp_path, setting + "\n", "tjs.yaml")
    case = write(tmp_path, VALID)
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 1, err
    assert f"tjs.yaml:1:{setting.index('lp') + 1}: error:" in err and "'lp' does not exist" in err


def test_a_looping_output_folder_is_an_error(tmp_path: Path, capsys) -> None:
    loop(tmp_path, "lp")
    case = write(tmp_path, VALID)
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "lp")
    assert code == 1 and "internal error" not in err and "cannot create the output folder" in err, err
    write(tmp_path, "utdata: lp\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", case)
    assert code == 1 and "internal error" not in err and "cannot create the output folder" in err, err


@pytest.mark.parametrize("command", ["validate", "render", "show"])
def test_a_case_file_that_is_a_looping_link_is_no_such_file(tmp_path: Path, capsys, command: str) -> None:
    case = loop(tmp_path, "case.yaml")
    code, _, err = run_tjs(capsys, command, case)
    assert code in (1, 2), err
    assert "internal error" not in err and "no such file" in err


def test_a_file_of_thousands_of_unknown_keys_is_reported_quickly(tmp_path: Path) -> None:
    # Another YAML file passed to `tjs validate` by mistake (a translation table, a data export).
    keys = 2_000
    path = write(tmp_path, "".join(f"nyckel{i}: v\n" for i in range(keys)))
    with pytest.raises(InputError) as raised:
        load_case(path, DEFAULT_PROJECT)
    issues = [issue for issue in raised.value.issues if "unknown key" in issue.message]
    assert len(issues) == keys and issues[-1].line == keys and issues[-1].column == 1
    assert "(did you mean" in issues[0].message or "allowed here" in issues[0].message
    # Past the first hundred, no search for a close match: 20 000 keys took minutes, 1 000 000 hours.
    assert issues[-1].message == f"unknown key 'nyckel{keys - 1}'"


@pytest.mark.parametrize("loader", [yaml.SafeLoader, default_loader()])
@pytest.mark.parametrize(
    ("value", "column"),
    [("rubrik: Ärende #3 om bygglov", 16), ("rubrik: Ärende\n  och beslut #3", 14)],
)
def test_a_hash_after_one_space_is_not_silently_a_comment(value: str, column: int, loader: type) -> None:
    # YAML reads ' #3 om bygglov' as a comment: the memo would say only 'Ärende', with no error.
    issues: list[Issue] = []
    compose(VALID.replace("rubrik: Ny förskola i Kolla", value), "F", issues, loader)
    line = 7 + value.count("\n")
    assert [(issue.line, issue.column, issue.message) for issue in issues] == [(line, column, COMMENT)]


@pytest.mark.parametrize(
    "value",
    ["rubrik: Ärende  # a comment", "rubrik: 'Ärende' #3", "rubrik: Ärende#3", "rubrik: ~ #x", "rubrik: # x",
     "rubrik: |  # Markdown\n  Ärende #3"],
)  # fmt: skip
def test_a_comment_after_two_spaces_or_a_quote_is_a_comment(value: str) -> None:
    issues: list[Issue] = []
    compose(VALID.replace("rubrik: Ny förskola i Kolla", value), "F", issues)
    assert issues == []


def test_the_hash_rule_through_tjs_validate(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, VALID.replace("    - Punkt.", "    - Bevilja bidrag enligt bilaga #2"))
    code, _, err = run_tjs(capsys, "validate", path)
    assert code == 1
    assert f"{path}:13:36: error: {COMMENT}" in err


@pytest.mark.parametrize(
    ("value", "kind"), [("", "empty"), (" [2021-03-01]", "a list"), (" {år: 2021}", "a mapping (keys with values)")]
)
def test_a_date_or_yes_no_of_the_wrong_shape_is_named_in_words(tmp_path: Path, value: str, kind: str) -> None:
    # Was "'NoneType' is not a date" and "'{'år': '2021'}' is not a yes/no value".
    text = VALID.replace("datum: 2021-03-01", f"datum:{value}").replace("förslag:\n", f"förslag:\n  numrerad:{value}\n")
    with pytest.raises(InputError) as raised:
        load_case(write(tmp_path, text), DEFAULT_PROJECT)
    assert [(issue.line, issue.message) for issue in raised.value.issues] == [
        (2, f"'datum': must be a date (YYYY-MM-DD, e.g. 2020-11-20), not {kind}"),
        (12, f"'forslag.numrerad': must be true or false, not {kind}"),
    ]


@pytest.mark.parametrize("written", ["２０２１-０３-０１", "٢٠٢١-٠٣-٠١"])
def test_a_date_in_other_digits_is_not_a_date(tmp_path: Path, written: str) -> None:
    with pytest.raises(InputError) as raised:
        load_case(write(tmp_path, VALID.replace("2021-03-01", written)), DEFAULT_PROJECT)
    [issue] = raised.value.issues
    assert issue.message == f"'datum': '{written}' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20"


def test_config_naming_a_folder_or_nothing_says_so_in_words_for_a_config(tmp_path: Path, capsys) -> None:
    case = write(tmp_path, VALID)
    code, _, err = run_tjs(capsys, "validate", case, "--config", tmp_path)
    assert code == 1 and f"{tmp_path}: error: is a folder; name the tjs.yaml file in it" in err, err
    code, _, err = run_tjs(capsys, "validate", case, "--config", tmp_path / "saknas.yaml")
    assert code == 1 and "hint: check the --config path, or where the tjs.yaml link points" in err, err
    assert "case file" not in err and "tjs new" not in err  # was: "not a case file", "create a case with tjs new"


def test_a_script_giving_a_huge_number_gets_an_error_not_a_traceback() -> None:
    data = {"diarienummer": "KS 1", "rubrik": 10**5000}  # str() of it raises ValueError
    with pytest.raises(InputError) as raised:
        load_mapping(data)
    assert any(issue.message.startswith("'rubrik' is a number ('int')") for issue in raised.value.issues)


def test_one_case_named_twice_is_rendered_once(tmp_path: Path, capsys, monkeypatch) -> None:
    # Was: the second spelling failed with "two cases share a diarienummer".
    case = write(tmp_path, VALID)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_tjs(capsys, "render", "case.yaml", case, "./case.yaml", "-o", "out")
    assert code == 0 and "1 of 1 case rendered" in err, err


def test_a_size_limit_in_other_digits_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TJS_MAX_CASE_BYTES", "²")  # str.isdigit() says yes, int() says no
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, VALID))
    assert code in (1, 2) and "TJS_MAX_CASE_BYTES='²' is not a number of bytes" in err and "internal" not in err, err
    monkeypatch.setenv("TJS_MAX_CASE_BYTES", "10")
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, VALID))
    assert "limit of 10 bytes for case files and tjs.yaml; if it really must be this large, raise" in err, err


@pytest.mark.parametrize(
    ("added", "place", "message"),
    [
        # Was accepted unchecked, then listed in the --json report as the file ' ' with no hash.
        pytest.param(
            "bilagor:\n  - titel: Avtal\n    fil: ' '\n",
            (16, 10),
            "the attachment ' ' does not exist",
            id="an attachment named by spaces is checked like any name",
        ),
        # 'Fält' typed on Windows (NFC) and pasted from macOS (NFD): two identical-looking header lines.
        pytest.param(
            "fält:\n  Fält: A\n  Fa\u0308lt: B\n",
            (16, 3),
            "it is already given on line 15",
            id="a label written twice in two unicode forms is a duplicate",
        ),
    ],
)
def test_a_key_added_to_a_valid_case_is_one_error_at_its_place(
    tmp_path: Path, added: str, place: tuple[int, int], message: str
) -> None:
    with pytest.raises(InputError) as raised:
        load_case(write(tmp_path, VALID + added), DEFAULT_PROJECT)
    [issue] = raised.value.issues
    assert (issue.line, issue.column) == place and message in issue.message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_a_file_that_cannot_be_read_is_an_error_not_a_bug(tmp_path: Path, capsys) -> None:
    # Reading /proc/self/mem from its start fails with EIO, as a file without read permission fails
    # for anyone but root (the suite may run as root, where chmod 000 would not stop it).
    case = tmp_path / "case.yaml"
    case.symlink_to("/proc/self/mem")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and f"{case}: error: cannot be read (" in err and "internal" not in err, err
    write(tmp_path, VALID, "real.yaml")
    (tmp_path / "tjs.yaml").symlink_to("/proc/self/mem")
    code, _, err = run_tjs(capsys, "validate", tmp_path / "real.yaml")
    assert code == 1 and f"{tmp_path / 'tjs.yaml'}: error: cannot be read (" in err, err


def test_an_empty_output_folder_in_tjs_yaml_is_an_error_not_the_default(tmp_path: Path, capsys) -> None:
    write(tmp_path, "utdata: ''\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, VALID))
    assert code == 1 and "tjs.yaml:1:9: error: 'utdata': the text is empty" in err, err


KEYED = {  # where a value is matched against a rule that quotes it back: a date, a yes/no
    "date": ("datum: 2021-03-01", "datum: {}"),
    "yes/no": ("förslag:\n", "förslag:\n  numrerad: {}\n"),
    "justerat": ("förslag:\n", "beslut: {{organ: N, datum: 2021-03-01, paragraf: '1', justerat: {}}}\nförslag:\n"),
}


@settings(max_examples=examples(60), deadline=None)
@given(place=st.sampled_from(sorted(KEYED)), text=st.text(st.characters(codec=None, min_codepoint=0x20), max_size=6))
@example(place="date", text="\udbff\udffd")  # found by fuzzing: pydantic's error list crashed on a lone surrogate
@example(place="yes/no", text="\ud800")
def test_any_escaped_value_is_an_error_or_accepted_never_a_crash(tmp_path_factory, place: str, text: str) -> None:
    old, new = KEYED[place]
    escaped = '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    path = write(tmp_path_factory.mktemp("case"), VALID.replace(old, new.format(escaped)))
    try:
        load_case(path, DEFAULT_PROJECT)
    except InputError as error:
        assert all(issue.line is not None for issue in error.issues)


def test_a_lone_surrogate_in_tjs_yaml_is_named_once(tmp_path: Path, capsys) -> None:
    write(tmp_path, 'typografi: "\\ud800"\n', "tjs.yaml")
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, VALID))
    assert code == 1 and err.count("tjs.yaml:1:12: error:") == 1 and "U+D800" in err, err


def test_a_tjs_yaml_link_to_a_missing_file_is_an_error_not_the_defaults(tmp_path: Path, capsys) -> None:
    # A shared tjs.yaml on a network drive that is not mounted: rendering with the defaults would give
    # documents in another organisation's layout, with no word said.
    (tmp_path / "tjs.yaml").symlink_to(tmp_path / "share" / "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", write(tmp_path, VALID), "-o", tmp_path / "out")
    assert code != 0 and f"{tmp_path / 'tjs.yaml'}: no such file" in err, err
    assert not (tmp_path / "out").exists()


def test_a_glob_matching_a_folder_gives_the_cases_in_it(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path / "2024", VALID, "a.yaml")
    write(tmp_path / "2025", VALID.replace("KS 2021/123", "KS 2021/124"), "b.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_tjs(capsys, "validate", "202*")  # quoted in the shell: tjs expands it
    assert code == 0 and "2 of 2 cases valid" in err, err
    code, _, err = run_tjs(capsys, "validate", "202*", "saknas*")
    assert code == 2 and "saknas*: no such file or folder" in err, err

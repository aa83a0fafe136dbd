"""Limits enforced before the work, and errors that don't leak what the file holds (issue 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from samples import VALID, run_tjs, write

from tjansteskrivelse import load_case
from tjansteskrivelse.case_markdown import MAX_TEXT_LINES, MAX_TEXT_MARKS
from tjansteskrivelse.errors import InputError, UsageError
from tjansteskrivelse.files import DEFAULT_LIMIT, LIMIT_VARIABLE
from tjansteskrivelse.yaml_source import compose

MB = 1024 * 1024
HOLD = "which a Word document cannot hold; remove it"
ANCHORS = "anchors and aliases (&name, *name) are not supported in case files; write the value out"
# Ten levels of ten aliases: expanded, 10^10 strings.
ALIAS_BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)
SECRET = "Detta är en hemlig anteckning om en enskild person, som inte får synas, 19121212-1212"


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_case(path)
    return [str(issue).replace(str(path), "F", 1) for issue in caught.value.issues]


def peak_bytes(action) -> int:
    """The most memory Python allocated while ``action`` ran."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("loader", [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else []))
def test_the_alias_bomb_is_refused_at_the_first_anchor(tmp_path: Path, loader: type) -> None:
    issues: list = []
    peak = peak_bytes(lambda: compose(ALIAS_BOMB, "F", issues, loader))
    assert [str(issue) for issue in issues] == [
        f"F:1:5: error: {ANCHORS} (a text that starts with '&' or '*' goes in quotes)"
    ]
    assert peak < 100 * MB


def test_the_alias_bomb_through_tjs_validate(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, ALIAS_BOMB)
    code, _, err = run_tjs(capsys, "validate", path)
    assert code == 1
    assert f"{path}:1:5: error: {ANCHORS}" in err


def test_an_alias_alone_is_refused_where_it_stands(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("rubrik: Ny förskola i Kolla", "rubrik: *namn"))
    assert problems(path) == [f"F:7:9: error: {ANCHORS} (a text that starts with '&' or '*' goes in quotes)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    # In a process of its own, so that a regression fails on the timeout instead of hanging the suite.
    done = subprocess.run(
        [sys.executable, "-m", "tjansteskrivelse", "validate", str(fifo)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert f"{fifo}: error: is not a regular file (a pipe, device or socket)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_an_error_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "case.yaml"
    link.symlink_to("/dev/zero")
    found: list[list[str]] = []
    assert peak_bytes(lambda: found.append(problems(link))) < 100 * MB
    assert found == [
        ["F: error: is not a regular file (a pipe, device or socket); a case file or tjs.yaml must be an ordinary file"]
    ]


def test_a_file_over_the_size_limit_names_the_limit_and_how_to_raise_it(tmp_path: Path, monkeypatch) -> None:
    assert DEFAULT_LIMIT == 10_000_000
    path = write(tmp_path, VALID)
    monkeypatch.setenv(LIMIT_VARIABLE, "100")
    (message,) = problems(path)
    assert message.startswith("F: error: the file is larger than the limit of 100 bytes")
    assert LIMIT_VARIABLE in message
    monkeypatch.setenv(LIMIT_VARIABLE, str(len(VALID.encode())))
    assert load_case(path).rubrik == "Ny förskola i Kolla"


def test_a_large_file_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "#" * DEFAULT_LIMIT)
    (message,) = problems(path)
    assert "larger than the limit of 10 000 000 bytes" in message


def test_the_size_limit_applies_to_tjs_yaml(tmp_path: Path, monkeypatch, capsys) -> None:
    write(tmp_path, "organisation: " + "x" * 200 + "\n", "tjs.yaml")
    case = write(tmp_path, VALID)
    monkeypatch.setenv(LIMIT_VARIABLE, "150")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{tmp_path / 'tjs.yaml'}: error: the file is larger than the limit of 150 bytes" in err


def test_a_limit_that_is_no_number_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(LIMIT_VARIABLE, "10MB")
    with pytest.raises(UsageError, match=LIMIT_VARIABLE):
        load_case(write(tmp_path, VALID))


# ---------------------------------------------------------------------------
# Errors that don't leak


def test_a_file_that_is_one_text_is_not_quoted_in_full(tmp_path: Path) -> None:
    path = write(tmp_path, SECRET + "\n")
    (message,) = problems(path)
    assert message.startswith("F:1:1: error: the file is 'Detta är en hemlig anteckning")
    assert "…'" in message and "19121212-1212" not in message


def test_a_symlink_to_a_system_file_shows_no_more_than_its_start(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(
        "root:x:0:0:root:/root:/bin/bash\n" + "".join(f"user{i}:x:{i}:{i}::/home:/bin/sh\n" for i in range(50))
    )
    link = tmp_path / "case.yaml"
    link.symlink_to(secret)
    (message,) = problems(link)
    assert "user2:" not in message and len(message) < 200


def test_a_huge_date_gives_a_short_line(tmp_path: Path) -> None:
    huge = "2021-" + "x" * 4_900_000
    (message,) = problems(write(tmp_path, VALID.replace("datum: 2021-03-01", f"datum: {huge}")))
    assert message.startswith("F:2:8: error: 'datum': '2021-xxxx")
    assert len(message) < 300


def test_huge_keys_and_values_are_cut_short_everywhere(tmp_path: Path) -> None:
    key = "k" * 10_000
    text = VALID + f"{key}: 1\n{key}: 2\nnumrerad_fel: {'v' * 10_000}\n"
    for message in problems(write(tmp_path, text)):
        assert len(message) < 400, message[:100]


# ---------------------------------------------------------------------------
# Characters a Word document cannot hold: one rule, in the loader


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("\\x0b", "000B"),
        ("\\x00", "0000"),
        ("\\x1f", "001F"),
        ("\\ufffe", "FFFE"),
        ("\\uffff", "FFFF"),
        ("\\ud800", "D800"),
    ],
)
def test_an_xml_illegal_character_from_an_escape_is_named(tmp_path: Path, written: str, code: str) -> None:
    path = write(tmp_path, VALID.replace("rubrik: Ny förskola i Kolla", f'rubrik: "Ny {written}förskola"'))
    assert problems(path) == [
        f"F:7:9: error: 'rubrik': the text contains the character U+{code}, "
        "which a Word document cannot hold; remove it"
    ]


def test_an_xml_illegal_character_in_markdown_and_in_a_key(tmp_path: Path) -> None:
    text = VALID.replace("    text: Text.", '    text: "Text\\x0c."').replace("  namn: Anna Berg", '  "na\\x01mn": x')
    assert problems(write(tmp_path, text)) == [
        "F:5:3: error: 'handlaggare.na\\u0001mn': this key contains the character U+0001, " + HOLD,
        "F:5:3: error: missing required key 'namn' in handlaggare; add 'namn: …'",
        "F:5:3: error: unknown key 'na\\u0001mn' (did you mean 'namn'?)",
        "F:10:11: error: 'avsnitt, avsnitt 1, text': the text contains the character U+000C, " + HOLD,
    ]


def test_an_xml_illegal_character_written_as_is_is_named_where_it_stands(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("rubrik: Ny förskola i Kolla", "rubrik: Ny\x0b förskola"))
    assert problems(path) == [
        "F:7:11: error: the file contains the invisible character U+000B, which is not allowed; remove it"
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_tjs_yaml_paths_must_be_an_ordinary_file_or_a_folder(tmp_path: Path) -> None:
    from tjansteskrivelse.project import load_config

    (tmp_path / "mallar.txt").write_text("x")
    config = write(tmp_path, "referens: /dev/zero\nmallar: mallar.txt\n", "tjs.yaml")
    with pytest.raises(InputError) as caught:
        load_config(config)
    assert [str(issue).replace(str(config), "C") for issue in caught.value.issues] == [
        "C:1:11: error: 'referens': '/dev/zero' is not an ordinary file",
        "C:2:9: error: 'mallar': 'mallar.txt' is not a folder",
    ]


def test_a_huge_logo_is_refused_at_its_line_in_tjs_yaml(tmp_path: Path) -> None:
    from tjansteskrivelse.errors import InputError
    from tjansteskrivelse.project import MAX_LOGO_BYTES, load_config

    with open(tmp_path / "logo.png", "wb") as logo:
        logo.truncate(MAX_LOGO_BYTES + 1)  # sparse: costs no disk
    (tmp_path / "tjs.yaml").write_text("logotyp:\n  fil: logo.png\n  alt: Logotyp\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(tmp_path / "tjs.yaml")
    (issue,) = raised.value.issues
    assert (issue.line, issue.column) == (2, 8) and "larger than the 5 MB" in issue.message


def test_a_templates_folder_outside_the_project_is_refused_at_its_line(tmp_path: Path, capsys) -> None:
    """`mallar: /` (or a sibling folder): tjs validate says so at tjs.yaml's line, before any render."""
    (tmp_path / "annan").mkdir()
    project = tmp_path / "projekt"
    write(project, "organisation: O\nmallar: ../annan\n", "tjs.yaml")
    case = write(project, VALID)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "tjs.yaml:2:9: error: 'mallar'" in err and "outside the project's folder" in err, err
    write(project, "organisation: O\nmallar: /\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "outside the project's folder" in err


@pytest.mark.parametrize(
    ("text", "at", "says"),
    [
        ("|\n" + "      - a\n" * (MAX_TEXT_LINES + 1), "11:7", f"this text has {MAX_TEXT_LINES + 1:,} lines"),
        (
            '"' + "[" * (MAX_TEXT_MARKS + 1) + '"',
            "10:12",
            f"this text has {MAX_TEXT_MARKS + 1:,} of the Markdown marks",
        ),
        ('"' + "*a " * (MAX_TEXT_MARKS + 1) + '"', "10:12", f"this text has {MAX_TEXT_MARKS + 1:,} of the Markdown"),
    ],
    ids=["list-lines", "brackets", "emphasis"],
)
def test_a_text_too_large_to_parse_is_refused_before_parsing(tmp_path, capsys, text: str, at: str, says: str) -> None:
    # markdown-it needs a token per line and mark: 2 M '[' took a minute, 750 k list lines 1.6 GB.
    path = write(tmp_path, VALID.replace("    text: Text.", f"    text: {text}"))
    code, _, err = run_tjs(capsys, "validate", path)
    assert code == 1
    assert f"{path}:{at}: error: 'avsnitt, avsnitt 1, text': {says}" in err  # where the text starts


def test_a_long_text_within_the_limits_is_accepted(tmp_path, capsys) -> None:
    paragraphs = "\n\n".join(f"{i}. Stycke om [länk](https://e.se) och *kursiv* text." for i in range(1, 5_000))
    path = write(
        tmp_path,
        VALID.replace(
            "    text: Text.", "    text: |\n" + "\n".join("      " + line for line in paragraphs.split("\n"))
        ),
    )
    assert run_tjs(capsys, "validate", path)[0] == 0


@pytest.mark.parametrize(
    ("old", "new"),
    [("datum: 2021-03-01", "datum: 121212-1212"), ("rubrik: Ny förskola i Kolla", "rubrik 19121212-1212: x")],
)
def test_an_error_never_repeats_a_personnummer(tmp_path, capsys, old: str, new: str) -> None:
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, VALID.replace(old, new)))
    assert code == 1 and "ÅÅMMDD-XXXX" in err
    assert "1212-1212" not in err and "121212" not in err

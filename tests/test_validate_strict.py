"""`tjs validate` warns about personal data in text the public version carries; `--strict` fails on it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import EXAMPLE, VALID, examples, run_tjs, write

from tjansteskrivelse import load_case
from tjansteskrivelse.model import Config
from tjansteskrivelse.publication import case_warnings

NUMBERED = VALID.replace("    text: Text.\n", "    text: Sökande 19121212-1212, make 121212-1212, dnr 20201120-0000.\n")


def place(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` (a leading space in it is not counted)."""
    before = text[: text.index(needle) + (len(needle) - len(needle.lstrip(" ")))]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_each_personnummer_is_named_at_its_line_and_column(tmp_path: Path, capsys) -> None:
    case = write(tmp_path, NUMBERED)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 0  # a warning, not an error, without --strict
    expected = [
        f"{case}:{line}:{column}: warning: looks like a personnummer"
        for line, column in (place(NUMBERED, "19121212-1212"), place(NUMBERED, " 121212-1212"))
    ]
    found = warnings(err)
    assert [line[: len(prefix)] for line, prefix in zip(found, expected, strict=True)] == expected
    assert "1212-1212" not in err and "20201120" not in err  # never echoed; the date-like dnr is no personnummer
    assert err.splitlines()[-1] == "1 of 1 case valid, 2 warnings"


def test_strict_turns_warnings_into_exit_1(tmp_path: Path, capsys) -> None:
    code, _, err = run_tjs(capsys, "validate", "--strict", write(tmp_path, NUMBERED))
    assert code == 1 and len(warnings(err)) == 2
    assert err.splitlines()[-1] == "1 of 1 case valid, 2 warnings (--strict: failing)"


def test_strict_passes_a_clean_case(capsys) -> None:
    code, _, err = run_tjs(capsys, "validate", "--strict", EXAMPLE)
    assert (code, warnings(err)) == (0, [])


def test_varna_for_adds_email_and_phone_but_not_in_fields_left_out(tmp_path: Path, capsys) -> None:
    write(tmp_path, "publicering:\n  varna_för: [epost, telefon]\n", "tjs.yaml")
    text = VALID.replace("    text: Text.\n", "    text: Ring 070-123 45 67 eller skriv till anna@example.org.\n")
    text = text.replace("  telefon: 0701234567\n", "  telefon: 0701234567\n  epost: anna.berg@example.org\n")
    case = write(tmp_path, text)
    code, _, err = run_tjs(capsys, "validate", "--strict", case)
    assert code == 1
    line, column = place(text, "070-123")
    assert [re.sub(r" \(.*", "", w) for w in warnings(err)] == [
        f"{case}:{line}:{column}: warning: looks like a phone number",
        f"{case}:{line}:{place(text, 'anna@')[1]}: warning: looks like an e-mail address",
    ]  # the officer's own phone and e-mail are left out of the public version: no warning
    assert "anna@example.org" not in err and "123 45 67" not in err


def test_no_warnings_when_varna_for_is_empty(tmp_path: Path, capsys) -> None:
    write(tmp_path, "publicering:\n  varna_for: []\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "validate", "--strict", write(tmp_path, NUMBERED))
    assert (code, warnings(err)) == (0, [])


def test_a_secret_case_is_warned_about_only_in_what_its_stub_publishes(tmp_path: Path, capsys) -> None:
    text = NUMBERED.replace("rubrik: Ny förskola", "sekretess: OSL 26:1\nrubrik: Ny förskola")
    text = text.replace("diarienummer: KS 2021/123", "diarienummer: KS 121212-1212")
    case = write(tmp_path, text)
    code, _, err = run_tjs(capsys, "validate", "--strict", case)
    line, column = place(text, "121212-1212")
    assert code == 1 and [w.split(": warning:")[0] for w in warnings(err)] == [f"{case}:{line}:{column}"]


def test_an_invalid_case_still_fails_with_its_errors(tmp_path: Path, capsys) -> None:
    code, _, err = run_tjs(capsys, "validate", "--strict", write(tmp_path, NUMBERED.replace("2021-03-01", "igår")))
    assert code == 1 and ": error: " in err and warnings(err) == []  # only a valid case is scanned


@pytest.mark.parametrize(
    ("prefix", "newline"),
    [(b"", "\r\n"), (b"\xef\xbb\xbf", "\n"), (b"\xef\xbb\xbf", "\r\n")],
    ids=["crlf", "bom", "bom-crlf"],
)
def test_positions_hold_with_a_byte_order_mark_and_windows_line_ends(
    tmp_path: Path, capsys, prefix: bytes, newline: str
) -> None:
    case = write(tmp_path, prefix + NUMBERED.replace("\n", newline).encode("utf-8"))
    _, _, err = run_tjs(capsys, "validate", case)
    line, column = place(NUMBERED, "19121212-1212")
    assert warnings(err)[0].startswith(f"{case}:{line}:{column}: warning:")


def luhn_digit(nine: str) -> str:
    total = sum((lambda v: v - 9 if v > 9 else v)(int(d) * (2 if i % 2 == 0 else 1)) for i, d in enumerate(nine))
    return str(-total % 10)


@settings(max_examples=examples(40), deadline=None)
@given(
    year=st.integers(1900, 2029),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    serial=st.integers(0, 999),
    form=st.sampled_from(["{c}{d}-{n}", "{d}-{n}", "{d}{n}", "{c}{d}{n}"]),
    before=st.sampled_from(["", "Ombud ", "("]),
)
@example(year=1912, month=12, day=12, serial=121, form="{c}{d}-{n}", before="")
def test_every_personnummer_is_warned_about_at_its_place_and_never_echoed(
    year: int, month: int, day: int, serial: int, form: str, before: str
) -> None:
    date = f"{year % 100:02}{month:02}{day:02}"
    number = f"{serial:03}" + luhn_digit(date + f"{serial:03}")
    written = form.format(c=year // 100, d=date, n=number)
    text = VALID.replace("    text: Text.\n", f"    text: '{before}{written} bor här.'\n")
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text)
        found = case_warnings(path, load_case(path), Config())
    line, column = place(text, before + written)
    assert [(w.line, w.column) for w in found] == [(line, column + len(before))]
    assert written not in found[0].message and date + number not in found[0].message

"""`tjs show`: the memo (or extracts) as it will read, in the terminal, read back through rich's console capture."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from samples import EXAMPLE, VALID, run_tjs, write

from tjansteskrivelse.errors import TjsError
from tjansteskrivelse.show import show_case


def shown(path: Path, **options: Any) -> str:
    console = Console(width=100, markup=False, emoji=False, highlight=False, color_system=None)
    with console.capture() as capture:
        show_case(path, console, **options)
    return " ".join(capture.get().split())  # wrapped lines joined: the text as read


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


def test_the_memo_of_the_example_reads_in_order() -> None:
    assert_in_order(
        shown(EXAMPLE),
        [
            "Region Jämtland Härjedalen",
            "TJÄNSTESKRIVELSE",
            "Dnr RUN/572/2020",
            "2020-11-20",
            "Samverkansavtal mellan Region Jämtland Härjedalen och Östersunds kommun – för fortsatt utveckling",
            "Ärendebeskrivning",
            "Östersunds kommun och Region Jämtland Härjedalen har sedan 2010 samverkat",
            "Nuvarande samarbetsavtal (RUN/591/2018) sträcker sig till den sista december 2020.",
            "Syftet med avtalet är att Region Jämtland Härjedalen och Östersunds kommun ska samverka",
            "Arbetet ska utveckla Jämtland Härjedalen som en kreativ matregion",
            "ungefär 250 000 kronor per år under avtalstiden.",
            "Regiondirektörens förslag",
            "1 Upprättat förslag till samverkansavtal",
            "(UCCN) 2021–2024 godkänns.",
            "2 Regional utvecklingsdirektör får i uppdrag",
            "I tjänsten",
            "Hans Svensson",
            "Regiondirektör",
            "Marina Gregorsson",
            "Utdrag till",
            "Dag Hartman, Välfärd, klimat och kompetens",
            "Theresia Grön, Östersunds kommun",
        ],
    )


def test_utdrag_shows_each_extract_with_its_recipient() -> None:
    text = shown(EXAMPLE, extracts=True)
    assert_in_order(
        text,
        [
            "RUN-572-2020-utdrag-dag-hartman.docx",
            "PROTOKOLLSUTDRAG",
            "Till: Dag Hartman",
            "Samverkansavtal",
            "Theresia Grön",
            "RUN-572-2020-utdrag-theresia-gron.docx",
            "Till: Theresia Grön",
            "Samverkansavtal",
        ],
    )
    assert "Regiondirektörens förslag" not in text  # the memo's proposal heading; an extract has its decision


def test_user_text_is_never_read_as_rich_markup(tmp_path: Path) -> None:
    case = write(tmp_path, VALID.replace("    text: Text.\n", "    text: 'Se [bold]punkt[/bold] :smile: [red]x'\n"))
    assert "Se [bold]punkt[/bold] :smile: [red]x" in shown(case)


def test_publicering_shows_the_public_version(tmp_path: Path) -> None:
    case = write(tmp_path, VALID.replace("    text: Text.\n", "    text: Sökande 19121212-1212.\n"))
    assert "19121212-1212" in shown(case)
    text = shown(case, public=True)
    assert "Sökande ÅÅMMDD-XXXX." in text and "1212-1212" not in text and "case-publicering" not in text


def test_the_command_prints_to_stdout(capsys) -> None:
    code, out, _ = run_tjs(capsys, "show", EXAMPLE)
    assert code == 0 and "Regiondirektörens förslag" in out and ":::" not in out


def test_no_extracts_is_said_plainly(tmp_path: Path) -> None:
    case = write(tmp_path, VALID)
    try:
        shown(case, extracts=True)
    except TjsError as error:
        assert "no extracts" in error.message
    else:
        raise AssertionError("no error")


def test_a_missing_file_is_a_usage_error(tmp_path: Path, capsys) -> None:
    code, _, err = run_tjs(capsys, "show", tmp_path / "saknas.yaml")
    assert code == 2 and "no such file" in err


def test_a_case_without_memo_shows_its_extracts() -> None:
    """An extract-only matter (no 'forslag', e.g. an election): `tjs show` shows what it will
    read as, its extracts, instead of failing."""
    case = Path(__file__).resolve().parents[1] / "examples" / "nacka" / "KFKS-2024-0401.yaml"
    assert "\nförslag:" not in case.read_text(encoding="utf-8")
    console = Console(record=True, width=100, file=io.StringIO())
    show_case(case, console)
    assert "PROTOKOLLSUTDRAG" in console.export_text()

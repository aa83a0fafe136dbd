"""Diagnostics that lead the way (issue 11) and a case built from a script's data (issue 12)."""

# mypy: disable-error-code="union-attr"
# (python-docx and the case model type their optional parts X | None; a None fails the test anyway)

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, run_tjs, write

from tjansteskrivelse import load_case
from tjansteskrivelse.errors import InputError
from tjansteskrivelse.load import load_mapping


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_case(path)
    return [str(issue).replace(str(path), "F", 1) for issue in caught.value.issues]


def replaced(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def test_a_list_item_ending_in_a_colon_is_to_be_quoted(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("    - Punkt.", "    - Nämnden föreslår följande:"))
    assert problems(path) == [
        (
            "F:13:7: error: 'forslag.punkter, punkt 1' is read as 'key: value' because of the ':'; "
            'put the text in quotes: "Nämnden föreslår följande:"'
        )
    ]


def test_a_list_item_holding_a_colon_and_a_space_is_to_be_quoted(tmp_path: Path) -> None:
    text = VALID + "beslutsunderlag:\n  - Tjänsteskrivelse\n  - Protokoll: 2021-03-01\n"
    assert problems(write(tmp_path, text)) == [
        (
            "F:16:5: error: 'beslutsunderlag, underlag 2' is read as 'key: value' because of the ':'; "
            'put the text in quotes: "Protokoll: 2021-03-01"'
        )
    ]


def test_a_mapping_where_text_belongs_is_no_quoting_matter(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("rubrik: Ny förskola i Kolla", "rubrik: {namn: x}"))
    assert problems(path) == ["F:7:9: error: 'rubrik' must be text, not a mapping (keys with values)"]


@pytest.mark.parametrize("key", ["paragraf", "justerat", "organ"])
def test_a_real_key_at_the_wrong_level_says_where_it_belongs(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, VALID + f"{key}: x\n")
    assert problems(path) == [f"F:14:1: error: unknown key '{key}' here; '{key}' belongs under 'beslut'"]


def test_justerare_at_the_top_leads_to_beslut_not_to_the_date(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "justerare: [Eva Ek]\n")
    assert problems(path) == ["F:14:1: error: unknown key 'justerare' here; 'justerare' belongs under 'beslut'"]


def test_a_typo_is_matched_against_the_keys_of_its_place_first(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("  telefon:", "  telefn:"))
    assert problems(path) == ["F:6:3: error: unknown key 'telefn' (did you mean 'telefon'?)"]


def test_a_typo_of_a_key_valid_elsewhere_names_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "justerad: x\n")
    assert problems(path) == ["F:14:1: error: unknown key 'justerad' here (did you mean 'beslut.justerat'?)"]


def test_list_positions_count_from_1_and_name_the_item(tmp_path: Path) -> None:
    text = replaced("    text: Text.\n", "    text: Text.\n  - rubrik: Två\n")
    assert problems(write(tmp_path, text)) == [
        "F:11:5: error: missing required key 'text' in avsnitt, avsnitt 2; add 'text: …'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("rubrik: Ny förskola i Kolla", "rubrik: ‹Ärendets rubrik›", "F:7:9: error: 'rubrik'"),
        ("    - Punkt.", "    - ‹Första beslutspunkten.›", "F:13:7: error: 'forslag.punkter, punkt 1'"),
        (
            "    text: Text.",
            "    text: |\n      Före.\n      ‹Bakgrund.›",
            "F:10:11: error: 'avsnitt, avsnitt 1, text'",
        ),
    ],
)
def test_a_placeholder_of_tjs_new_is_an_error_until_replaced(tmp_path: Path, old: str, new: str, expected: str) -> None:
    (message,) = problems(write(tmp_path, replaced(old, new)))
    assert message.startswith(f"{expected}: replace the placeholder '‹")
    assert message.endswith("›' with the real text")


def test_an_attachment_file_must_exist_next_to_the_case(tmp_path: Path, capsys) -> None:
    text = VALID + "bilagor:\n  - titel: Riktlinjer\n    fil: finns-inte.pdf\n"
    path = write(tmp_path, text)
    code, out, err = run_tjs(capsys, "validate", path)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{path}:16:10: error: 'bilagor, bilaga 1, fil': the attachment 'finns-inte.pdf' does not exist; "
        "the path is relative to the case file's folder"
    )
    (tmp_path / "finns-inte.pdf").write_bytes(b"%PDF-1.4\n")
    assert run_tjs(capsys, "validate", path)[0] == 0


def test_an_attachment_path_is_relative_to_the_case_file_not_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ärende").mkdir()
    (tmp_path / "ärende" / "karta.pdf").write_bytes(b"%PDF-1.4\n")
    path = write(tmp_path / "ärende", VALID + "bilagor:\n  - titel: Karta\n    fil: karta.pdf\n")
    monkeypatch.chdir(tmp_path)
    assert load_case(path).bilagor[0].fil == "karta.pdf"


# ---------------------------------------------------------------------------
# load_mapping: a case from a script's data

DATA = {
    "diarienummer": "KS 2021/123",
    "datum": "2021-03-01",
    "organisation": "Kungsbacka kommun",
    "handläggare": {"namn": "Anna Berg", "telefon": "0701234567"},
    "rubrik": "Ny förskola i Kolla",
    "avsnitt": [{"rubrik": "Bakgrund", "text": "Text."}],
    "förslag": {"punkter": ["Punkt."]},
}


def mapping_problems(data: dict, **kwargs) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_mapping(data, **kwargs)
    return [str(issue) for issue in caught.value.issues]


def test_a_mapping_gives_the_same_case_as_the_file(tmp_path: Path) -> None:
    assert load_mapping(DATA) == load_case(write(tmp_path, VALID))


def test_a_mapping_keeps_every_text_exactly() -> None:
    data = DATA | {"rubrik": "NO", "mottagare": "12:30", "förslag": {"punkter": ["0701", "  x  "], "numrerad": False}}
    case = load_mapping(data)
    assert (case.rubrik, case.mottagare, case.forslag.punkter, case.forslag.numrerad) == (
        "NO",
        "12:30",
        ["0701", "  x  "],
        False,
    )


def test_numbers_and_dates_are_refused_located_by_path() -> None:
    data = DATA | {"datum": dt.date(2021, 3, 1), "handläggare": {"namn": "Anna Berg", "telefon": 701234567}}
    assert mapping_problems(data) == [
        "<data>: error: 'datum' is a date ('2021-03-01'); write it as text (a str), exactly as it should be printed",
        (
            "<data>: error: 'handlaggare.telefon' is a number ('701234567'); write it as text (a str), "
            "exactly as it should be printed"
        ),
    ]


def test_schema_errors_in_a_mapping_are_located_by_python_path() -> None:
    data = DATA | {"avsnitt": [{"rubrik": "A", "text": "T"}, {"rubrik": "B", "text": ["x"]}], "rubrik": "a\x0bb"}
    assert mapping_problems(data, source="rad 7") == [
        "rad 7: error: 'rubrik': the text contains the character U+000B, which a Word document cannot hold; remove it",
        "rad 7: error: 'avsnitt[1].text' must be text, not a list",
    ]


def test_both_spellings_of_a_key_in_a_mapping() -> None:
    assert mapping_problems(DATA | {"forslag": {"punkter": ["x"]}}) == [
        "<data>: error: 'forslag' is given twice (as 'förslag' and 'forslag'); keep one of them"
    ]


def test_attachments_of_a_mapping_are_relative_to_base_dir(tmp_path: Path) -> None:
    data = DATA | {"bilagor": [{"titel": "Karta", "fil": "karta.pdf"}]}
    assert mapping_problems(data, base_dir=tmp_path) == [
        (
            "<data>: error: 'bilagor[0].fil': the attachment 'karta.pdf' does not exist; "
            "the path is relative to base_dir (default: the current folder)"
        )
    ]
    (tmp_path / "karta.pdf").write_bytes(b"%PDF-1.4\n")
    assert load_mapping(data, base_dir=tmp_path).bilagor[0].fil == "karta.pdf"


def test_organisation_from_the_tjs_yaml_nearest_base_dir(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Region Jämtland Härjedalen\n", "tjs.yaml")
    data = {key: value for key, value in DATA.items() if key != "organisation"}
    assert load_mapping(data, base_dir=tmp_path).organisation == "Region Jämtland Härjedalen"
    assert mapping_problems(data)[0].startswith("<data>: error: missing required key 'organisation'")


def test_an_unknown_key_is_shown_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("  telefon:", "  tälefon:"))
    assert problems(path) == ["F:6:3: error: unknown key 'tälefon' (did you mean 'telefon'?)"]


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=80))
@example("Ny förskola i Kolla\n\n")
@example("\ud800")
@example("‹Ärendets rubrik›")
def test_any_title_from_a_script_arrives_exactly_or_is_named_an_error(title: str) -> None:
    try:
        case = load_mapping(DATA | {"rubrik": title})
    except InputError as error:
        (message,) = [str(issue) for issue in error.issues]
        assert message.startswith("<data>: error: 'rubrik': ")
        assert "U+" in message or "empty" in message or "placeholder" in message
    else:
        assert case.rubrik == title


def test_a_mapping_that_holds_itself_is_an_error_not_a_crash() -> None:
    loop: dict = {"rubrik": "x"}
    loop["parter"] = [loop]
    message = mapping_problems(DATA | {"parter": [loop]})[0]
    assert message.startswith("<data>: error: 'parter[0].parter…': lists or mappings are nested far too deeply")

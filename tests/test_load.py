"""The input side, library level: case files and tjs.yaml -> ``Case`` / ``Config``, or exact diagnostics.

Every expected message is spelled out with its ``file:line:column``: a test
that only checked "some error happened" would pass for the wrong error.
"""

# mypy: disable-error-code="union-attr"
# (python-docx and the case model type their optional parts X | None; a None fails the test anyway)

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from samples import EXAMPLE, VALID, VALID_WITHOUT_ORGANISATION, png, write

from tjansteskrivelse import load_case
from tjansteskrivelse.errors import ExitCode, InputError, TjsError, UsageError
from tjansteskrivelse.model import DEFAULT_ORDER, Recipient, Signer
from tjansteskrivelse.project import find_config, load_config

QUOTE_IT = "put the whole text in quotes (or write it as a '|' block)"
ANCHORS = (
    "anchors and aliases (&name, *name) are not supported in case files; write the value out "
    "(a text that starts with '&' or '*' goes in quotes)"
)
PYDANTIC_JARGON = ("model_type", "Input should be", "validation error", "pydantic", "For further information")


def problems(path: Path, **kwargs) -> list[str]:
    """Every diagnostic of one case, as printed, with the path shortened to ``F``."""
    with pytest.raises(InputError) as caught:
        load_case(path, **kwargs)
    lines = [str(issue) for issue in caught.value.issues]
    assert str(caught.value) == "\n".join(lines)
    for line in lines:
        assert not any(word in line for word in PYDANTIC_JARGON), line
    return [line.replace(str(path), "F", 1) for line in lines]


def replaced(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ---------------------------------------------------------------------------
# The example case: every text exactly as written


def test_example_case_loads_with_its_exact_texts() -> None:
    case = load_case(EXAMPLE)

    assert case.diarienummer == "RUN/572/2020"
    assert case.datum == dt.date(2020, 11, 20)
    assert case.organisation == "Region Jämtland Härjedalen"
    assert case.avdelning == "Välfärd, klimat och kompetens"
    assert case.handlaggare.namn == "Marina Gregorsson"
    assert case.handlaggare.telefon == "063146619"  # not the octal-ish number 63146619
    assert case.rubrik == (
        "Samverkansavtal mellan Region Jämtland Härjedalen och Östersunds kommun \u2013 för fortsatt "
        "utveckling av UNESCO Creative Cities Network (UCCN) 2021\u20132024"
    )
    assert [section.rubrik for section in case.avsnitt] == ["Ärendebeskrivning"]
    paragraphs = case.avsnitt[0].text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith(
        "Östersunds kommun och Region Jämtland Härjedalen har sedan 2010 samverkat för att\n"
    )
    assert "Ett förslag till nytt avtal för åren 2021\u20132024 har\narbetats fram" in paragraphs[0]
    assert paragraphs[2].endswith(
        'en del i avtalet "Östersund\nDeclaration" som undertecknades av samtliga '
        "Creative Cities Network städer under\nårskonferensen i Östersund 2016."
    )
    assert paragraphs[3] == (
        "Östersunds kommun och Region Jämtland Härjedalen avsätter vardera arbetstid\n"
        "motsvarande 30% för arbetet, vilket motsvarar ungefär 250 000 kronor per år under\n"
        "avtalstiden.\n"
    )
    assert case.forslag.rubrik == "Regiondirektörens förslag"
    assert case.forslag.inledning is None
    assert case.forslag.numrerad is True
    assert case.forslag.punkter == [
        (
            "Upprättat förslag till samverkansavtal mellan Region Jämtland Härjedalen och Östersunds kommun "
            "\u2013 för fortsatt utveckling av UNESCO Creative Cities Network (UCCN) 2021\u20132024 godkänns."
        ),
        (
            "Regional utvecklingsdirektör får i uppdrag att underteckna samverkansavtalet för "
            "Region Jämtland Härjedalens räkning."
        ),
    ]
    assert case.underskrift is not None
    assert case.underskrift.inledning == "I tjänsten"
    assert case.underskrift.personer == [
        Signer(namn="Hans Svensson", titel="Regiondirektör"),
        Signer(namn="Marina Gregorsson", titel="Områdeschef Välfärd, klimat och kompetens"),
    ]
    assert case.utdrag_till == [
        Recipient(namn="Dag Hartman", enhet="Välfärd, klimat och kompetens"),
        Recipient(namn="Theresia Grön", enhet="Östersunds kommun"),
    ]
    assert case.beslut is None and case.parter == [] and case.bilagor == [] and case.beslutsunderlag == []


def test_load_case_accepts_a_string_path(tmp_path: Path) -> None:
    assert load_case(str(write(tmp_path, VALID))).diarienummer == "KS 2021/123"


# ---------------------------------------------------------------------------
# Typing: nothing is guessed


@pytest.mark.parametrize(
    ("old", "new", "read", "expected"),
    [
        ("telefon: 0701234567", "telefon: 0701234567", lambda c: c.handlaggare.telefon, "0701234567"),
        ("telefon: 0701234567", "telefon: +46 70-123 45 67", lambda c: c.handlaggare.telefon, "+46 70-123 45 67"),
        ("rubrik: Ny förskola i Kolla", "rubrik: yes", lambda c: c.rubrik, "yes"),
        ("rubrik: Ny förskola i Kolla", "rubrik: Off", lambda c: c.rubrik, "Off"),
        ("rubrik: Ny förskola i Kolla", "rubrik: 1e3", lambda c: c.rubrik, "1e3"),
        ("rubrik: Ny förskola i Kolla", "rubrik: 1_000", lambda c: c.rubrik, "1_000"),
        ("rubrik: Ny förskola i Kolla", "rubrik: 0x1F", lambda c: c.rubrik, "0x1F"),
        ("rubrik: Ny förskola i Kolla", "rubrik: .inf", lambda c: c.rubrik, ".inf"),
        ("rubrik: Ny förskola i Kolla", "rubrik: '  blanksteg  '", lambda c: c.rubrik, "  blanksteg  "),
        (
            "rubrik: Ny förskola i Kolla",
            "rubrik: Pris {{ belopp }} * 2  # ej",
            lambda c: c.rubrik,
            "Pris {{ belopp }} * 2",
        ),
        ("diarienummer: KS 2021/123", "diarienummer: 2020-11-20", lambda c: c.diarienummer, "2020-11-20"),
        ("diarienummer: KS 2021/123", "diarienummer: 0123", lambda c: c.diarienummer, "0123"),
        ("datum: 2021-03-01", 'datum: "2021-03-01"', lambda c: c.datum, dt.date(2021, 3, 1)),
        (
            "organisation: Kungsbacka kommun",
            "organisation: Kungsbacka kommun\navdelning: 12:30",
            lambda c: c.avdelning,
            "12:30",
        ),
        (
            "organisation: Kungsbacka kommun",
            "organisation: Kungsbacka kommun\navdelning: 12:30:45",
            lambda c: c.avdelning,
            "12:30:45",
        ),
    ],
)
def test_every_scalar_is_the_text_the_user_wrote(tmp_path: Path, old, new, read, expected) -> None:
    assert read(load_case(write(tmp_path, replaced(old, new)))) == expected


def test_text_in_lists_and_nested_mappings_stays_text(tmp_path: Path) -> None:
    text = VALID + (
        "utdrag_till:\n"
        "  - namn: Per Holm\n"
        "    enhet: NO\n"
        "  - 0701234567\n"
        "beslutsunderlag:\n"
        "  - 2020-11-20\n"
        "  - true\n"
        "beslut:\n"
        "  organ: Kommunstyrelsen\n"
        "  datum: 2021-04-01\n"
        "  paragraf: 08\n"
        "  justerat: 2021-04-08\n"
    )
    case = load_case(write(tmp_path, text))
    assert case.utdrag_till == [Recipient(namn="Per Holm", enhet="NO"), "0701234567"]
    assert case.beslutsunderlag == ["2020-11-20", "true"]
    assert case.beslut is not None
    assert case.beslut.paragraf == "08"
    assert case.beslut.datum == dt.date(2021, 4, 1)
    assert case.beslut.justerat == dt.date(2021, 4, 8)


def test_block_text_keeps_its_lines_and_markdown(tmp_path: Path) -> None:
    text = replaced(
        "    text: Text.\n",
        "    text: |\n      Första stycket med **fet** text.\n\n      - punkt ett\n      - punkt två\n",
    )
    case = load_case(write(tmp_path, text))
    assert case.avsnitt[0].text == "Första stycket med **fet** text.\n\n- punkt ett\n- punkt två\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("numrerad: false", False), ("numrerad: nej", False), ("numrerad: Ja", True), ("numrerad: true", True)],
)
def test_numrerad_is_a_yes_no_value(tmp_path: Path, value: str, expected: bool) -> None:
    case = load_case(write(tmp_path, replaced("  punkter:\n", f"  {value}\n  punkter:\n")))
    assert case.forslag.numrerad is expected


@pytest.mark.parametrize("empty", ["", " ~", " null", " Null"])
def test_an_empty_optional_field_means_nothing(tmp_path: Path, empty: str) -> None:
    extra = "".join(
        f"{key}:{empty}\n"
        for key in (
            "avdelning",
            "mottagare",
            "sekretess",
            "sammanfattning",
            "parter",
            "beslutsunderlag",
            "bilagor",
            "utdrag_till",
            "beslut",
        )
    )
    case = load_case(write(tmp_path, VALID + extra))
    assert (case.avdelning, case.mottagare, case.sekretess, case.sammanfattning, case.beslut) == (None,) * 5
    assert (case.parter, case.beslutsunderlag, case.bilagor, case.utdrag_till) == ([], [], [], [])


def test_quoted_tilde_and_empty_quotes_are_text(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, VALID + 'avdelning: "~"\nmottagare: \'null\'\nsekretess: ""\n'))
    assert (case.avdelning, case.mottagare, case.sekretess) == ("~", "null", "")


def test_null_closing_phrase_differs_from_an_unset_one(tmp_path: Path) -> None:
    # Unset: the config's closing phrase; null: none at all (context.py reads model_fields_set).
    unset = load_case(write(tmp_path, VALID + "underskrift:\n  personer:\n    - namn: Eva\n", "a.yaml"))
    null = load_case(write(tmp_path, VALID + "underskrift:\n  inledning: ~\n  personer:\n    - namn: Eva\n", "b.yaml"))
    assert unset.underskrift is not None and null.underskrift is not None
    assert unset.underskrift.inledning is None and "inledning" not in unset.underskrift.model_fields_set
    assert null.underskrift.inledning is None and "inledning" in null.underskrift.model_fields_set


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("rubrik: Ny förskola i Kolla", "rubrik:", "F:7:8: error: 'rubrik' is empty; write a value after the colon"),
        ("rubrik: Ny förskola i Kolla", "rubrik: ~", "F:7:9: error: 'rubrik' is empty; write a value after the colon"),
        (
            "rubrik: Ny förskola i Kolla",
            'rubrik: "  "',
            "F:7:9: error: 'rubrik': the text is empty; write it after the colon",
        ),
        ("  namn: Anna Berg", "  namn:", "F:5:8: error: 'handlaggare.namn' is empty; write a value after the colon"),
    ],
)
def test_an_empty_required_field_is_an_error(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(write(tmp_path, replaced(old, new))) == [expected]


# ---------------------------------------------------------------------------
# Keys: folding, duplicates, unknown and missing keys


def test_keys_are_accepted_in_both_spellings(tmp_path: Path) -> None:
    swedish = load_case(write(tmp_path, VALID, "swedish.yaml"))
    folded = load_case(
        write(tmp_path, VALID.replace("handläggare:", "handlaggare:").replace("förslag:", "forslag:"), "folded.yaml")
    )
    assert swedish == folded
    assert swedish.handlaggare.namn == "Anna Berg" and swedish.forslag.punkter == ["Punkt."]


def test_nested_swedish_key_is_folded(tmp_path: Path) -> None:
    text = VALID + "beslut:\n  organ: KS\n  datum: 2021-04-01\n  paragraf: § 12\n  beslutsgång: Bifall.\n"
    case = load_case(write(tmp_path, text))
    assert case.beslut is not None and case.beslut.beslutsgang == "Bifall." and case.beslut.paragraf == "§ 12"


def test_both_spellings_of_one_key_are_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "forslag:\n  punkter:\n    - Annan punkt.\n")
    assert problems(path) == [
        "F:14:1: error: duplicate key 'forslag'; it is already given on line 11. Keep one of them",
    ]


def test_duplicate_names_how_the_second_key_was_written(tmp_path: Path) -> None:
    text = VALID.replace("handläggare:", "handlaggare:") + "handläggare:\n  namn: Bo\n"
    assert problems(write(tmp_path, text)) == [
        (
            "F:14:1: error: duplicate key 'handlaggare' (written 'handläggare'); it is already given on line 4. "
            "Keep one of them"
        ),
    ]


def test_duplicate_key_inside_a_list_item(tmp_path: Path) -> None:
    text = replaced("    text: Text.\n", "    text: Text.\n    rubrik: Igen\n")
    assert problems(write(tmp_path, text)) == [
        "F:11:5: error: duplicate key 'rubrik'; it is already given on line 9. Keep one of them",
    ]


def test_same_key_in_different_mappings_is_no_duplicate(tmp_path: Path) -> None:
    text = replaced("    text: Text.\n", "    text: Text.\n  - rubrik: Bakgrund\n    text: Mer.\n")
    assert [s.text for s in load_case(write(tmp_path, text)).avsnitt] == ["Text.", "Mer."]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "rubrik: Ny förskola i Kolla",
            "rubirk: Ny förskola i Kolla",
            [
                "F:1:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'",
                "F:7:1: error: unknown key 'rubirk' (did you mean 'rubrik'?)",
            ],
        ),
        (
            "rubrik: Ny förskola i Kolla",
            "Rubrik: Ny förskola i Kolla",
            [
                "F:1:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'",
                "F:7:1: error: unknown key 'Rubrik' (did you mean 'rubrik'?)",
            ],
        ),
        (
            "  telefon: 0701234567",
            "  telefon: 0701234567\n  epst: a@b.se",
            ["F:7:3: error: unknown key 'epst' (did you mean 'epost'?)"],
        ),
        (
            "  telefon: 0701234567",
            "  telefon: 0701234567\n  skostorlek: 42",
            ["F:7:3: error: unknown key 'skostorlek'; allowed here: namn, titel, telefon, epost"],
        ),
        (
            "    text: Text.",
            "    text: Text.\n    txet: Mer.",
            ["F:11:5: error: unknown key 'txet' (did you mean 'text'?)"],
        ),
    ],
)
def test_unknown_key_is_reported_at_the_key_with_a_suggestion(tmp_path: Path, old, new, expected) -> None:
    assert problems(write(tmp_path, replaced(old, new))) == expected


def test_missing_key_is_reported_at_the_mapping_lacking_it(tmp_path: Path) -> None:
    text = replaced("  - rubrik: Bakgrund\n    text: Text.\n", "  - rubrik: Bakgrund\n  - text: Bara text.\n")
    text = replaced("  namn: Anna Berg\n", "", text)
    assert problems(write(tmp_path, text)) == [
        "F:5:3: error: missing required key 'namn' in handlaggare; add 'namn: …'",
        "F:8:5: error: missing required key 'text' in avsnitt, avsnitt 1; add 'text: …'",
        "F:9:5: error: missing required key 'rubrik' in avsnitt, avsnitt 2; add 'rubrik: …'",
    ]


def test_missing_top_level_keys_are_reported_at_the_first_key(tmp_path: Path) -> None:
    path = write(tmp_path, "# Ett ärende\n\ndiarienummer: KS 1\n")
    assert problems(path) == [
        "F:3:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'",
        "F:3:1: error: 'forslag': a case needs 'forslag' (the proposal: a memo and its extracts) or "
        "'beslut.punkter' (a matter decided at the meeting without a memo: extracts only); add one of them",
    ] + [
        (
            "F:3:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml"
        ),
    ]


def test_a_key_that_is_not_a_word(tmp_path: Path) -> None:
    assert problems(write(tmp_path, VALID + "? [a, b]\n: c\n")) == [
        "F:14:3: error: a key must be a plain word, like 'rubrik'",
    ]


# ---------------------------------------------------------------------------
# Wrong types and bad dates


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "rubrik: Ny förskola i Kolla",
            "rubrik:\n  - Ny förskola\n  - i Kolla",
            "F:8:3: error: 'rubrik' must be text, not a list",
        ),
        (
            "rubrik: Ny förskola i Kolla",
            "rubrik: {namn: x}",
            "F:7:9: error: 'rubrik' must be text, not a mapping (keys with values)",
        ),
        ("  namn: Anna Berg", "  namn: [Anna, Berg]", "F:5:9: error: 'handlaggare.namn' must be text, not a list"),
        (
            "handläggare:\n  namn: Anna Berg\n  telefon: 0701234567",
            "handläggare: Anna Berg",
            "F:4:14: error: 'handlaggare' must be a mapping of keys (namn, titel, telefon, epost, …), not 'Anna Berg'",
        ),
        (
            "avsnitt:\n  - rubrik: Bakgrund\n    text: Text.",
            "avsnitt: Bakgrund",
            "F:8:10: error: 'avsnitt' must be a list (one item per line starting with '- '), not 'Bakgrund'",
        ),
        ("    - Punkt.", "    - [Punkt, Två]", "F:13:7: error: 'forslag.punkter, punkt 1' must be text, not a list"),
        (
            "  punkter:",
            "  numrerad: kanske\n  punkter:",
            "F:12:13: error: 'forslag.numrerad': 'kanske' is not a yes/no value; write true or false",
        ),
        (
            "datum: 2021-03-01",
            "datum: 2020-13-45",
            "F:2:8: error: 'datum': '2020-13-45' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        ),
        (
            "datum: 2021-03-01",
            "datum: 2021-02-29",
            "F:2:8: error: 'datum': '2021-02-29' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        ),
        (
            "datum: 2021-03-01",
            "datum: 20/11/2020",
            "F:2:8: error: 'datum': '20/11/2020' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        ),
        (
            "datum: 2021-03-01",
            "datum: 2021-3-1",
            "F:2:8: error: 'datum': '2021-3-1' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        ),
        (
            "datum: 2021-03-01",
            "datum: 2021-03-01 12:00",
            "F:2:8: error: 'datum': '2021-03-01 12:00' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        ),
        (
            "datum: 2021-03-01",
            "datum: [2021-03-01]",
            "F:2:8: error: 'datum': must be a date (YYYY-MM-DD, e.g. 2020-11-20), not a list",
        ),
    ],
)
def test_wrong_type_or_bad_date(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(write(tmp_path, replaced(old, new))) == [expected]


def test_list_items_given_as_text_or_mapping(tmp_path: Path) -> None:
    text = VALID + "bilagor:\n  - Bilaga 1\n  - titel: Karta\n    fil: karta.pdf\n  - [fel]\n"
    (tmp_path / "karta.pdf").write_bytes(b"%PDF")
    assert problems(write(tmp_path, text)) == [
        "F:18:5: error: 'bilagor, bilaga 3': must be text or a mapping (titel and fil)",
    ]


def test_control_character_from_a_double_quoted_escape(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("rubrik: Ny förskola i Kolla", 'rubrik: "Ny förskola\\x07 i Kolla"'))
    assert problems(path) == [
        (
            "F:7:9: error: 'rubrik': the text contains the character U+0007, "
            "which a Word document cannot hold; remove it"
        ),
    ]


def test_control_character_written_as_is(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("rubrik: Ny förskola i Kolla", "rubrik: Ny förskola\x07 i Kolla"))
    assert problems(path) == [
        "F:7:20: error: the file contains the invisible character U+0007, which is not allowed; remove it",
    ]


# ---------------------------------------------------------------------------
# YAML syntax


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "diarienummer: KS 1\ndatum: 2021-03-01\n  rubrik: Fel indrag\n",
            "F:3:9: error: YAML syntax: unexpected ': ' here; put a text holding ': ' in quotes, "
            "or check the indentation",
            id="indentation",
        ),
        pytest.param(
            "diarienummer: KS 1\nrubrik: Svar på motion: Fler cykelvägar\n",
            "F:2:23: error: YAML syntax: unexpected ': ' here; put a text holding ': ' in quotes, "
            "or check the indentation",
            id="colon-in-text",
        ),
        pytest.param(
            "avsnitt:\n  - rubrik: A\n - rubrik: B\n",
            "F:3:2: error: YAML syntax: this line does not line up with the lines above; "
            "indent keys of one level equally",
            id="list-indentation",
        ),
        pytest.param(
            "diarienummer: KS 1\nhandläggare:\n\tnamn: Anna\n",
            "F:3:1: error: YAML syntax: a tab character here; use spaces instead of tabs",
            id="tab",
        ),
        pytest.param(
            'diarienummer: KS 1\nrubrik: "Ny förskola\ndatum: 2021-03-01\n',
            "F:2:9: error: YAML syntax: this quote is never closed; add the closing quote",
            id="unclosed-quote",
        ),
        pytest.param(
            "diarienummer: KS 1\nrubrik: 'Ny förskola\n",
            "F:2:9: error: YAML syntax: this quote is never closed; add the closing quote",
            id="unclosed-single-quote",
        ),
        pytest.param(
            "avsnitt:\n  - rubrik: Bakgrund\n    text: *Observera* att\n",
            f"F:3:11: error: YAML syntax: a text cannot start with '*' or '&' here; {QUOTE_IT}",
            id="markdown-italic-at-start",
        ),
        pytest.param(
            "förslag:\n  punkter:\n    - **Fet** punkt\n",
            f"F:3:7: error: YAML syntax: a text cannot start with '*' or '&' here; {QUOTE_IT}",
            id="markdown-bold-at-start",
        ),
        pytest.param(
            "rubrik: @kommunen\n",
            f"F:1:9: error: YAML syntax: a text cannot start with '@'; {QUOTE_IT}",
            id="at-sign",
        ),
        pytest.param(
            'rubrik: "Avtal" med Östersunds kommun\n',
            f"F:1:17: error: YAML syntax: text after a closing quote or bracket; if they are part of the text, "
            f"{QUOTE_IT}",
            id="text-after-quote",
        ),
        pytest.param(
            "rubrik: [Utkast] Avtal\n",
            f"F:1:18: error: YAML syntax: text after a closing quote or bracket; if they are part of the text, "
            f"{QUOTE_IT}",
            id="text-after-bracket",
        ),
        pytest.param(
            "diarienummer: KS 1\nrubrik: [Ny, förskola\n",
            "F:3:1: error: YAML syntax: expected ',' or ']', but got '<stream end>' "
            "(check indentation — spaces, not tabs — and closing quotes)",
            id="unclosed-bracket",
        ),
        pytest.param(
            "diarienummer: KS 1\n---\ndiarienummer: KS 2\n",
            "F:2:1: error: YAML syntax: the file holds more than one YAML document ('---'); keep one case per file",
            id="two-documents",
        ),
    ],
)
def test_yaml_syntax_error(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(write(tmp_path, text)) == [expected]


@pytest.mark.parametrize(
    ("value", "line", "sign"),
    [("!Viktigt avtal", 7, "!"), ("&Viktigt avtal", 7, "&"), ("&a Avtal\nmottagare: *a", 7, "&")],
)
def test_tags_and_anchors_would_drop_text_so_they_are_errors(tmp_path: Path, value: str, line: int, sign: str) -> None:
    path = write(tmp_path, replaced("rubrik: Ny förskola i Kolla", f"rubrik: {value}"))
    expected = f"a text cannot start with '{sign}'; {QUOTE_IT}" if sign == "!" else ANCHORS
    assert problems(path) == [f"F:{line}:9: error: {expected}"]
    quoted = write(tmp_path, replaced("rubrik: Ny förskola i Kolla", f"rubrik: '{value.splitlines()[0]}'"), "q.yaml")
    assert load_case(quoted).rubrik == value.splitlines()[0]


def test_several_errors_are_all_reported_sorted_by_line(tmp_path: Path) -> None:
    text = (
        "diarienummer: KS 2021/123\n"  # 1
        "datum: 2020-13-45\n"  # 2
        "handläggare:\n"  # 3
        "  namn: [Anna, Berg]\n"  # 4
        "rubirk: Ny förskola\n"  # 5
        "avsnitt:\n"  # 6
        "  - rubrik: Bakgrund\n"  # 7
        "förslag:\n"  # 8
        "  punkter:\n"  # 9
        "    - Punkt.\n"  # 10
        "forslag:\n"  # 11
        "  punkter: [Annan]\n"  # 12
        "beslut:\n"  # 13
        "  organ: KS\n"  # 14
        "  datum: 20/11/2020\n"  # 15
        "  paragraf: 08\n"  # 16
    )
    assert problems(write(tmp_path, text)) == [
        "F:1:1: error: missing required key 'rubrik' in the file; add 'rubrik: …'",
        (
            "F:1:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml"
        ),
        "F:2:8: error: 'datum': '2020-13-45' is not a real date; write it as YYYY-MM-DD, e.g. 2020-11-20",
        "F:4:9: error: 'handlaggare.namn' must be text, not a list",
        "F:5:1: error: unknown key 'rubirk' (did you mean 'rubrik'?)",
        "F:7:5: error: missing required key 'text' in avsnitt, avsnitt 1; add 'text: …'",
        "F:11:1: error: duplicate key 'forslag'; it is already given on line 8. Keep one of them",
        "F:15:10: error: 'beslut.datum': '20/11/2020' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
    ]


def test_a_duplicate_key_alone_makes_the_case_invalid(tmp_path: Path) -> None:
    # The rest validates, but the data lost a key: no Case may come out of it.
    assert len(problems(write(tmp_path, VALID + "rubrik: Annan rubrik\n"))) == 1


# ---------------------------------------------------------------------------
# Files that are not a case: empty, wrong shape, encodings, folders, missing


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "F:1:1: error: the file is empty; a case file starts with 'diarienummer: …' (see 'tjs new')"),
        (
            "# bara en kommentar\n\n",
            "F:1:1: error: the file is empty; a case file starts with 'diarienummer: …' (see 'tjs new')",
        ),
        (
            "- diarienummer: KS 1\n- datum: 2021-03-01\n",
            (
                "F:1:1: error: the file is a list, but it must be a mapping of keys; "
                "a case file starts with 'diarienummer: …' (see 'tjs new')"
            ),
        ),
        (
            "Ny förskola i Kolla\n",
            (
                "F:1:1: error: the file is 'Ny förskola i Kolla', but it must be a mapping of keys; "
                "a case file starts with 'diarienummer: …' (see 'tjs new')"
            ),
        ),
        (
            "diarienummer: KS 1\nrubrik: Sm\xe5land\n".encode("latin-1"),
            (
                "F:2:11: error: the file is not UTF-8 (byte 0xE5); save it as UTF-8 "
                "(in most editors: Save as… > Encoding > UTF-8)"
            ),
        ),
        (VALID.encode("utf-16"), "F:1:1: error: the file is saved as UTF-16; save it as UTF-8"),
    ],
    ids=["empty", "comment-only", "list", "string", "latin-1", "utf-16"],
)
def test_a_file_that_is_no_case(tmp_path: Path, content: str | bytes, expected: str) -> None:
    assert problems(write(tmp_path, content)) == [expected]


def test_utf8_with_bom_and_crlf_is_valid_and_keeps_no_carriage_returns(tmp_path: Path) -> None:
    text = replaced("    text: Text.\n", "    text: |\n      Rad ett\n      rad två.\n\n      Stycke två.\n")
    path = write(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    case = load_case(path)
    assert case.diarienummer == "KS 2021/123"
    assert case.handlaggare.telefon == "0701234567"
    assert case.avsnitt[0].text == "Rad ett\nrad två.\n\nStycke två.\n"


def test_errors_in_a_crlf_file_have_the_same_positions(tmp_path: Path) -> None:
    path = write(tmp_path, replaced("datum: 2021-03-01", "datum: 20/11/2020").replace("\n", "\r\n"))
    assert problems(path) == [
        "F:2:8: error: 'datum': '20/11/2020' is not a date; write it as YYYY-MM-DD, e.g. 2020-11-20",
    ]


def test_a_folder_is_not_a_case(tmp_path: Path) -> None:
    folder = tmp_path / "ärenden"
    folder.mkdir()
    with pytest.raises(InputError) as caught:
        load_case(folder)
    assert str(caught.value) == f"{folder}: error: is a folder, not a case file"
    assert caught.value.exit_code == ExitCode.INVALID


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "saknas.yaml"
    with pytest.raises(UsageError) as caught:
        load_case(missing)
    assert caught.value.exit_code == ExitCode.USAGE == 2
    assert str(caught.value) == f"{missing}: no such file\n  hint: check the path, or create a case with 'tjs new'"


# ---------------------------------------------------------------------------
# The project config: tjs.yaml


def test_organisation_comes_from_the_nearest_config(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Kungsbacka kommun\n", "tjs.yaml")
    case_path = write(tmp_path / "2021" / "mars", VALID_WITHOUT_ORGANISATION)
    assert find_config(case_path) == (tmp_path / "tjs.yaml").resolve()
    assert load_case(case_path).organisation == "Kungsbacka kommun"


def test_the_config_in_the_case_folder_wins_over_a_parent(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Yttre\n", "tjs.yaml")
    write(tmp_path / "inre", "organisation: Inre\n", "tjs.yaml")
    assert load_case(write(tmp_path / "inre", VALID_WITHOUT_ORGANISATION)).organisation == "Inre"


def test_the_case_value_wins_over_the_config(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Region Halland\n", "tjs.yaml")
    assert load_case(write(tmp_path, VALID)).organisation == "Kungsbacka kommun"


def test_an_explicit_project_is_used_instead_of_the_nearest_config(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Närmast\n", "tjs.yaml")
    other = load_config(write(tmp_path / "annan", "organisation: Angiven\n", "tjs.yaml"))
    assert load_case(write(tmp_path, VALID_WITHOUT_ORGANISATION), other).organisation == "Angiven"


def test_organisation_missing_in_case_and_config(tmp_path: Path) -> None:
    write(tmp_path, "utdata: ut\n", "tjs.yaml")
    assert problems(write(tmp_path, "# Ärende\n" + VALID_WITHOUT_ORGANISATION)) == [
        (
            "F:2:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml"
        ),
    ]


def test_organisation_missing_without_any_config(tmp_path: Path) -> None:
    assert problems(write(tmp_path, VALID_WITHOUT_ORGANISATION)) == [
        (
            "F:1:1: error: missing required key 'organisation'; add 'organisation: …' to the case, "
            "or set it once for all cases in tjs.yaml"
        ),
    ]


def config_problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_config(path)
    lines = [str(issue) for issue in caught.value.issues]
    for line in lines:
        assert not any(word in line for word in PYDANTIC_JARGON), line
    return [line.replace(str(path), "C", 1) for line in lines]


def test_unknown_key_in_the_config_names_tjs_yaml(tmp_path: Path) -> None:
    config = write(tmp_path, "organisation: Kungsbacka kommun\norganisatoin: x\n", "tjs.yaml")
    assert config_problems(config) == ["C:2:1: error: unknown key 'organisatoin' (did you mean 'organisation'?)"]
    # Reading a case below it reports the config's problem, naming tjs.yaml.
    with pytest.raises(InputError) as caught:
        load_case(write(tmp_path, VALID))
    assert str(caught.value) == f"{config}:2:1: error: unknown key 'organisatoin' (did you mean 'organisation'?)"
    assert str(config).endswith("tjs.yaml")


def test_config_files_must_exist(tmp_path: Path) -> None:
    config = write(
        tmp_path, "logotyp:\n  fil: bilder/logotyp.png\n  alt: Kommunens logotyp\nreferens: mall.docx\n", "tjs.yaml"
    )
    assert config_problems(config) == [
        "C:2:8: error: 'logotyp.fil': 'bilder/logotyp.png' does not exist next to tjs.yaml",
        "C:4:11: error: 'referens': 'mall.docx' does not exist next to tjs.yaml",
    ]
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "logotyp.png").write_bytes(png())
    (tmp_path / "mall.docx").write_bytes(b"PK")
    project = load_config(config)
    assert project.resolve(project.config.logotyp.fil) == (tmp_path / "bilder" / "logotyp.png").resolve()


def test_logo_needs_alt_text_or_dekorativ(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    assert config_problems(write(tmp_path, "logotyp: {fil: logo.png}\n", "tjs.yaml")) == [
        (
            "C:1:10: error: 'logotyp': the logo needs alt text for screen readers: add 'alt: <organisation>s logotyp', "
            "or 'dekorativ: true' if it carries no information"
        ),
    ]
    config = load_config(write(tmp_path, "logotyp: {fil: logo.png, dekorativ: ja}\n", "tjs.yaml")).config
    assert config.logotyp is not None and config.logotyp.dekorativ is True


def test_ordning_accepts_swedish_spellings(tmp_path: Path) -> None:
    text = "ordning: [förslag, sammanfattning, avsnitt, beslutsunderlag, bilagor, utdrag_till, underskrift]\n"
    config = load_config(write(tmp_path, text, "tjs.yaml")).config
    assert config.ordning == [
        "forslag",
        "sammanfattning",
        "avsnitt",
        "beslutsunderlag",
        "bilagor",
        "utdrag_till",
        "underskrift",
    ]


def test_ordning_defaults_to_region_jamtland_harjedalens_order(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "organisation: X\n", "tjs.yaml")).config
    assert tuple(config.ordning) == DEFAULT_ORDER


@pytest.mark.parametrize(
    ("ordning", "expected"),
    [
        (
            "[förslag, sammanfattning, avsnitt, beslutsunderlag, bilagor, utdrag_till]",
            (
                "C:1:10: error: 'ordning': must list each part of the memo exactly once (missing underskrift); "
                "a part the case leaves out is simply not shown"
            ),
        ),
        (
            "[avsnitt, avsnitt, sammanfattning, forslag, beslutsunderlag, bilagor, underskrift, utdrag_till]",
            (
                "C:1:10: error: 'ordning': must list each part of the memo exactly once (listed twice: avsnitt); "
                "a part the case leaves out is simply not shown"
            ),
        ),
        (
            "[sammanfattning, avsnitt, forslag, beslutsunderlag, bilagor, underskrift, utdrag_till, rubrik]",
            (
                "C:1:97: error: 'ordning, del 8' must be 'sammanfattning', 'avsnitt', 'forslag', 'beslutsunderlag', "
                "'bilagor', 'underskrift' or 'utdrag_till', not 'rubrik'"
            ),
        ),
    ],
)
def test_ordning_must_name_every_part_once(tmp_path: Path, ordning: str, expected: str) -> None:
    assert config_problems(write(tmp_path, f"ordning: {ordning}\n", "tjs.yaml")) == [expected]


def test_config_errors_are_all_reported(tmp_path: Path) -> None:
    text = (
        "organisation: Kungsbacka kommun\n"
        "underskrift_layout: sida\n"
        "rubriker:\n"
        "  förslag: [Förslag]\n"
        "  dokumenttyp:\n"
        "  utdrag_till: Beslutet skickas till\n"
        "  underskrift: ~\n"
        "organisation: Igen\n"
    )
    assert config_problems(write(tmp_path, text, "tjs.yaml")) == [
        "C:2:21: error: 'underskrift_layout' must be 'staplad' or 'bredvid', not 'sida'",
        "C:4:12: error: 'rubriker.forslag' must be text, not a list",
        "C:8:1: error: duplicate key 'organisation'; it is already given on line 1. Keep one of them",
    ]


def test_config_headings_and_settings_are_read_exactly(tmp_path: Path) -> None:
    text = (
        "rubriker:\n"
        "  utdrag_till: Beslutet skickas till\n"
        "  underskrift: ~\n"
        "handläggare_plats: sidfot\n"
        "sidfot: [Kungsbacka kommun, Telefon 0300-83 40 00]\n"
    )
    config = load_config(write(tmp_path, text, "tjs.yaml")).config
    assert config.rubriker.utdrag_till == "Beslutet skickas till"
    assert config.rubriker.underskrift is None
    assert config.rubriker.forslag == "Förslag till beslut"
    assert config.handlaggare_plats == "sidfot"
    assert config.sidfot == ["Kungsbacka kommun", "Telefon 0300-83 40 00"]


def test_an_empty_config_is_an_error(tmp_path: Path) -> None:
    assert config_problems(write(tmp_path, "", "tjs.yaml")) == [
        "C:1:1: error: the file is empty; write settings such as 'organisation: …'",
    ]


# ---------------------------------------------------------------------------
# Errors are user errors, never exceptions of the libraries underneath


def test_input_error_is_a_tjs_error_with_exit_code_1(tmp_path: Path) -> None:
    with pytest.raises(TjsError) as caught:
        load_case(write(tmp_path, ""))
    assert isinstance(caught.value, InputError)
    assert caught.value.exit_code == ExitCode.INVALID == 1


def test_safe_load_would_have_changed_these_values() -> None:
    # Documents why the loader composes instead of constructing: the table of case-format.md.
    assert yaml.safe_load("telefon: 0701234567") == {"telefon": 0o701234567}
    assert yaml.safe_load("tid: 12:30") == {"tid": 750}
    assert yaml.safe_load("enhet: NO") == {"enhet": False}
    assert yaml.safe_load("datum: 2020-11-20") == {"datum": dt.date(2020, 11, 20)}

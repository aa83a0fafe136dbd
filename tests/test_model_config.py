"""The project config schema (tjs.yaml), version 2: new keys, their defaults, and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from samples import write

from tjansteskrivelse.errors import InputError
from tjansteskrivelse.model import DEFAULT_ORDER, Config, Headings, json_schema
from tjansteskrivelse.project import load_config

EXTRACT_ORDER = [
    "arende",
    "beslutsunderlag",
    "jav",
    "yrkanden",
    "beslutsgang",
    "omrostning",
    "beslut",
    "reservationer",
    "protokollsanteckningar",
    "utdrag_till",
]


def errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str, str]]:
    with pytest.raises(ValidationError) as caught:
        Config.model_validate(data)
    return [(item["loc"], item["type"], item["msg"]) for item in caught.value.errors(include_url=False)]


def test_defaults() -> None:
    config = Config()
    assert (
        list(DEFAULT_ORDER)
        == config.ordning
        == [
            "sammanfattning",
            "avsnitt",
            "forslag",
            "beslutsunderlag",
            "bilagor",
            "underskrift",
            "utdrag_till",
        ]
    )
    assert config.ordning_utdrag == EXTRACT_ORDER
    assert config.handlaggare_falt == ["namn", "titel", "telefon", "epost"]
    assert (config.tomma_falt, config.sidfot_sidor, config.typografi) == ("visa", "alla", "pa")
    assert config.listformat.model_dump() == {
        "beslutsunderlag": "punkt",
        "bilagor": "punkt",
        "utdrag_till": "ingen",
        "beslut": None,
    }
    assert (config.sidfot, config.sidfot_utdrag) == ([], None)


def test_heading_defaults_old_and_new() -> None:
    assert Headings().model_dump() == {
        "dokumenttyp": "TJÄNSTESKRIVELSE",
        "forslag": "Förslag till beslut",
        "sammanfattning": "Sammanfattning",
        "beslutsunderlag": "Beslutsunderlag",
        "bilagor": "Bilagor",
        "underskrift": "I tjänsten",
        "utdrag_till": "Utdrag till",
        "utdrag": "PROTOKOLLSUTDRAG",
        "beslut": "Beslut",
        "beslutsgang": "Beslutsgång",
        "yrkanden": "Yrkanden",
        "omrostning": "Omröstning",
        "reservationer": "Reservation",
        "protokollsanteckningar": "Protokollsanteckning",
        "jav": "Jäv",
        "datum": "Datum",
        "diarienummer": "Diarienummer",
        "handlaggare": "Handläggare",
        "mottagare": "Till",
        "sammantradesdatum": "Sammanträdesdatum",
        "telefon": "Tfn",
        "epost": "E-post",
        "intyg": "Utdragsbestyrkande",
        "justerande": "Justerandes signatur",
        "utkast": "UTKAST",
        "er_beteckning": "Er beteckning",
        "dnr": "Dnr",
        "fortsattning": "forts.",
        "sida": None,
        "justerare": "Justerare",
    }


@pytest.mark.parametrize("key", sorted(Headings.model_fields))
def test_any_heading_may_be_switched_off_but_not_left_blank(key: str) -> None:
    assert getattr(Config.model_validate({"rubriker": {key: None}}).rubriker, key) is None
    assert getattr(Config.model_validate({"rubriker": {key: "Egen text"}}).rubriker, key) == "Egen text"
    if key != "underskrift":  # an empty closing phrase has always been allowed
        [(loc, kind, _)] = errors({"rubriker": {key: "  "}})
        assert (loc, kind) == (("rubriker", key), "tjs_blank")


def test_new_keys_accepted_in_either_spelling() -> None:
    config = Config.model_validate(
        {
            "ordning_utdrag": [
                "beslut",
                "arende",
                "beslutsunderlag",
                "jäv",
                "yrkanden",
                "beslutsgång",
                "omröstning",
                "reservationer",
                "protokollsanteckningar",
                "utdrag_till",
            ],
            "handlaggare_falt": ["namn", "epost"],
            "tomma_falt": "dölj",
            "listformat": {"beslutsunderlag": "ingen", "bilagor": "nummer", "utdrag_till": "punkt", "beslut": "ingen"},
            "sidfot": ["Kungsbacka kommun"],
            "sidfot_utdrag": [],
            "sidfot_sidor": "första",
            "typografi": "av",
        }
    )
    assert config.ordning_utdrag[:2] == ["beslut", "arende"] and "jav" in config.ordning_utdrag
    assert config.handlaggare_falt == ["namn", "epost"]
    assert (config.tomma_falt, config.sidfot_sidor, config.typografi) == ("dolj", "forsta", "av")
    assert config.listformat.model_dump() == {
        "beslutsunderlag": "ingen",
        "bilagor": "nummer",
        "utdrag_till": "punkt",
        "beslut": "ingen",
    }
    assert (config.sidfot, config.sidfot_utdrag) == (["Kungsbacka kommun"], [])
    # Written but empty means no footer lines on extracts, like [].
    assert Config.model_validate({"sidfot_utdrag": None}).sidfot_utdrag == []
    assert Config.model_validate({"sidfot_utdrag": ["Rad"]}).sidfot_utdrag == ["Rad"]


@pytest.mark.parametrize(
    ("data", "loc", "words"),
    [
        ({"tomma_falt": "gom"}, ("tomma_falt",), ["'visa'", "'dolj'"]),
        ({"sidfot_sidor": "sista"}, ("sidfot_sidor",), ["'alla'", "'forsta'"]),
        ({"typografi": "ja"}, ("typografi",), ["'pa'", "'av'"]),
        ({"listformat": {"bilagor": "siffror"}}, ("listformat", "bilagor"), ["'punkt'", "'nummer'", "'ingen'"]),
        (
            {"handlaggare_falt": ["namn", "skostorlek"]},
            ("handlaggare_falt", 1),
            ["'namn'", "'titel'", "'avdelning'", "'telefon'", "'epost'"],
        ),
    ],
)
def test_a_wrong_word_names_the_allowed_ones(data: dict[str, Any], loc: tuple[Any, ...], words: list[str]) -> None:
    [(found, kind, message)] = errors(data)
    assert (found, kind) == (loc, "literal_error")
    assert all(word in message for word in words), message


@pytest.mark.parametrize(
    ("data", "loc", "kind", "says"),
    [
        ({"ordning_utdrag": ["beslut"]}, ("ordning_utdrag",), "tjs_order", "missing arende, beslutsunderlag"),
        ({"ordning_utdrag": [*EXTRACT_ORDER, "beslut"]}, ("ordning_utdrag",), "tjs_order", "listed twice: beslut"),
        ({"ordning_utdrag": []}, ("ordning_utdrag",), "too_short", ""),
        ({"handlaggare_falt": ["namn", "epost", "namn"]}, ("handlaggare_falt",), "tjs_order", "namn twice"),
        ({"handlaggare_falt": []}, ("handlaggare_falt",), "too_short", ""),
        ({"listformat": {"bilagor": "punkt", "utdrag": "ingen"}}, ("listformat", "utdrag"), "extra_forbidden", ""),
        ({"sidfot_utdrag": "Kungsbacka kommun"}, ("sidfot_utdrag",), "list_type", ""),
        ({"sidfot_utdrag": [""]}, ("sidfot_utdrag", 0), "tjs_blank", ""),
        ({"rubriker": {"sidan": "Sida"}}, ("rubriker", "sidan"), "extra_forbidden", ""),
    ],
)
def test_bad_config_values_are_rejected(data: dict[str, Any], loc: tuple[Any, ...], kind: str, says: str) -> None:
    [(found, found_kind, message)] = errors(data)
    assert (found, found_kind) == (loc, kind)
    assert says in message


def test_a_config_file_with_new_keys_loads_and_a_wrong_word_is_located(tmp_path: Path) -> None:
    good = write(tmp_path, "rubriker:\n  justerande: ~\n  sida: Sida\ntomma_falt: dölj\n", "tjs.yaml")
    config = load_config(good).config
    assert (config.rubriker.justerande, config.rubriker.sida, config.tomma_falt) == (None, "Sida", "dolj")
    bad = write(tmp_path / "b", "organisation: X\nlistformat:\n  bilagor: siffror\n", "tjs.yaml")
    with pytest.raises(InputError) as caught:
        load_config(bad)
    [issue] = caught.value.issues
    assert (issue.line, issue.column) == (3, 12)
    assert "'punkt', 'nummer' or 'ingen'" in issue.message and "siffror" in issue.message


# ---------------------------------------------------------------------------
# JSON Schema for editors: schema/config.schema.json

CONFIG_SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "config.schema.json"


def config_schema_text() -> str:
    return json.dumps(json_schema(Config), ensure_ascii=False, indent=2) + "\n"


def test_config_schema_file_is_current() -> None:
    assert CONFIG_SCHEMA.read_text(encoding="utf-8") == config_schema_text(), (
        "schema/config.schema.json is out of date with the model; regenerate it with:\n"
        "    python -c 'import json; from tjansteskrivelse.model import json_schema, Config; "
        "print(json.dumps(json_schema(Config), ensure_ascii=False, indent=2))' > schema/config.schema.json"
    )


@pytest.fixture(scope="module")
def config_validator() -> jsonschema.Draft202012Validator:
    """A validator for schema/config.schema.json, which must itself be a valid JSON Schema (checked once for
    the module: checking it against the metaschema takes ~0.1 s)."""
    schema = json.loads(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "config",
    sorted((Path(__file__).resolve().parents[1] / "examples").glob("*/tjs.yaml")),
    ids=lambda path: path.parent.name,
)
def test_config_schema_accepts_the_examples_as_an_editor_reads_them(
    config: Path, config_validator: jsonschema.Draft202012Validator
) -> None:
    validator = config_validator
    assert [error.message for error in validator.iter_errors(yaml.safe_load(config.read_text(encoding="utf-8")))] == []


def test_config_schema_takes_both_spellings_and_rejects_what_tjs_rejects(
    config_validator: jsonschema.Draft202012Validator,
) -> None:
    validator = config_validator
    good = {
        "tomma_fält": "dölj",
        "sidfot_sidor": "första",
        "typografi": "på",
        "rubriker": {"justerande": None},
        "ordning_utdrag": [
            "beslut",
            "ärende",
            "beslutsunderlag",
            "jäv",
            "yrkanden",
            "beslutsgång",
            "omröstning",
            "reservationer",
            "protokollsanteckningar",
            "utdrag_till",
        ],
    }
    assert [error.message for error in validator.iter_errors(good)] == []
    bad: dict[str, Any]
    for bad in (
        {"tomma_falt": "gom"},
        {"listformat": {"bilagor": "siffror"}},
        {"sidfot_utdrag": "rad"},
        {"tomma_falt": "dolj", "tomma_fält": "dolj"},
        {"rubirker": {}},
    ):
        assert list(validator.iter_errors(bad)) != [], bad

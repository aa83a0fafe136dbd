"""The example organisations validate: each with tjs.yaml alone (no templates, no reference document).

Rendering them is checked elsewhere once the context and templates use the
version 2 keys; here the schema must accept every example as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from samples import REPO, run_tjs

from tjansteskrivelse import load_case
from tjansteskrivelse.project import load_config

EXAMPLES = REPO / "examples"
CASES = sorted(path for path in EXAMPLES.glob("*/*.yaml") if path.name != "tjs.yaml")
NEW_ORGANISATIONS = ("nacka", "uppsala")


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_each_example_validates(capsys: pytest.CaptureFixture[str], case: Path) -> None:
    assert run_tjs(capsys, "validate", case) == (0, "", "1 of 1 case valid\n")


@pytest.mark.parametrize("organisation", sorted(path.name for path in EXAMPLES.iterdir() if path.is_dir()))
def test_each_example_organisation_needs_only_tjs_yaml(organisation: str) -> None:
    config = load_config(EXAMPLES / organisation / "tjs.yaml").config
    assert (config.mallar, config.referens) == (None, None)
    assert config.organisation


@pytest.mark.parametrize("organisation", NEW_ORGANISATIONS)
def test_new_organisations_have_a_memo_a_decided_matter_and_an_extract_only_matter(organisation: str) -> None:
    config = load_config(EXAMPLES / organisation / "tjs.yaml").config
    assert config.ordning_utdrag[0] == "beslut"
    cases = [load_case(path) for path in sorted((EXAMPLES / organisation).glob("*.yaml")) if path.name != "tjs.yaml"]
    memos = [case for case in cases if case.forslag is not None and case.beslut is None]
    decided = [case for case in cases if case.forslag is not None and case.beslut is not None]
    extracts_only = [case for case in cases if case.forslag is None]
    assert memos and decided and extracts_only
    for case in decided:
        assert case.beslut is not None
        assert case.beslut.yrkanden and case.beslut.reservationer and case.beslut.justerare
        assert case.beslut.omrostning and "| --- |" in case.beslut.omrostning  # the voting list, a table
    for case in extracts_only:
        assert case.beslut is not None and case.beslut.punkter and case.datum == case.beslut.datum


def test_kungsbacka_puts_the_decision_first_and_hides_empty_fields() -> None:
    config = load_config(EXAMPLES / "kungsbacka" / "tjs.yaml").config
    assert config.ordning_utdrag[:3] == ["beslut", "arende", "beslutsunderlag"]
    assert (config.tomma_falt, config.rubriker.utdrag_till) == ("dolj", "Beslutet skickas till")
    assert config.listformat.beslutsunderlag == "ingen"


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_each_example_passes_the_editors_schema(case: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schema" / "case.schema.json").read_text("utf-8")))
    # As VS Code's YAML extension reads it: dates, numbers typed, keys unfolded.
    data = json.loads(json.dumps(yaml.safe_load(case.read_text(encoding="utf-8")), default=str))
    assert [error.message for error in validator.iter_errors(data)] == []

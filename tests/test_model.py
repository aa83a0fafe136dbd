"""The case schema (model.py): what a case file may say, version 2 included.

Most tests validate plain data (what the loader hands over: every scalar as
text, keys folded); a few go through ``load_case`` to see where an error stands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from samples import VALID, write

from tjansteskrivelse import load_case
from tjansteskrivelse.errors import InputError
from tjansteskrivelse.model import Case

MEMO: dict[str, Any] = {
    "diarienummer": "KS 2021/123",
    "datum": "2021-03-01",
    "organisation": "Kungsbacka kommun",
    "handlaggare": {"namn": "Anna Berg"},
    "rubrik": "Ny förskola i Kolla",
    "forslag": {"punkter": ["Punkt."]},
}
DECISION: dict[str, Any] = {"organ": "Kommunfullmäktige", "datum": "2024-06-12", "paragraf": "§ 88"}
# An election decided at the meeting: no memo, only extracts.
ELECTION: dict[str, Any] = {
    "diarienummer": "KS 2024/77",
    "organisation": "Nacka kommun",
    "rubrik": "Val av ersättare i kommunstyrelsen",
    "beslut": {**DECISION, "punkter": ["Till ersättare väljs Eva Lund (L)."]},
}


def errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str, str]]:
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(data)
    return [(item["loc"], item["type"], item["msg"]) for item in caught.value.errors(include_url=False)]


def without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys}


# ---------------------------------------------------------------------------
# A memo, or extracts only


def test_a_memo_needs_neither_avsnitt_nor_sammanfattning() -> None:
    assert Case.model_validate(MEMO).avsnitt == []
    assert Case.model_validate({**MEMO, "avsnitt": None}).avsnitt == []
    assert Case.model_validate({**MEMO, "avsnitt": []}).avsnitt == []


def test_a_case_decided_without_a_memo_takes_the_meetings_date() -> None:
    case = Case.model_validate(ELECTION)
    assert case.forslag is None and case.handlaggare is None and case.avsnitt == []
    assert case.datum == dt.date(2024, 6, 12)
    assert case.beslut is not None and case.beslut.punkter == ["Till ersättare väljs Eva Lund (L)."]
    # A date written in the case wins; a case officer may still be named.
    case = Case.model_validate({**ELECTION, "datum": "2024-06-01", "handlaggare": {"namn": "Anna Berg"}})
    assert case.datum == dt.date(2024, 6, 1)
    assert case.handlaggare is not None and case.handlaggare.namn == "Anna Berg"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (without(MEMO, "forslag"), ("forslag",)),
        ({**ELECTION, "beslut": None}, ("forslag",)),
        # Said at the decision the user wrote, which lacks its points.
        ({**ELECTION, "beslut": DECISION}, ("beslut", "punkter")),
        ({**ELECTION, "beslut": {**DECISION, "punkter": None}}, ("beslut", "punkter")),
    ],
)
def test_neither_forslag_nor_beslut_punkter_is_one_error_naming_both(data: dict[str, Any], where: tuple) -> None:
    [(loc, kind, message)] = errors(data)
    assert (loc, kind) == (where, "tjs_needed")
    assert "'forslag'" in message and "'beslut.punkter'" in message


def test_a_decision_without_points_is_reported_at_the_decision(tmp_path: Path) -> None:
    text = "diarienummer: KS 1\nrubrik: Val\nbeslut:\n  organ: KF\n  datum: 2024-06-12\n  paragraf: '1'\n"
    with pytest.raises(InputError) as caught:
        load_case(write(tmp_path, text))
    [issue] = [issue for issue in caught.value.issues if "beslut.punkter" in issue.message]
    assert (issue.line, issue.column) == (4, 3)


def test_a_memo_still_needs_its_date_and_case_officer() -> None:
    assert errors(without(MEMO, "datum", "handlaggare")) == [
        (("datum",), "missing", "Field required"),
        (("handlaggare",), "missing", "Field required"),
    ]
    [(loc, _kind, message)] = errors({**MEMO, "handlaggare": None})
    assert loc == ("handlaggare",) and "namn" in message


def test_an_empty_forslag_is_an_error_not_a_case_without_a_memo() -> None:
    [(loc, _kind, message)] = errors({**ELECTION, "forslag": None})
    assert loc == ("forslag",) and "leave 'forslag' out" in message


def test_an_unreadable_meeting_date_is_reported_once_at_beslut_datum() -> None:
    found = errors({**ELECTION, "beslut": {**ELECTION["beslut"], "datum": "12 juni 2024"}})
    assert [(loc, kind) for loc, kind, _ in found] == [(("beslut", "datum"), "tjs_date")]


def test_every_error_of_a_case_without_a_memo_is_reported_at_once(tmp_path: Path) -> None:
    text = "diarienummer: KS 1\nrubirk: Val\nbeslut:\n  organ: KF\n  datum: 2024-06-12\n  paragraf: '1'\n"
    with pytest.raises(InputError) as caught:
        load_case(write(tmp_path, text))
    lines = [str(issue).replace(str(tmp_path / "case.yaml"), "F") for issue in caught.value.issues]
    assert any(line.startswith("F:1:1: ") and "'rubrik'" in line for line in lines), lines
    assert any(line.startswith("F:2:1: ") and "'rubirk'" in line for line in lines), lines
    assert any("'forslag'" in line and "'beslut.punkter'" in line for line in lines), lines
    assert not any("'datum'" in line or "'handlaggare'" in line for line in lines), lines


def test_a_case_file_without_a_memo_loads(tmp_path: Path) -> None:
    text = (
        "diarienummer: KS 2024/77\norganisation: Nacka kommun\nrubrik: Val av ersättare\n"
        "beslut:\n  organ: Kommunfullmäktige\n  datum: 2024-06-12\n  paragraf: 88\n"
        "  punkter:\n    - Till ersättare väljs Eva Lund (L).\n"
    )
    case = load_case(write(tmp_path, text))
    assert (case.forslag, case.handlaggare, case.datum) == (None, None, dt.date(2024, 6, 12))


# ---------------------------------------------------------------------------
# New keys


def test_header_fields_keep_their_labels_and_order() -> None:
    falt = {"Ansvarig chef": "Anneli Granberg", "Dokument-ID": "ARBGRP583-382524020-293", "Version": "0.1", "å": ""}
    case = Case.model_validate({**MEMO, "er_beteckning": "Er ref 12/3", "falt": falt})
    assert case.er_beteckning == "Er ref 12/3"
    assert list(case.falt.items()) == list(falt.items())
    assert Case.model_validate(MEMO).falt == {}
    assert Case.model_validate({**MEMO, "falt": None}).falt == {}


@pytest.mark.parametrize(
    ("falt", "loc"),
    [
        ({"Version": None}, ("falt", "Version")),
        ({"Version": ["0.1"]}, ("falt", "Version")),
        ({"Version": "0\x01"}, ("falt", "Version")),
        ({" ": "x"}, ("falt", " ", "[key]")),
        (["Version: 0.1"], ("falt",)),
    ],
)
def test_bad_header_fields_are_rejected_where_they_stand(falt: Any, loc: tuple[str, ...]) -> None:
    assert [found[0] for found in errors({**MEMO, "falt": falt})] == [loc]


def test_the_decision_in_its_parts() -> None:
    beslut = {
        **DECISION,
        "diarienummer": "2024-00013",
        "rubrik": "Kommunfullmäktiges beslut",
        "inledning": "Kommunfullmäktige beslutar att",
        "punkter": ["Anta **planen**."],
        "yrkanden": "Eva Lund (L) yrkar bifall.\n\nOla Berg (S) yrkar avslag.",
        "omrostning": "| Ledamot | Ja | Nej |\n| --- | --- | --- |\n| Eva Lund (L) | X | |\n",
        "reservationer": ["Ola Berg (S) reserverar sig mot beslutet."],
        "protokollsanteckningar": ["Vänsterpartiet lämnar en *protokollsanteckning*."],
        "jav": ["Per Ek (M) anmäler jäv och deltar inte i handläggningen."],
        "justerare": ["Eva Lund", "Ola Berg"],
    }
    decision = Case.model_validate({**MEMO, "beslut": beslut}).beslut
    assert decision is not None
    assert decision.model_dump(include=set(beslut) - set(DECISION)) == {
        key: value for key, value in beslut.items() if key not in DECISION
    }
    empty = Case.model_validate({**MEMO, "beslut": DECISION}).beslut
    assert empty is not None
    assert (empty.reservationer, empty.protokollsanteckningar, empty.jav, empty.justerare) == ([], [], [], [])
    assert (empty.diarienummer, empty.rubrik, empty.inledning, empty.yrkanden, empty.omrostning) == (None,) * 5


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("reservationer", "Ola Berg (S) reserverar sig.", "list_type"),
        ("reservationer", [""], "tjs_blank"),
        ("reservationer", ["![bild](x.png)"], "tjs_markdown"),
        ("justerare", [{"namn": "Eva"}], "string_type"),
        ("jav", ["   "], "tjs_blank"),
        ("yrkanden", ["bifall"], "string_type"),
        ("omrostning", "<b>x</b>\n\n#### för djup", "tjs_markdown"),
        ("diarienummer", "", "tjs_blank"),
        ("rubrik", {"text": "x"}, "string_type"),
        ("justerat", "igår", "tjs_date"),
        ("justerande", ["Eva"], "extra_forbidden"),
    ],
)
def test_bad_decision_parts_are_rejected(key: str, value: Any, kind: str) -> None:
    found = errors({**MEMO, "beslut": {**DECISION, key: value}})
    assert [(loc[:2], k) for loc, k, _ in found] == [(("beslut", key), kind)], found


def test_the_example_case_reads_as_before() -> None:
    case = load_case(Path(__file__).resolve().parents[1] / "cases" / "RUN-572-2020.yaml")
    assert case.forslag is not None and len(case.forslag.punkter) == 2
    assert [section.rubrik for section in case.avsnitt] == ["Ärendebeskrivning"]
    assert (case.er_beteckning, case.falt) == (None, {})


def test_the_small_sample_still_validates(tmp_path: Path) -> None:
    assert load_case(write(tmp_path, VALID)).handlaggare is not None


def test_header_field_labels_are_not_folded_by_the_loader(tmp_path: Path) -> None:
    text = VALID + "fält:\n  Förvaltningschef: Åsa Öberg\n  Ansvarig chef: Anneli Granberg\n"
    assert list(load_case(write(tmp_path, text)).falt) == ["Förvaltningschef", "Ansvarig chef"]

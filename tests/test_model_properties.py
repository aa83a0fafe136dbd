"""Property tests of the case schema's promises: what the user writes is kept exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytest.importorskip("hypothesis")  # not yet in the test extra (pyproject.toml): skipped without it
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples

from tjansteskrivelse.model import Case, Config

# Text a Word document can hold: no C0 controls (tab, newline and CR aside), no surrogates, no U+FFFE/U+FFFF.
WORD_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufffe\uffff", whitelist_categories=None).filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
)
LABEL = WORD_TEXT.filter(lambda text: text.strip() != "")
BASE: dict[str, Any] = {"diarienummer": "KS 1", "organisation": "Nacka kommun", "rubrik": "Val"}


@settings(max_examples=examples(60), deadline=None)
@given(st.dictionaries(LABEL, WORD_TEXT, max_size=6))
@example({"Ansvarig chef": "Anneli Granberg", "Dokument-ID": "ARBGRP583-382524020-293", "Version": "0.1"})
@example({"Förvaltning": "", "ÅÄÖ": "x", "version": "1", "Version": "2"})
@example({"{{ x }}": "**inte fet**", "a: b": "# ingen rubrik"})
def test_header_fields_come_back_exactly_and_in_order(falt: dict[str, str]) -> None:
    case = Case.model_validate(
        {**BASE, "forslag": {"punkter": ["P."]}, "datum": "2024-01-02", "handlaggare": {"namn": "A"}, "falt": falt}
    )
    assert list(case.falt.items()) == list(falt.items())


@settings(max_examples=examples(60), deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@example(dt.date(2024, 2, 29))
@example(dt.date(999, 1, 1))  # written 0999-01-01
def test_a_case_without_a_memo_is_dated_by_its_meeting(day: dt.date) -> None:
    beslut = {"organ": "KF", "datum": day.isoformat(), "paragraf": "1", "punkter": ["Beslut."]}
    assert Case.model_validate({**BASE, "beslut": beslut}).datum == day


@settings(max_examples=examples(60), deadline=None)
@given(LABEL)
@example("Beslutet skickas till")
@example("forts. §")
def test_any_heading_text_is_kept_as_written(text: str) -> None:
    headings = {key: text for key in ("beslut", "reservationer", "fortsattning", "sida", "justerande")}
    config = Config.model_validate({"rubriker": headings})
    assert config.rubriker.model_dump(include=set(headings)) == headings

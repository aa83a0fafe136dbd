"""Red team 2: typography on long runs of numbers."""

from __future__ import annotations

import pytest

from tjansteskrivelse.typography import NBSP, typeset


@pytest.mark.parametrize("unit", ["1.", "1,", "12.", "1.22,"])
def test_a_long_run_of_numbers_joined_by_points_or_commas_is_typeset_at_once(unit: str) -> None:
    # Every digit after a point started a new try that read to the end of the run again: a page of
    # '1.1.1…' took minutes (quadratic). 100,000 characters now take milliseconds.
    text = unit * 50_000 + "1 kr"
    assert typeset(text) == (text[:-3] + NBSP + "kr", frozenset())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5 kr", f"1.5{NBSP}kr"),
        ("12,5 mnkr", f"12,5{NBSP}mnkr"),
        ("x 1.5 kr", f"x 1.5{NBSP}kr"),
        ("(2,5 %)", f"(2,5{NBSP}%)"),
        ("A1.5 papper", "A1.5 papper"),  # a number that ends a word, like 'A4 papper'
        ("KS2021,5 beslut", "KS2021,5 beslut"),
    ],
)
def test_a_number_with_decimals_keeps_to_its_word_unless_it_ends_a_word(text: str, expected: str) -> None:
    assert typeset(text)[0] == expected

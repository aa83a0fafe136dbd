"""Swedish typography: no-break spaces and hyphens where a typesetter keeps words together."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples

from tjansteskrivelse.typography import NBSP, typeset


def marked(text: str) -> str:
    """``·`` for each no-break space added, ``‑`` for each hyphen kept unbroken."""
    out, hyphens = typeset(text)
    chars = ["·" if c == NBSP and o == " " else c for c, o in zip(out, text, strict=True)]
    for i in hyphens:
        chars[i] = "‑"
    return "".join(chars)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10-31", "2023‑10‑31"),
        ("beslut 2023-10-31.", "beslut 2023‑10‑31."),
        ("den 12 juni", "den 12·juni"),
        ("den 12 juni 2023", "den 12·juni 2023"),
        ("30 mnkr", "30·mnkr"),
        ("12,5 mnkr", "12,5·mnkr"),
        ("2 %", "2·%"),
        ("5 °C", "5·°C"),
        ("§ 145", "§·145"),
        ("§§ 3–5", "§§·3–5"),
        ("21 kap. 7 §", "21·kap.·7·§"),
        ("kl. 12.00", "kl.·12.00"),
        ("nr 4, s. 12", "nr·4, s.·12"),
        ("08-581 690 00", "08‑581·690·00"),
        ("070-123 45 67", "070‑123·45·67"),
        ("+46 8 581 690 00", "+46·8·581·690·00"),
        ("250 000 kronor", "250·000·kronor"),
        ("1 250 000", "1·250·000"),
        # Left alone: not a number before a word, two numbers, words without numbers.
        ("A4 papper", "A4 papper"),
        ("KS2021 beslut", "KS2021 beslut"),
        ("år 2021 200 personer", "år 2021 200·personer"),
        ("Ny förskola i Kolla", "Ny förskola i Kolla"),
        ("2023-13-45x", "2023-13-45x"),
        ("RUN-572-2020", "RUN-572-2020"),
        # Web and e-mail addresses are copied as written.
        ("se https://x.se/2023-10-31 nu", "se https://x.se/2023-10-31 nu"),
        ("www.kommun.se/12 juni", "www.kommun.se/12 juni"),
        ("anna-2023-10-31@kommun.se", "anna-2023-10-31@kommun.se"),
    ],
)
def test_rules(text: str, expected: str) -> None:
    assert marked(text) == expected


def test_only_ordinary_spaces_change_and_a_no_break_space_counts_as_a_space() -> None:
    assert typeset("12\u00a0juni") == ("12\u00a0juni", frozenset())
    assert typeset("250\u00a0000 kr")[0] == "250\u00a0000\u00a0kr"


TEXT = st.text(st.sampled_from("0123456789 -§%.,:kaplnrsjuni\u00a0/@xw+–é"), max_size=40) | st.text(max_size=40)


@settings(max_examples=examples(400), deadline=None)
@given(TEXT)
@example("2023-10-31 2023-10-31")
@example("0 0")
@example("§ 1 §")
@example("08-581 690 00 0")
@example("1 000\u00a0000 kr")
@example("https://a.se/1 2 a")
def test_typeset_changes_nothing_but_spaces_and_is_idempotent(text: str) -> None:
    out, hyphens = typeset(text)
    assert len(out) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b]
    assert all(text[i] == " " and out[i] == NBSP for i in changed)
    undone = list(out)
    for i in changed:
        undone[i] = " "
    assert "".join(undone) == text
    assert all(text[i] == "-" for i in hyphens)
    assert typeset(out) == (out, hyphens)

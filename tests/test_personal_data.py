"""personal_data: which strings are personnummer, e-mail or phone numbers, and masking."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples

from tjansteskrivelse.personal_data import (
    EMAIL,
    KINDS,
    MASK,
    PERSONNUMMER,
    PHONE,
    find,
    find_emails,
    find_personnummer,
    find_phone_numbers,
    luhn_valid,
    mask,
)

PROPERTY = settings(max_examples=examples(100), deadline=None)


def found(text: str, finder=find_personnummer) -> list[str]:
    return [text[match.start : match.end] for match in finder(text)]


@pytest.mark.parametrize(
    "number",
    [
        "19121212-1212",
        "121212-1212",
        "1212121212",
        "191212121212",
        "121212+1212",
        "20121212-1212",
        "811228-9874",
        "121212–1212",
        "19121212\u20111212",
    ],
)
def test_each_written_form_is_found(number: str) -> None:
    assert found(f"Sökande: {number}.") == [number]


def test_samordningsnummer_day_plus_60_is_found() -> None:
    # 701063-2391: born 1970-10-03, day 03 + 60.
    assert luhn_valid("7010632391")
    assert found("samordningsnummer 701063-2391") == ["701063-2391"]


@pytest.mark.parametrize(
    "text",
    [
        "20201120-0000",  # a date-like dnr, fails Luhn
        "20201120–0000",
        "2020-11-20",
        "121212-1213",  # wrong check digit
        "121312-1210",  # month 13
        "121200-1214",  # day 00
        "121232-1212",  # day 32 (neither a day nor day + 60)
        "171212121212",  # 12 digits, century 17
        "19121212+1212",  # '+' only in the 10-digit form
        "121212-12120",  # part of a longer run of digits
        "9121212-1212",
        "12 12 12-1212",  # spaces inside the date
        "RUN/572/2020",
    ],
)
def test_non_personnummer_are_left_alone(text: str) -> None:
    assert find_personnummer(text) == []
    assert mask(text) == text


def test_acceptance_text_masks_the_two_valid_numbers_only() -> None:
    text = "A: 19121212-1212, B: 121212-1212, dnr 20201120-0000."
    assert mask(text) == f"A: {MASK}, B: {MASK}, dnr 20201120-0000."


def test_masked_text_in_a_match_never_holds_the_last_four_digits() -> None:
    [long, short, bare] = find_personnummer("19121212-1212 121212+1212 1212121212")
    assert (long.masked, short.masked, bare.masked) == ("19121212-…", "121212+…", "121212…")
    assert {long.kind, short.kind, bare.kind} == {PERSONNUMMER}


def test_luhn_known_values() -> None:
    assert luhn_valid("1212121212")
    assert luhn_valid("8112289874")
    assert not luhn_valid("2011200000")


# --- properties ---------------------------------------------------------------------------------------------------

# Dense in digits, separators and the letters of the placeholder, so near-misses are common.
noisy_text = st.text(alphabet=st.sampled_from("0123456789-–+ \nÅMDX.a/"), max_size=60) | st.text(max_size=40)


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    """A Luhn-valid personnummer or samordningsnummer in any accepted written form."""
    year = draw(st.integers(1850, 2029))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 60]))
    serial = draw(st.integers(0, 999))
    first_nine = f"{year % 100:02}{month:02}{day:02}{serial:03}"
    check = next(digit for digit in "0123456789" if luhn_valid(first_nine + digit))
    date, number = first_nine[:6], first_nine[6:] + check
    form = draw(st.sampled_from(["short-", "short+", "short", "short–", "long-", "long", "long\u2011"]))
    if form.startswith("long"):
        return f"{year // 100}{date}{form[4:]}{number}"
    return f"{date}{form[5:]}{number}"


@PROPERTY
@given(noisy_text)
@example("121212-1212121212-1212")
@example("0121212-1212")
def test_mask_is_idempotent_and_leaves_no_personnummer(text: str) -> None:
    once = mask(text)
    assert mask(once) == once
    assert find_personnummer(once) == []


@PROPERTY
@given(noisy_text)
def test_mask_changes_nothing_in_text_without_personnummer(text: str) -> None:
    if not find_personnummer(text):
        assert mask(text) == text


@PROPERTY
@given(noisy_text, noisy_text)
def test_mask_keeps_everything_around_each_number(before: str, after: str) -> None:
    text = f"{before} 19121212-1212 {after}"
    matches = find_personnummer(text)
    assert matches
    # Every character outside the matches survives, in order, with one placeholder per match between them.
    starts = [0] + [match.end for match in matches]
    ends = [match.start for match in matches] + [len(text)]
    assert mask(text) == MASK.join(text[start:end] for start, end in zip(starts, ends, strict=True))


@PROPERTY
@given(
    noisy_text,
    personnummer(),
    st.sampled_from([" ", "\n", ", ", "(", ": "]),
    noisy_text,
    st.sampled_from([" ", ".", ")", "\n"]),
)
@example("a", "19121212-1212", " ", "b", ".")
@example("", "121212-1212", " ", "", " ")
def test_every_valid_number_embedded_in_text_is_masked(
    before: str, number: str, left: str, after: str, right: str
) -> None:
    text = f"{before}{left}{number}{right}{after}"
    assert number in found(text)
    assert f"{left}{MASK}{right}" in mask(text)


# --- e-mail and phone numbers --------------------------------------------------------------------------------------


def test_emails_are_found_with_a_short_safe_preview() -> None:
    text = "Kontakt: anna.andersson@kungsbacka.se, eller ö.öberg@region-jh.se."
    assert found(text, find_emails) == ["anna.andersson@kungsbacka.se", "ö.öberg@region-jh.se"]
    assert [match.masked for match in find_emails(text)] == ["a…@kungsbacka.se", "ö…@region-jh.se"]
    assert find_emails("a@b, not@an, @kungsbacka.se") == []


@pytest.mark.parametrize("number", ["070-123 45 67", "0701234567", "+46 70 123 45 67", "08-581 690 00", "031-123456"])
def test_swedish_phone_numbers_are_found(number: str) -> None:
    assert found(f"Ring {number} i dag.", find_phone_numbers) == [number]


def test_a_phone_number_followed_by_other_digits_stops_at_ten_digits() -> None:
    assert found("ring 070-123 45 67 12 gånger", find_phone_numbers) == ["070-123 45 67"]


@pytest.mark.parametrize(
    "text",
    [
        "RUN/572/2020",
        "KS 2018/14",
        "KFKS 2015/15-002",
        "KS-2023-00841",
        "Dnr 2024-00013",
        "2021/KS 0280 013",
        "SN 18/0098",
        "4468-2017",
        "0263/19",
        "2020-11-20",
        "2021–2024",
        "§ 123",
        "1 (4)",
    ],
)
def test_diarienummer_and_dates_are_not_phone_numbers(text: str) -> None:
    assert find(text, KINDS) == []


def test_find_orders_all_kinds_by_position_and_rejects_unknown_kinds() -> None:
    text = "070-123 45 67 a@kungsbacka.se 121212-1212"
    assert [match.kind for match in find(text, KINDS)] == [PHONE, EMAIL, PERSONNUMMER]
    assert [match.kind for match in find(text)] == [PERSONNUMMER]
    assert [match.kind for match in find(text, (kind for kind in [EMAIL, PHONE]))] == [PHONE, EMAIL]
    with pytest.raises(ValueError, match="telefon"):
        find(text, ["telefon"])

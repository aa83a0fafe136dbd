"""Personal data in case text: personnummer, e-mail addresses, phone numbers.

Memos and extracts are published with the meeting papers, so GDPR applies in
full and a published version must not carry a personnummer. This module finds
them (and, when the project config asks, e-mail addresses and phone numbers)
in plain text and in a case file's YAML, and masks personnummer. It never
changes anything else, and never prints a whole number back to the user.

Personnummer
    A string counts as a personnummer when all of these hold:

    - it is written ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (``+``: the person is 100 or
      older), ``YYMMDDNNNN``, ``YYYYMMDD-NNNN`` or ``YYYYMMDDNNNN``; the 12-digit
      forms start with ``18``, ``19`` or ``20`` and take no ``+`` (the century
      already says the age); the dash may also be a dash pasted from Word
      (``‐``, ``‑`` non-breaking, ``‒``, ``–``, ``—``, ``−`` minus, full-width), and
      spaces or a line break may stand around it or instead of it (``121212 1212``,
      ``19121212-⏎1212``): the reader of the document sees a personnummer there;
    - no digit directly before or after it, so a part of a longer run of digits
      (an account or reference number) is not one; a letter may touch it (``pnr121212-1212``);
    - it is read as the document shows it: invisible characters (soft hyphen,
      zero-width space, direction marks), Markdown's ``\\``, ``*``, ``_``, ``~`` and backticks,
      HTML entities (``&#49;``) and a link's %-escapes (``%2D``) inside it do not hide it;
    - the month is 01–12 and the day 01–31, or 61–91 for a samordningsnummer
      (day + 60; the identity number for people not registered in Sweden, just
      as personal and treated the same); the day is not checked against the
      month's length;
    - the ten digits ``YYMMDDNNNN`` pass the Luhn check (the last digit is the
      check digit). This spares dates and diarienummer such as ``20201120-0000``.

    ``19121212-1212`` and ``121212-1212`` are personnummer; ``20201120-0000`` and
    ``2020-11-20`` are not. A mobile number written as ten bare digits
    (``07MMDDNNNN``) sometimes passes too, and is then masked as well: the safe side.

Masking
    ``mask(text)`` replaces each whole personnummer, whatever its form, with the
    literal placeholder ``ÅÅMMDD-XXXX`` and leaves every other character as it
    was. The placeholder holds no digit, so masking twice changes nothing.

E-mail addresses and phone numbers
    Found only for warnings, never masked in running text (``tjs render
    --publicering`` leaves out whole fields the config marks instead).
    Phone numbers are Swedish: ``070-123 45 67``, ``0701234567``,
    ``+46 70 123 45 67``, ``08-581 690 00``: a ``0`` (or ``+46``) and an area
    code, then the subscriber number, whole or in groups separated by single
    spaces, 8–10 digits in all counting the leading ``0``. A number right after
    ``/`` or after a word and a ``-`` is part of a diarienummer, not a phone number.

Positions in the case file
    ``personal_data_yaml``.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

PERSONNUMMER = "personnummer"
EMAIL = "email"
PHONE = "phone"
KINDS = (PERSONNUMMER, EMAIL, PHONE)
MASK = "ÅÅMMDD-XXXX"
Kin = Literal["same", "public", "twin"]  # kin(): a diarienummer to a case's own
KeyPath = tuple[str | int, ...]  # where a scalar sits in the YAML: keys and list indices from the root

# Candidates only; dates, Luhn and century are checked in code, where they can be read. A lookahead, so that a
# candidate rejected there does not hide one that overlaps it. Matched in the text as the reader sees it (_Shown).
_DASHES = "-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # what Word's autocorrect or a PDF may put in place of '-'
_SPACE = r"[^\S\n]{0,4}\n?[^\S\n]{0,4}"  # a few spaces, at most one line break: never across a paragraph
# A line may break after the dash (not before it: '- 1212' starting a line is a list item), or spaces be the dash.
_SEP = rf"(?:[^\S\n]{{0,4}}[{_DASHES}]{_SPACE}|{_SPACE})"
_PERSONNUMMER = re.compile(
    rf"(?<!\d)(?=((\d{{2}})(\d{{6}})({_SEP})|(\d{{6}})([^\S\n]{{0,4}}\+{_SPACE}|{_SEP}))(\d{{4}})(?!\d))"
)
# What the document does not show, or shows differently, inside a number: invisible format characters
# (soft hyphen, zero-width, direction marks, word joiner, BOM), Markdown's escapes and emphasis, HTML entities.
_MARKUP = "*_~`"
_HIDDEN = re.compile(
    r"[\\*_~`\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|%[2-7][0-9A-Fa-f]"
)
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}(?!\w)")
_PHONE = re.compile(
    r"(?<![\w/+])(?<!\w-)(?:\+46[ ]?(?:\(0\)[ ]?)?|0)([1-9]\d{0,2})[ -]?(\d{2,8}(?:[ ]\d{2,4}){0,3})(?![\w+])"
)
# PyYAML's own line breaks, so that positions agree with the loader's.


@dataclass(frozen=True)
class Match:
    """One finding in a text: ``text[start:end]`` is it.

    ``masked`` is the finding cut short, safe to print: a personnummer up to its
    birth date (``19121212-…``), an e-mail as ``a…@domain``, a phone number up to
    its area code (``070…``).
    """

    start: int
    end: int
    kind: str
    masked: str


@dataclass(frozen=True)
class DataWarning:
    """One finding in a case file, 1-based like the loader's diagnostics.

    ``path`` is where the scalar holding it sits in the YAML, as keys and list
    indices (``("handläggare", "e-post")``, ``("avsnitt", 0, "text")``), so that
    the caller can pass over fields the publication leaves out anyway.
    """

    line: int
    column: int
    kind: str
    message: str
    path: KeyPath = ()


def luhn_valid(digits: str) -> bool:
    """The Luhn check over a string of digits (weights 2, 1, 2, … from the left for ten digits)."""
    total = 0
    for place, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if place % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_date(month: int, day: int) -> bool:
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


class _Shown:
    """A text as the document shows it (``_HIDDEN`` dropped or decoded), mapped back to the text's indices."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self._runs: list[tuple[int, int, int]] = []  # (shown index, text index, text length of its one char or 0)
        size = last = 0
        for hidden in _HIDDEN.finditer(text):
            for start, end, length in ((last, hidden.start(), 0), (hidden.start(), hidden.end(), len(hidden.group()))):
                shown = text[start:end] if not length else _decoded(hidden.group())
                if shown:
                    self._runs.append((size, start, length))
                    parts.append(shown)
                    size += len(shown)
            last = hidden.end()
        if last < len(text):
            self._runs.append((size, last, 0))
            parts.append(text[last:])
        self.text = "".join(parts)
        self._starts = [run[0] for run in self._runs]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text indices of ``self.text[start:end]`` (``end > start``)."""
        return self._index(start)[0], sum(self._index(end - 1))

    def _index(self, shown: int) -> tuple[int, int]:
        shown_start, text_start, length = self._runs[bisect.bisect_right(self._starts, shown) - 1]
        return (text_start, length) if length else (text_start + shown - shown_start, 1)


def _decoded(hidden: str) -> str:
    """An entity or a %-escape (in a link) that stands for one character, as that character; anything else in
    ``_HIDDEN`` shows as nothing."""
    if hidden.startswith("%"):
        return chr(int(hidden[1:], 16))
    decoded = html.unescape(hidden) if hidden.startswith("&") else ""
    return decoded if len(decoded) == 1 and decoded != hidden else ""


def find_personnummer(text: str) -> list[Match]:
    """Every personnummer in ``text``, in order (rules: see the module docstring)."""
    if not _HIDDEN.search(text):
        return _found(text)
    # Matched in the text as shown; mapped back to the text's indices only when something was found.
    found = _found(_HIDDEN.sub(lambda hidden: _decoded(hidden.group()), text))
    if not found:
        return []
    shown = _Shown(text)
    return [Match(*shown.span(match.start, match.end), match.kind, match.masked) for match in found]


def _found(text: str) -> list[Match]:
    found: list[Match] = []
    end = 0
    for match in _PERSONNUMMER.finditer(text):
        century, long_date, long_sep, short_date, short_sep, number = match.groups()[1:]
        if match.start() < end or (century is not None and century not in ("18", "19", "20")):
            continue
        date = long_date if century is not None else short_date
        if not _plausible_date(int(date[2:4]), int(date[4:6])) or not luhn_valid(date + number):
            continue
        end = match.end(7)
        separator = long_sep if century is not None else short_sep
        preview = f"{century or ''}{date}{separator.strip() or separator[:1]}…"
        found.append(Match(match.start(), end, PERSONNUMMER, preview))
    return found


def mask(text: str) -> str:
    """``text`` with each personnummer replaced by ``ÅÅMMDD-XXXX``; nothing else changes.

    Markdown emphasis marks inside a number (``**1912**1212-1212``) are kept after the placeholder,
    so that the emphasis still closes.
    """
    parts = []
    last = 0
    for match in find_personnummer(text):
        markup = "".join(char for char in text[match.start : match.end] if char in _MARKUP)
        parts += [text[last : match.start], MASK, markup]
        last = match.end
    parts.append(text[last:])
    return "".join(parts)


def kin(recorded: str, owner: str) -> Kin | None:
    """How the diarienummer ``recorded`` (a document's, or another case's) stands to the case ``owner``'s,
    as public versions see them (they mask each personnummer, in the diarienummer they record and in
    their file names): ``"same"``; ``"public"``: ``owner``'s masked; ``"twin"``: another that masks as
    ``owner`` does (their public versions share a file name); None: unrelated."""
    if recorded == owner:
        return "same"
    public = mask(owner)
    if recorded == public:
        return "public"
    return "twin" if mask(recorded) == public else None


def shown(text: str) -> str:
    """``text`` (a diarienummer, a file name) as a message may show it: masked, at most 60 characters."""
    return mask(text)[:60]


def masked_alike(one: str, other: str) -> str:
    """What a message naming two different diarienummer adds when ``shown`` makes them read the same."""
    return (
        " (they differ inside a personnummer, which is not shown)"
        if one != other and shown(one) == shown(other)
        else ""
    )


def find_emails(text: str) -> list[Match]:
    """Every e-mail address in ``text``, in order."""
    found = []
    for match in _EMAIL.finditer(text):
        address = match.group()
        masked = address[0] + "…@" + address.rpartition("@")[2]
        found.append(Match(match.start(), match.end(), EMAIL, _shorten(masked)))
    return found


def find_phone_numbers(text: str) -> list[Match]:
    """Every Swedish phone number in ``text``, in order (forms: see the module docstring)."""
    found = []
    for match in _PHONE.finditer(text):
        area, subscriber = match.groups()
        groups = subscriber.split(" ")
        # The groups may run on into a following number ("070-123 45 67 12 gånger"): drop trailing groups.
        while groups and 1 + len(area) + sum(map(len, groups)) > 10:  # 1: the leading 0
            groups.pop()
        if groups and 1 + len(area) + sum(map(len, groups)) >= 8:
            end = match.start(2) + len(" ".join(groups))
            found.append(Match(match.start(), end, PHONE, text[match.start() : match.end(1)] + "…"))
    return found


_FINDERS = {PERSONNUMMER: find_personnummer, EMAIL: find_emails, PHONE: find_phone_numbers}
DESCRIPTIONS = {PERSONNUMMER: "a personnummer", EMAIL: "an e-mail address", PHONE: "a phone number"}
ADVICE = {
    PERSONNUMMER: "a published version must not carry it: remove it, or rely on `tjs render --publicering` to mask it",
    EMAIL: "a published version should not carry it: remove it unless it is meant to be published",
    PHONE: "a published version should not carry it: remove it unless it is meant to be published",
}


def find(text: str, kinds: Iterable[str] = (PERSONNUMMER,)) -> list[Match]:
    """The findings of the given kinds in ``text``, ordered by position."""
    wanted = set(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds of personal data: {sorted(unknown)}; known: {list(KINDS)}")
    matches = [match for kind in KINDS if kind in wanted for match in _FINDERS[kind](text)]
    return sorted(matches, key=lambda match: (match.start, match.end, match.kind))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

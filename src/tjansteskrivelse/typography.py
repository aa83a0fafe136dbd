"""Swedish typography: where a line must not break (``typografi: pa``, the default).

``typeset(text)`` returns the text with a no-break space (U+00A0) in place of
each ordinary space that must not break, and the positions of the hyphens that
must not break (the writer writes those as Word's non-breaking hyphen,
``<w:noBreakHyphen/>``). No other character is ever changed, nothing is added
or removed: the document shows the same characters as the case file, and the
case file itself is never touched.

The rules (``·`` marks a no-break space, ``‑`` a non-breaking hyphen):

- a number and the word or unit sign after it (any word: a number never
  starts a line): ``12·juni``, ``30·mnkr``, ``12,5·mnkr``, ``2·%``, ``7·§``,
  ``5·°C``, ``21·kap.``; not after a number that ends a word (``A4 papper``,
  ``KS2021 beslut``);
- ``§`` (or ``§§``) and the number after it: ``§·145``, ``§§·3–5``;
- an abbreviation and the number after it (``kap.``, ``kl.``, ``nr``, ``s.``,
  ``sid.``, ``p.``, ``art.``, ``bil.``): ``kap.·7``, ``kl.·12.00``, ``nr·4``;
- the digit groups of a number (1–3 digits, then groups of three):
  ``250·000·kronor``, ``1·250·000`` (``2021 200`` is two numbers);
- a Swedish phone number, hyphen and groups: ``08‑581·690·00``,
  ``070‑123·45·67``, ``+46·8·581·690·00``;
- a number of digit groups joined by hyphens never breaks at them: an ISO date
  ``2023‑10‑31``, a court case or registry number ``mål nr 1234‑24``,
  ``KS 2023‑00841`` (not one that follows a word: ``RUN-572-2020`` may break).

So ``den 12 juni 2023`` keeps ``12 juni`` together, and ``21 kap. 7 §``
becomes ``21·kap.·7·§``. Only an ordinary space (U+0020) is ever replaced.
Web and e-mail addresses (``https://…``, ``www.…``, ``a@b.se``) and the spaces
around them are left exactly as they are. A space that already is U+00A0
counts as a space, so ``typeset`` applied twice gives the same as once.
"""

from __future__ import annotations

import re

__all__ = ["NBSP", "typeset"]

NBSP = "\u00a0"
_SP = "[ \u00a0]"  # a space as the rules see it: typeset output matches like its input

# Web and e-mail addresses are copied as written (no '-' or space inside them changes).
_ADDRESS = re.compile(r"(?:https?://|mailto:|www\.)\S+|(?<!\S)[^\s@]+@[^\s@]+\.\S+", re.IGNORECASE)

# A number (not the tail of a word: 'A4 papper' stays), one space, then a letter
# or a unit sign. Group 1 is the space. A number starts nowhere inside another ('1.5', '1,5'): each
# try would read to the end of a long '1.1.1…' again (quadratic: minutes for a page of it).
_NUMBER_WORD = re.compile(r"(?<!\w)(?<!\d[.,])\d++(?:[.,]\d++)*+( )(?=[^\W\d_]|[%‰§°€$£])")
# '§' (or '§§') and the number after it.
_PARAGRAPH_NUMBER = re.compile(r"§( )(?=\d)")
# An abbreviation that introduces a number.
_ABBREVIATION_NUMBER = re.compile(
    r"(?<![\w.])(?:[Kk]ap\.|[Kk]l\.|[Nn]r\.?|[Ss]\.|[Ss]id\.|[Pp]\.|[Aa]rt\.|[Bb]il\.)( )(?=\d)"
)
# Digit groups: 1-3 digits, then groups of exactly three ('2021 200' is two numbers, not one).
_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)")
# Swedish phone numbers: area code, hyphen, groups of two or three digits; or +46 and groups.
_PHONE = re.compile(rf"(?<![\w+-])(?:0\d{{1,3}}-\d{{2,3}}|\+46(?:{_SP}\d{{1,3}}))(?:{_SP}\d{{2,3}})+(?![\w-])")
_PHONE_NO_GROUPS = re.compile(r"(?<![\w+-])0\d{1,3}-\d{5,8}(?![\w-])")
# Digit groups joined by hyphens, as a word of their own: ISO dates, case numbers ('1234-24').
_NUMBER_HYPHENS = re.compile(r"(?<![\w-])\d+(?:-\d+)+(?![\w-])")
# Every rule above needs a digit: most runs of text have none, and are done after one search.
_DIGIT = re.compile(r"\d")


def typeset(text: str) -> tuple[str, frozenset[int]]:
    """``text`` with U+00A0 where a space must not break, and the indices of hyphens that must not break."""
    if not text or _DIGIT.search(text) is None:
        return text, frozenset()
    spaces: set[int] = set()
    hyphens: set[int] = set()
    for pattern in (_NUMBER_WORD, _PARAGRAPH_NUMBER, _ABBREVIATION_NUMBER):
        spaces.update(m.start(1) for m in pattern.finditer(text))
    for pattern in (_GROUPED, _PHONE, _PHONE_NO_GROUPS, _NUMBER_HYPHENS):
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                if text[i] == " ":
                    spaces.add(i)
                elif text[i] == "-":
                    hyphens.add(i)
    if not spaces and not hyphens:
        return text, frozenset()
    for m in _ADDRESS.finditer(text):
        hyphens.difference_update(range(m.start(), m.end()))
        spaces.difference_update(range(m.start() - 1, m.end() + 1))  # an address may break around it
    chars = list(text)
    for i in spaces:
        if chars[i] == " ":
            chars[i] = NBSP
    return "".join(chars), frozenset(hyphens)

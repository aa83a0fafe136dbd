"""File names: a case's and a recipient's, safe on every file system and inside the output folder."""

from __future__ import annotations

import re

from anyascii import anyascii

_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_UNSAFE_SLUG_RUN = re.compile(r"[^a-z0-9]+")
_DASHES = re.compile(r"-{2,}")
# Device names Windows reserves in every folder, in any case and with any extension (CON.docx, con.x.docx).
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{p}{n}" for p in ("COM", "LPT") for n in range(10))})
_MAX_STEM = 120  # leaves room for "-utdrag-<name>-NN.docx" within the 255 bytes file systems allow
_MAX_SLUG = 60


def case_stem(diarienummer: str) -> str:
    """``RUN/572/2020`` -> ``RUN-572-2020``, ``KS Å/1`` -> ``KS-A-1``: recognisable, one safe file name.

    Letters with a common Latin form are transliterated (å -> a, Ж -> Zh, 李 -> Li); anything else
    outside ``A-Za-z0-9._-`` becomes ``-``, runs of ``-`` collapse, and the name never starts or ends
    with ``-`` or ``.`` (so it can't climb out of the folder, hide itself, or read as an option).
    """
    stem = _fold(diarienummer, _UNSAFE_RUN, "-.", _MAX_STEM).rstrip("-.")
    base, dot, rest = stem.partition(".")
    if base.upper() in _RESERVED:
        stem = f"{base}_{dot}{rest}"
    return stem[:_MAX_STEM].rstrip("-.") or "arende"


def person_slug(name: str) -> str:
    """``Theresia Grön`` -> ``theresia-gron``, ``Ψ`` -> ``ps``: lowercase ASCII letters, digits and ``-``."""
    return _fold(name, _UNSAFE_SLUG_RUN, "-", _MAX_SLUG, lower=True)[:_MAX_SLUG].rstrip("-") or "mottagare"


def _fold(text: str, unsafe: re.Pattern[str], strip: str, limit: int, *, lower: bool = False) -> str:
    """Transliterate, make each run of unsafe characters one ``-``, drop leading ``strip`` characters.

    Chunk by chunk, stopping once more than ``limit`` characters are certain: a value of megabytes
    costs no more than a short one (transliteration is per character, so chunks don't change it).
    """
    folded = ""
    for start in range(0, len(text), 256):
        chunk = anyascii(text[start : start + 256])
        folded = _DASHES.sub("-", unsafe.sub("-", folded + (chunk.lower() if lower else chunk))).lstrip(strip)
        if len(folded) > limit:
            break
    return folded


def unique(names: list[str]) -> list[str]:
    """Give repeated names ``-2``, ``-3``: no file is written twice in one run."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            candidate = f"{name}-{number}"
        seen.add(candidate.lower())
        result.append(candidate)
    return result

"""File names and writing: names that stay inside the output folder, one atomic writer."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from anyascii import anyascii

from .errors import OutputError

_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
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
    stem = _DASHES.sub("-", _UNSAFE_RUN.sub("-", anyascii(diarienummer))).strip("-.")
    base, dot, rest = stem.partition(".")
    if base.upper() in _RESERVED:
        stem = f"{base}_{dot}{rest}"
    return stem[:_MAX_STEM].rstrip("-.") or "arende"


def person_slug(name: str) -> str:
    """``Theresia Grön`` -> ``theresia-gron``, ``Ψ`` -> ``ps``: lowercase ASCII letters, digits and ``-``."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")
    return slug[:_MAX_SLUG].rstrip("-") or "mottagare"


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
def write_all(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file whole, or none: temp files in ``out_dir`` first, then ``os.replace``.

    An existing file is only ever replaced by a complete new version.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".tjs-", suffix=".tmp", delete=False) as handle:
                staged.append((handle.name, out_dir / name))
                handle.write(data)
            os.chmod(handle.name, 0o666 & ~umask)
        for temporary, final in staged:
            os.replace(temporary, final)
    except OSError as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write to {out_dir}: {error.strerror}") from None
    return [final for _, final in staged]

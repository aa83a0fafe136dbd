"""File names and writing: names that stay inside the output folder, atomic writes."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# Letters that Unicode does not decompose into an ASCII base letter.
_EXTRA_ASCII = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_MAX_STEM = 120


def case_stem(diarienummer: str) -> str:
    """``RUN/572/2020`` -> ``RUN-572-2020``: still recognisable, always one safe file name."""
    stem = _UNSAFE.sub("-", diarienummer.strip())
    # A name of dots ('..') would climb out of the folder; a leading dot would hide the file.
    stem = re.sub(r"^\.+", lambda dots: "-" * len(dots.group()), stem)
    return stem[:_MAX_STEM] or "arende"


def person_slug(name: str) -> str:
    """``Theresia Grön`` -> ``theresia-gron``."""
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_EXTRA_ASCII))
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:60] or "mottagare"


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

"""Incremental runs: whether a case's documents are up to date, so a second ``tjs render`` may skip it.

Two checks, cheapest first. File times: every output newer than the case, every file of the project
(tjs.yaml, templates, reference, logo) and tjs's own code. Then what the documents were made from:
each .docx carries, in its ZIP comment (which Word and LibreOffice ignore), a digest of the case's
values and the project's files by content (``Renderer.inputs_digest``): it changes when a tjs.yaml or
a template override is deleted or added, or a case file is put back with an old time, which no file
time shows (the file the render would fall back to is old, and a copied file keeps its time).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

STAMP = b"tjs-inputs:sha256:"
_EOCD = b"PK\x05\x06"  # the ZIP's end of central directory record: 22 bytes, then the comment
_EOCD_SIZE = 22


def fingerprint(parts: Iterable[tuple[str, bytes | None]]) -> str:
    """A digest of ``(what, content)`` pairs (``None``: absent), in the order given."""
    digest = hashlib.sha256()
    for name, content in parts:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(b"-" if content is None else hashlib.sha256(content).digest())
    return digest.hexdigest()


def stamp(data: bytes, digest: str) -> bytes:
    """The .docx ``data`` with ``digest`` as its ZIP comment (``data`` ends in a comment-less EOCD
    record, as zipfile writes it; anything else is returned unchanged, and never counts as up to date)."""
    if len(data) < _EOCD_SIZE or data[-_EOCD_SIZE:-18] != _EOCD or data[-2:] != b"\0\0":
        return data
    comment = STAMP + digest.encode("ascii")
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


def stamped(path: Path) -> str | None:
    """The digest a .docx was stamped with, or None (not stamped, or not readable)."""
    try:
        with zipfile.ZipFile(path) as package:
            comment = package.comment
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    return comment.removeprefix(STAMP).decode("ascii", "replace") if comment.startswith(STAMP) else None


def up_to_date(outputs: list[Path], inputs: Callable[[], Iterable[Path]], digest: str) -> bool:
    """Every output exists, is newer than every input (tjs's own code too: a new version re-renders),
    and every .docx among them was made from the files ``digest`` stands for. ``inputs`` is called only
    when every output exists: a first render never lists the project's files."""
    try:
        oldest = min(output.stat().st_mtime_ns for output in outputs)
        newest = max(_code_time(), *(source.stat().st_mtime_ns for source in inputs()))
    except (OSError, ValueError):
        return False
    return oldest > newest and all(stamped(path) == digest for path in outputs if path.suffix == ".docx")


@cache  # once per process, not per case: a run does not upgrade itself midway (an error is not kept)
def _code_time() -> int:
    """The newest file time of tjs's own code."""
    return max(path.stat().st_mtime_ns for path in _tjs_code())


def _tjs_code() -> list[Path]:
    # The installed package's modules (and its dist-info, rewritten by every install or upgrade).
    from importlib.metadata import PackageNotFoundError, distribution

    code = list(Path(__file__).parent.rglob("*.py"))
    try:
        installed = distribution("tjansteskrivelse")
    except PackageNotFoundError:  # running from a source tree without an install
        return code
    return code + [Path(str(installed.locate_file(f))) for f in installed.files or () if f.name == "METADATA"]

"""The files a run reads: the case files the command line names, and reading one safely.

A case file or tjs.yaml is read only if it is a regular file (never a FIFO or
device, which would block or never end) within the size limit, and as UTF-8.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from .diagnostics import quote
from .errors import InputError, Issue, TjsError, UsageError

CONFIG_NAME = "tjs.yaml"
LIMIT_VARIABLE = "TJS_MAX_CASE_BYTES"
DEFAULT_LIMIT = 10_000_000


def size_limit() -> int:
    """The most bytes a case file or tjs.yaml may hold (``TJS_MAX_CASE_BYTES`` raises it)."""
    value = os.environ.get(LIMIT_VARIABLE)
    if value is None:
        return DEFAULT_LIMIT
    if not (value.strip().isascii() and value.strip().isdigit()):  # not '²', which int() refuses
        raise UsageError(f"{LIMIT_VARIABLE}={quote(value, 20)} is not a number of bytes", hint="e.g. 50000000")
    return int(value)


def read_bytes(path: Path, issues: list[Issue]) -> bytes | None:
    """The file's bytes, if it is a regular file within the limit; never blocks on a FIFO or device."""
    limit = size_limit()
    too_big = (
        f"the file is larger than the limit of {limit:,} bytes for case files and tjs.yaml; ".replace(",", " ")
        + f"if it really must be this large, raise the limit with the environment variable {LIMIT_VARIABLE}"
    )
    not_regular = "is not a regular file (a pipe, device or socket); a case file or tjs.yaml must be an ordinary file"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # checked before open: opening a FIFO would wait for a writer
            issues.append(Issue(str(path), None, None, not_regular))
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced between the check and the open
                issues.append(Issue(str(path), None, None, not_regular))
                return None
            raw = file.read(limit + 1)
    except OSError as error:  # no permission to read it, or a read error of the disk or network share
        reason = error.strerror or type(error).__name__
        issues.append(Issue(str(path), None, None, f"cannot be read ({reason}); check that you may read the file"))
        return None
    if len(raw) > limit:
        issues.append(Issue(str(path), None, None, too_big))
        return None
    return raw


def read_text(path: Path, issues: list[Issue]) -> str | None:
    raw = read_bytes(path, issues)
    if raw is None:
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.append(Issue(str(path), 1, 1, "the file is saved as UTF-16; save it as UTF-8"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        issues.append(
            Issue(
                str(path),
                line,
                column,
                f"the file is not UTF-8 (byte 0x{raw[error.start]:02X}); "
                "save it as UTF-8 (in most editors: Save as… > Encoding > UTF-8)",
            )
        )
        return None


def real(path: Path) -> Path:
    """The absolute path with every link followed, like ``Path.resolve()``, which raises on a loop of
    links (``a -> b -> a``) where this leaves the loop in place, for ``path_kind`` to call missing."""
    return Path(os.path.realpath(path))


def path_kind(path: Path) -> Literal["file", "folder", "other", "missing"]:
    """What a path names, without raising: ``other`` is a device, pipe or socket; ``missing`` also
    covers a name the file system can't hold (too long, a NUL) and a loop of links."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return "missing"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def check_path(path: Path) -> None:
    kind = path_kind(path)
    if kind == "missing":
        raise UsageError(f"{path}: no such file", hint="check the path, or create a case with 'tjs new'")
    if kind == "folder":
        raise InputError([Issue(str(path), None, None, "is a folder, not a case file")])


def _cases_in(folder: Path) -> list[Path]:
    """Every *.yaml and *.yml in ``folder`` and below it, but not in hidden folders (.git) and no tjs.yaml."""
    return sorted(
        p
        for p in folder.rglob("*.y*ml")
        if p.suffix in {".yaml", ".yml"}
        and p.name != CONFIG_NAME
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def expand_paths(arguments: Iterable[str], note: Callable[[str], None]) -> list[Path]:
    """Case files from arguments: files, folders (every *.yaml in them, recursively, but not in
    hidden folders such as .git) and globs. A tjs.yaml is the project configuration, not a case:
    a folder's is passed over, one named (``tjs render examples/nacka/*.yaml``) with a ``note``."""
    found: list[Path] = []
    for argument in arguments:
        named = Path(argument)
        matches = (
            [named] if path_kind(named) != "missing" else [Path(m) for m in sorted(glob.glob(argument, recursive=True))]
        )
        if not matches:
            raise UsageError(f"{argument}: no such file or folder")
        for path in matches:  # a folder named, or matched by a glob ('tjs validate "2024*"'): the cases in it
            found.extend(_cases_in(path) if path_kind(path) == "folder" else [path])
    for config in dict.fromkeys(p for p in found if p.name == CONFIG_NAME):
        note(f"note: {config} is the project configuration, read with the cases beside it, not a case")
    unique: dict[Path, Path] = {}  # one file named twice (case.yaml, ./case.yaml, its full path) is one case
    for path in found:
        if path.name != CONFIG_NAME:
            unique.setdefault(real(path), path)
    paths = list(unique.values())
    if not paths:
        raise TjsError(f"no case files (*.yaml) in {', '.join(arguments)}")
    return paths

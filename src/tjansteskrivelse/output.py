"""Writing: one atomic, all-or-nothing writer for a case's files (its names come from ``names``)."""

from __future__ import annotations

import bisect
import errno
import os
import secrets
import shutil
import signal
import stat
import sys
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from lxml import etree

if sys.platform != "win32":
    import fcntl

from .errors import OutputError
from .names import case_stem
from .personal_data import MASK, kin, mask, masked_alike, shown


class Interrupted(KeyboardInterrupt):
    """Ctrl-C arrived while a case was written; raised once its files were all written or all restored.

    ``files`` lists what this call wrote (empty when it was rolled back); exit with ``exit_code``.
    """

    exit_code = 130  # ExitCode.INTERRUPTED

    def __init__(self, files: list[Path]) -> None:
        super().__init__()
        self.files = files


class Terminated(SystemExit):
    """SIGTERM arrived while a case was written; like Interrupted, and a SystemExit with status 143."""

    exit_code = 143  # ExitCode.TERMINATED

    def __init__(self, files: list[Path]) -> None:
        super().__init__(self.exit_code)
        self.files = files


_WRITING = threading.Lock()  # one case's files at a time in this process; across processes: flock, per folder
_PROPERTY_CAP = 64 * 1024  # docProps/custom.xml of a tjs document is a few hundred bytes
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def write_all(out_dir: Path, files: Mapping[str, bytes | Path], *, owner: str | None = None) -> list[Path]:
    """Write every file whole, or change nothing: all of a case's files are replaced, or none.

    ``files`` maps a plain file name to its bytes (or to a file to copy). Each is staged as a temp
    file in ``out_dir`` (fsynced), existing targets are kept as hard-link backups, then all are
    renamed into place; if one rename fails, the ones done are put back. ``owner`` is the
    diarienummer the files belong to: an existing .docx made for another case is never replaced.
    SIGINT/SIGTERM wait until the files are all in place or all restored (Interrupted/Terminated).
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # the name is taken by no folder ("File exists" did not say so)
        raise OutputError(
            f"cannot create the output folder {out_dir}: it is a file, or a link to no folder; nothing was written",
            hint="render into a folder (-o FOLDER), or move that file away",
        ) from None
    except OSError as error:
        raise OutputError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    with _folder_locked(out_dir):
        return _write_checked(out_dir, files, owner)


@contextmanager
def _folder_locked(out_dir: Path) -> Iterator[None]:
    """Held from the check of the targets to their renames: another case with the same file names, written
    by another thread or process (a second `tjs render`) at the same time, must not come between the two."""
    with _WRITING:
        try:
            fd: int | None = os.open(out_dir, os.O_RDONLY)
        except OSError:  # a folder that cannot be opened (Windows): this process's lock alone
            fd = None
        try:
            if fd is not None and sys.platform != "win32":
                with suppress(OSError):  # a file system without locks (some network shares): this process's alone
                    fcntl.flock(fd, fcntl.LOCK_EX)  # released when the descriptor is closed
            yield
        finally:
            if fd is not None:
                os.close(fd)


def _write_checked(out_dir: Path, files: Mapping[str, bytes | Path], owner: str | None) -> list[Path]:
    targets = [out_dir / _plain(name) for name in files]
    for target in targets:
        _check_target(target, owner)
    with _signals_deferred() as received:
        staged: list[Path] = []
        backups: dict[Path, Path] = {}
        failure: BaseException | None = None
        try:
            for target, data in zip(targets, files.values(), strict=True):
                staged.append(_stage(out_dir, data, target))
            for target in targets:
                if (backup := _backup(out_dir, target)) is not None:
                    backups[target] = backup
            _replace_all(out_dir, list(zip(staged, targets, strict=True)), backups)
            written = targets
        except BaseException as error:
            written, failure = [], error
            if not received:
                raise
        finally:
            for leftover in (*staged, *backups.values()):
                with suppress(OSError):
                    leftover.unlink()
    if received:
        raise (Interrupted if received[-1] == signal.SIGINT else Terminated)(written) from failure
    return written


def _plain(name: str) -> str:
    # Callers build names from case_stem/person_slug; this guards the folder against any other caller.
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise OutputError(f"{name[:60]!r} is not a plain file name", hint="this is a bug in tjs; please report it")
    return name


def _check_target(target: Path, owner: str | None) -> None:
    """Refuse before anything is written: a folder in the way, a locked file, another case's document."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(
            f"cannot write {target}: a folder of that name is in the way; nothing was written",
            hint="move or rename that folder, or render into another folder (-o)",
        )
    if not stat.S_ISREG(mode):
        return
    try:  # opening (no truncation) writes nothing; it fails on an immutable or append-only file (chattr +i/+a)
        os.close(os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)))
    except PermissionError as error:
        if error.errno != errno.EACCES:  # EACCES: only the file is read-only; the rename can still replace it
            raise OutputError(
                f"cannot replace {target}: {error.strerror}; nothing was written",
                hint="the file is locked; unlock it, or render into another folder (-o)",
            ) from None
    except OSError:
        pass  # anything else: the rename below decides, and is rolled back if it fails
    if owner is not None and target.suffix.lower() == ".docx":
        other = recorded_diarienummer(target)
        if other is not None and not _owned(other, owner):
            raise OutputError(
                f"{target} belongs to case {shown(other)!r}, not {shown(owner)!r}{masked_alike(other, owner)}, "
                "which gives the same file name; "
                "nothing was written",
                hint="render one of the cases into another folder (-o), or delete the old file if it is not needed",
            )


def _owned(recorded: str | None, owner: str) -> bool:
    # A public version (`--publicering`) records the diarienummer with its personnummer masked.
    return recorded is not None and kin(recorded, owner) in ("same", "public")


def belongs_to(path: Path, owner: str) -> bool:
    """Whether the .docx ``path`` was written from the case ``owner`` (or records no case at all)."""
    other = recorded_diarienummer(path)
    return other is None or _owned(other, owner)


def recorded_diarienummer(path: Path) -> str | None:
    """The ``Diarienummer`` custom property of a .docx, read from a small, size-capped part only."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("docProps/custom.xml")
            if info.file_size > _PROPERTY_CAP:
                return None
            with package.open(info) as part:
                data = part.read(_PROPERTY_CAP + 1)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, RuntimeError, ValueError):
        return None  # not a document tjs wrote: nothing recorded to compare
    for prop in root.iter(_CUSTOM):
        if prop.get("name") == "Diarienummer" and len(prop):
            return "".join(prop[0].itertext())
    return None


class FolderListing:
    """The ``.docx`` names in each output folder, read once per batch: finding a case's earlier
    files must not rescan a folder of thousands of documents for every case."""

    def __init__(self) -> None:
        self._names: dict[Path, list[str]] = {}

    def starting_with(self, folder: Path, prefix: str) -> list[str]:
        names = self._names.get(folder)
        if names is None:
            names = self._names[folder] = sorted(path.name for path in folder.glob("*.docx"))
        return names[bisect.bisect_left(names, prefix) : bisect.bisect_left(names, prefix + "\U0010ffff")]


def stale_files(out_dir: Path, owner: str, current: Iterable[Path], listing: FolderListing) -> list[Path]:
    """Documents in ``out_dir`` written earlier from the case ``owner`` that this render no longer
    makes (a recipient taken off ``utdrag_till``, ``--samlat`` used once): left in place, for the
    caller to name. Only names beginning with the case's stem are opened."""
    keep = {path.name for path in current}
    # Its official and its public documents; a public name masks what still reads as a personnummer once the
    # diarienummer is a file name ('KS 121212/1212': publication.public_name).
    stems = sorted({case_stem(owner), case_stem(mask(owner)), mask(case_stem(owner)).replace(MASK, case_stem(MASK))})
    names = [name for stem in stems for name in listing.starting_with(out_dir, stem) if name not in keep]
    return [out_dir / name for name in sorted(set(names)) if _owned(recorded_diarienummer(out_dir / name), owner)]


def _temp_name(out_dir: Path, suffix: str) -> Path:
    return out_dir / f".tjs-{secrets.token_hex(8)}{suffix}"


def _stage(out_dir: Path, data: bytes | Path, target: Path) -> Path:
    """A complete, fsynced temp copy beside the target (same file system, so the rename is atomic)."""
    while True:
        temporary = _temp_name(out_dir, ".tmp")
        try:  # mode 0o666 lets the umask decide, as for any file the user creates
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror}; nothing was written") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, Path):
                with data.open("rb") as source:
                    shutil.copyfileobj(source, handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {error.strerror}; nothing was written") from None
    return temporary


def _backup(out_dir: Path, target: Path) -> Path | None:
    """Keep the existing file under a temp name until every replacement has succeeded; None if there is none."""
    backup = _temp_name(out_dir, ".bak")
    try:
        os.link(target, backup, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except (OSError, NotImplementedError):  # no hard links on this file system (FAT says EPERM): a copy does
        try:
            shutil.copy2(target, backup, follow_symlinks=False)
        except OSError as error:
            raise OutputError(f"cannot keep a copy of {target}: {error.strerror}; nothing was written") from None
    return backup


def _replace_all(out_dir: Path, moves: list[tuple[Path, Path]], backups: dict[Path, Path]) -> None:
    done: list[Path] = []
    try:
        for temporary, target in moves:
            os.replace(temporary, target)
            done.append(target)
    except OSError as error:
        failed = moves[len(done)][1]
        lost = _roll_back(done, backups)
        _sync_folder(out_dir)
        restored = "; nothing was changed" if not lost else "; could not restore " + ", ".join(map(str, lost))
        raise OutputError(
            f"cannot write {failed}: {error.strerror}{restored}",
            hint="make the file writable, or render into another folder (-o)",
        ) from None
    _sync_folder(out_dir)


def _roll_back(done: list[Path], backups: dict[Path, Path]) -> list[Path]:
    """Put back what was there before; returns the files that could not be restored."""
    lost = []
    for target in reversed(done):
        try:
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink()
        except OSError:
            lost.append(target)
    return lost


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; not possible (nor needed) on every platform."""
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def _signals_deferred() -> Iterator[list[int]]:
    """Note SIGINT/SIGTERM instead of acting on them; the caller acts once the files are consistent."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # only the main thread receives signals
        return
    previous = {
        number: signal.signal(number, lambda signum, _frame: received.append(signum))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)

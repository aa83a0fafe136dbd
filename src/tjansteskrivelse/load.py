"""Files (or a script's data) -> validated ``Case``: reading, limits, orchestration.

A case file is read only if it is a regular file within the size limit, then
composed into a position tree of exact strings (``yaml_source``), checked for
what no field may hold, and validated by the schema; every problem of a file is
reported at once, each at ``file:line:column`` (``diagnostics``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import describe, quote, schema_issues, show_path
from .errors import InputError, Issue, UsageError
from .fields import ReferenceStyles, fold_key_at, markdown_context
from .markdown_positions import markdown_issues
from .model import Case
from .yaml_source import MAX_DEPTH, TOO_DEEP, Document, Path_, compose

if TYPE_CHECKING:
    from .project import Project

__all__ = ["check_path", "load_case", "load_mapping", "read_model", "show_path"]

M = TypeVar("M", bound=BaseModel)

LIMIT_VARIABLE = "TJS_MAX_CASE_BYTES"
DEFAULT_LIMIT = 10_000_000
# XML 1.0 (and so Word) cannot hold these; YAML's "\x0b" escapes and scripts can produce them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLACEHOLDER = re.compile("‹[^›\n]*›")
CASE_HINT = "a case file starts with 'diarienummer: …' (see 'tjs new')"


def size_limit() -> int:
    """The most bytes a case file or tjs.yaml may hold (``TJS_MAX_CASE_BYTES`` raises it)."""
    value = os.environ.get(LIMIT_VARIABLE)
    if value is None:
        return DEFAULT_LIMIT
    if not value.strip().isdigit():
        raise UsageError(f"{LIMIT_VARIABLE}={quote(value, 20)} is not a number of bytes", hint="e.g. 50000000")
    return int(value)


def _read_bytes(path: Path, issues: list[Issue]) -> bytes | None:
    """The file's bytes, if it is a regular file within the limit; never blocks on a FIFO or device."""
    limit = size_limit()
    too_big = (
        f"the file is larger than the limit of {limit:,} bytes for case files and tjs.yaml; "
        f"if it really must be this large, raise the limit with the environment variable {LIMIT_VARIABLE}"
    ).replace(",", " ")
    not_regular = "is not a regular file (a pipe, device or socket); a case file must be an ordinary file"
    if not stat.S_ISREG(os.stat(path).st_mode):  # checked before open: opening a FIFO would wait for a writer
        issues.append(Issue(str(path), None, None, not_regular))
        return None
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced between the check and the open
            issues.append(Issue(str(path), None, None, not_regular))
            return None
        raw = file.read(limit + 1)
    if len(raw) > limit:
        issues.append(Issue(str(path), None, None, too_big))
        return None
    return raw


def _read_text(path: Path, issues: list[Issue]) -> str | None:
    raw = _read_bytes(path, issues)
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


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str, bool]]:
    """Every (path, text, is_key) in plain data."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key, True
            yield from _strings(item, (*path, key))


def text_issues(document: Document, file: str, data: bool = False) -> list[Issue]:
    """What no text may hold, checked once for every key and value: characters XML can't hold, placeholders."""
    found = []
    for path, text, is_key in _strings(document.data, ()):
        line, column = (document.keys if is_key else document.values).get(path, (None, None))
        where = "" if line is not None and not path else f"'{show_path(path, data)}': "
        if bad := _XML_ILLEGAL.search(text):
            what = "this key" if is_key else "the text"
            message = f"{what} contains the character U+{ord(bad.group()):04X}, which a Word document cannot hold"
            found.append(Issue(file, line, column, f"{where}{message}; remove it"))
        elif not is_key and (placeholder := _PLACEHOLDER.search(text)):
            shown = quote(placeholder.group(), 40)
            found.append(Issue(file, line, column, f"{where}replace the placeholder {shown} with the real text"))
    return found


def validate(
    document: Document,
    file: str,
    model: type[M],
    what: str,
    data: bool = False,
    reported: frozenset[Path_] = frozenset(),
    context: dict[str, Any] | None = None,
    text: str | None = None,
) -> tuple[M | None, list[Issue]]:
    """The model for a position tree, or ``None`` and every issue found.

    ``context``: pydantic's validation context (the reference's styles, see ``fields.markdown_context``);
    ``text``: the file's text, to place Markdown problems at their own line in it."""
    issues = text_issues(document, file, data)
    if document.data is None:
        return None, [*issues, Issue(file, 1, 1, f"the file is empty; {what}")]
    if not isinstance(document.data, dict):
        return None, [
            *issues,
            Issue(file, 1, 1, f"the file is {describe(document.data)}, but it must be a mapping of keys; {what}"),
        ]
    try:
        result: M | None = model.model_validate(document.data, context=context)
    except ValidationError as error:
        issues.extend(schema_issues(error, document, file, model, data, reported))
        issues.extend(markdown_issues(error, document, file, text, data, reported))
        result = None
    return (None if issues else result), issues  # e.g. a duplicate key: the data is incomplete


def read_model(
    path: Path, model: type[M], what: str, context: dict[str, Any] | None = None
) -> tuple[M | None, Document | None, list[Issue]]:
    """Read, compose and validate one YAML file (``context``: pydantic's validation context)."""
    file, issues = str(path), list[Issue]()
    text = _read_text(path, issues)
    document = compose(text, file, issues) if text is not None else None
    if document is None:
        return None, None, issues
    result, found = validate(document, file, model, what, context=context, text=text)
    return (None if issues else result), document, [*issues, *found]


_NOT_A_FILE = {"folder": "is a folder, not a file", "other": "is not an ordinary file"}


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


def _finish(
    case: Case | None, document: Document, issues: list[Issue], file: str, base_dir: Path, project: Project, data: bool
) -> Case:
    """The checks beyond the schema (organisation from tjs.yaml, attachments on disk); raise if any failed."""
    # Checked on the data, not only on a valid case: every error of a file is reported at once.
    if isinstance(document.data, dict) and document.data.get("organisation") is None:
        if project.config.organisation is None:
            line, column = document.values.get((), (None, None))
            issues.append(
                Issue(
                    file,
                    line,
                    column,
                    "missing required key 'organisation'; add 'organisation: …' to the case, "
                    "or set it once for all cases in tjs.yaml",
                )
            )
        elif case is not None:
            case = case.model_copy(update={"organisation": project.config.organisation})
    attachments = document.data.get("bilagor") if isinstance(document.data, dict) else None
    for index, item in enumerate(attachments if isinstance(attachments, list) else []):
        name = item.get("fil") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip():  # no file named, as with `fil:` left empty
            continue
        kind = path_kind(base_dir / name)
        if kind != "file":
            where = ("bilagor", index, "fil")
            line, column = document.values.get(where, (None, None))
            problem = {"folder": "is a folder, not a file", "other": "is not an ordinary file"}.get(
                kind, "does not exist"
            )
            issues.append(
                Issue(
                    file,
                    line,
                    column,
                    f"'{show_path(where, data)}': the attachment {quote(name)} {problem}; the path is relative "
                    + ("to base_dir (default: the current folder)" if data else "to the case file's folder"),
                )
            )
    if issues or case is None:
        raise InputError(sorted(issues, key=lambda issue: (issue.line or 0, issue.column or 0)))
    return case


def read_case(path: Path, project: Project, styles: ReferenceStyles | None = None) -> Case:
    """One case file under ``project``; raise ``InputError`` holding every problem found in it.
    Markdown is checked against ``styles`` (default: the project's reference document's)."""
    check_path(path)
    case, document, issues = read_model(path, Case, CASE_HINT, markdown_context(styles or project.reference_styles))
    if document is None:
        raise InputError(issues)
    return _finish(case, document, issues, str(path), path.parent, project, False)


def load_case(path: str | Path, project: Project | None = None, *, styles: ReferenceStyles | None = None) -> Case:
    """Read one case file; raise ``InputError`` holding every problem found in it.

    Without ``project``, the nearest ``tjs.yaml`` is used (or the defaults). ``styles``: those of
    the reference document the case will be rendered with, when not the project's own
    (``Renderer.styles`` with ``--templates``/``--reference``).
    """
    from .project import project_for  # project.py reads tjs.yaml through this module

    path = Path(path)
    return read_case(path, project if project is not None else project_for(path), styles)


def load_mapping(
    data: Mapping[str, Any], *, source: str = "<data>", base_dir: Path | None = None, project: Project | None = None
) -> Case:
    """Build a case from a script's plain data (a CSV row, a database record) under the rules of a case file.

    Only text, ``None``, lists and mappings are accepted (and ``True``/``False`` for yes/no
    fields): a number or a date object is an error, as it would lose how it was written
    (``070…`` -> ``70…``). Keys may be written with or without å, ä, ö. Problems are
    located by path, e.g. ``<data>: error: 'avsnitt[2].text' must be text``, with list
    indexes counted from 0 as in Python. ``bilagor[].fil`` is relative to ``base_dir``
    (default: the current folder); without ``project``, the ``tjs.yaml`` nearest ``base_dir``
    is used when it is given, else the defaults.
    """
    from .project import DEFAULT_PROJECT, project_in

    issues: list[Issue] = []
    reported: set[Path_] = set()
    document = Document(data=_plain(data, (), source, issues, reported))
    project = project or (project_in(base_dir) if base_dir is not None else DEFAULT_PROJECT)
    context = markdown_context(project.reference_styles)
    case, found = validate(document, source, Case, "give at least 'diarienummer'", True, frozenset(reported), context)
    return _finish(None if issues else case, document, [*issues, *found], source, base_dir or Path.cwd(), project, True)


def _plain(value: Any, path: Path_, source: str, issues: list[Issue], reported: set[Path_]) -> Any:
    """A script's data as the loader would have composed it from YAML, or an issue for what YAML can't say."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if len(path) > MAX_DEPTH:  # also ends a mapping that holds itself
        issues.append(Issue(source, None, None, f"'{show_path(path[:3], True)}…': {TOO_DEEP}"))
        reported.add(path[:3])
        return None
    if isinstance(value, Mapping):
        mapping: dict[str, Any] = {}
        spelled: dict[str, str] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                issues.append(
                    Issue(source, None, None, f"'{show_path(path, True)}': the key {quote(key)} must be text")
                )
                continue
            folded = fold_key_at(path, key)
            if folded in mapping:
                issues.append(
                    Issue(
                        source,
                        None,
                        None,
                        f"'{show_path((*path, folded), True)}' is given twice "
                        f"(as {quote(spelled[folded])} and {quote(key)}); keep one of them",
                    )
                )
                continue
            spelled[folded] = key
            mapping[folded] = _plain(item, (*path, folded), source, issues, reported)
        return mapping
    if isinstance(value, list):
        return [_plain(item, (*path, index), source, issues, reported) for index, item in enumerate(value)]
    reported.add(path)
    kind = (
        "number" if isinstance(value, (int, float)) else "date" if isinstance(value, dt.date) else type(value).__name__
    )
    issues.append(
        Issue(
            source,
            None,
            None,
            f"'{show_path(path, True)}' is a {kind} ({quote(value, 20)}); "
            "write it as text (a str), exactly as it should be printed",
        )
    )
    return None

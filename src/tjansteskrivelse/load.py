"""Files (or a script's data) -> validated ``Case``.

A case file is read (``files``: a regular file within the size limit), then
composed into a position tree of exact strings (``yaml_source``), checked for
what no field may hold, and validated by the schema; every problem of a file is
reported at once, each at ``file:line:column`` (``diagnostics``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from .case_markdown import ReferenceStyles, markdown_context
from .diagnostics import describe, quote, schema_issues, show_path
from .errors import InputError, Issue
from .fields import fold_key_at
from .files import check_path, path_kind, read_text
from .markdown_positions import markdown_issues
from .model import Case
from .yaml_source import MAX_DEPTH, TOO_DEEP, Document, Path_, compose

if TYPE_CHECKING:
    from .project import Project

__all__ = ["load_case", "load_mapping", "read_model", "show_path"]

M = TypeVar("M", bound=BaseModel)

# XML 1.0 (and so Word) cannot hold these; YAML's "\x0b" escapes and scripts can produce them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLACEHOLDER = re.compile("‹[^›\n]*›")
CASE_HINT = "a case file starts with 'diarienummer: …' (see 'tjs new')"


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
        bad = _XML_ILLEGAL.search(text)
        placeholder = None if bad or is_key else _PLACEHOLDER.search(text)
        if not bad and not placeholder:
            continue  # the place is named only in a message: most texts have none
        line, column = (document.keys if is_key else document.values).get(path, (None, None))
        where = "" if line is not None and not path else f"'{show_path(path, data)}': "
        if bad:
            what = "this key" if is_key else "the text"
            message = f"{what} contains the character U+{ord(bad.group()):04X}, which a Word document cannot hold"
            found.append(Issue(file, line, column, f"{where}{message}; remove it"))
        elif placeholder:
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

    ``context``: pydantic's validation context (the reference's styles, see ``case_markdown.markdown_context``);
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
    text = read_text(path, issues)
    document = compose(text, file, issues) if text is not None else None
    if document is None:
        return None, None, issues
    result, found = validate(document, file, model, what, context=context, text=text)
    return (None if issues else result), document, [*issues, *found]


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
        if not isinstance(name, str) or not name:  # no file named, as with `fil:` left empty ('fil: " "' names one)
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

"""YAML text -> exact strings with positions -> validated ``Case`` / ``Config``.

PyYAML only *composes* the file into nodes; nothing is constructed, so YAML
1.1's implicit typing (octal ``0701234567``, base-60 ``12:30``, ``NO`` as
false, timestamps) never applies: every scalar is the text the user wrote and
the schema alone decides its type. Positions of every key and value are kept
so that each schema error can name ``file:line:column``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError, Issue
from .model import MAPPING_TAG, TEXT_TAG, Case, fold_key

_NULL_TAG = "tag:yaml.org,2002:null"

Path_ = tuple[str | int, ...]
Position = tuple[int, int]
M = TypeVar("M", bound=BaseModel)

if TYPE_CHECKING:
    from .project import Project


@dataclass
class _Document:
    """A composed YAML document: plain data plus where each piece stands."""

    data: Any
    values: dict[Path_, Position]  # where each value starts
    keys: dict[Path_, Position]  # where each mapping key stands


def _read_text(path: Path, issues: list[Issue]) -> str | None:
    raw = path.read_bytes()
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


_QUOTE_IT = "put the whole text in quotes (or write it as a '|' block)"


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[Any, str]:
    """Where a YAML syntax error stands, and what it means in words a case officer can act on."""
    mark = error.problem_mark or error.context_mark
    problem, context = error.problem or "", error.context or ""
    if "expected a single document" in str(error):
        return mark, "the file holds more than one YAML document ('---'); keep one case per file"
    if "'\\t'" in problem:
        return mark, "a tab character here; use spaces instead of tabs"
    if "end of stream" in problem and "quoted scalar" in context:
        return error.context_mark, "this quote is never closed; add the closing quote"
    if "alias" in context or "alias" in problem or "anchor" in context:
        # '*kursiv*' or '**fet**' at the start of a value: YAML reads '*' as a reference.
        return error.context_mark or mark, f"a text cannot start with '*' or '&' here; {_QUOTE_IT}"
    if found := re.match(r"found character '(.)' that cannot start any token", problem):
        return mark, f"a text cannot start with '{found.group(1)}'; {_QUOTE_IT}"
    if problem.startswith("mapping values are not allowed"):
        return mark, "unexpected ': ' here; put a text holding ': ' in quotes, or check the indentation"
    if problem == "expected <block end>, but found '<scalar>'":
        return mark, f"text after a closing quote or bracket; if they are part of the text, {_QUOTE_IT}"
    if problem.startswith("expected <block end>"):
        return mark, "this line does not line up with the lines above; indent keys of one level equally"
    problem = problem or context or "invalid YAML"
    return mark, f"{problem} (check indentation — spaces, not tabs — and closing quotes)"


_TOO_DEEP = "lists or mappings are nested far too deeply for a case file; check the brackets and indentation"


def _compose(text: str, file: str, issues: list[Issue]) -> _Document | None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark, problem = _syntax_problem(error)
        issues.append(
            Issue(
                file,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                f"YAML syntax: {problem}",
            )
        )
        return None
    except yaml.reader.ReaderError as error:  # a control character written as is
        position = error.position
        issues.append(
            Issue(
                file,
                text.count("\n", 0, position) + 1,
                position - (text.rfind("\n", 0, position) + 1) + 1,
                f"the file contains the invisible character U+{error.character:04X}, "
                "which is not allowed; remove it",
            )
        )
        return None
    except yaml.YAMLError as error:
        issues.append(Issue(file, None, None, f"YAML syntax: {error}"))
        return None
    except RecursionError:
        issues.append(Issue(file, None, None, _TOO_DEEP))
        return None
    document = _Document(None, {}, {})
    if root is None:
        return document
    try:
        document.data = _plain(root, (), document, file, issues)
    except RecursionError:
        issues.append(Issue(file, None, None, _TOO_DEEP))
        return None
    return document


def _plain(node: yaml.Node, path: Path_, document: _Document, file: str, issues: list[Issue]) -> Any:
    document.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    mark = node.start_mark
    if mark.buffer and mark.buffer[mark.pointer] in "!&":
        # A YAML tag (!x) or anchor (&x) would silently drop those words from the text.
        sign = mark.buffer[mark.pointer]
        issue = Issue(file, mark.line + 1, mark.column + 1, f"a text cannot start with '{sign}'; {_QUOTE_IT}")
        if issue not in issues:  # an alias (*x) visits the same node again
            issues.append(issue)
    if isinstance(node, yaml.ScalarNode):
        # Only an empty value (or ~ / null) means "nothing"; everything else is the exact text.
        if node.tag == _NULL_TAG and node.style is None:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), document, file, issues) for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(Issue(file, line, column, "a key must be a plain word, like 'rubrik'"))
            continue
        key = fold_key(key_node.value)
        if key in mapping or (*path, key) in document.keys:
            first_line = document.keys[(*path, key)][0]
            spelled = "" if key == key_node.value else f" (written '{key_node.value}')"
            issues.append(
                Issue(
                    file,
                    line,
                    column,
                    f"duplicate key '{key}'{spelled}; it is already given on line {first_line}. "
                    "Keep one of them",
                )
            )
            continue
        document.keys[(*path, key)] = (line, column)
        mapping[key] = _plain(value_node, (*path, key), document, file, issues)
    return mapping


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (keys with values)"
    return f"'{value}'"


def show_path(path: Path_) -> str:
    shown = ""
    for part in path:
        shown += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if shown else part
    return shown or "the file"


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """Keys allowed in the mapping at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        current = field and _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None``, ``Annotated[...]`` and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        if found := _inner_model(argument):
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None


def _message(error: dict[str, Any], path: Path_, model: type[BaseModel]) -> str:
    kind, value = error["type"], error.get("input")
    name = show_path(path)
    if kind == "missing":
        return f"missing required key '{path[-1]}' in {show_path(path[:-1])}; add '{path[-1]}: …'"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path[:-1])
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown key '{path[-1]}' (did you mean '{close[0]}'?)"
        return f"unknown key '{path[-1]}'; allowed here: {', '.join(allowed)}"
    if value is None and kind in {"string_type", "list_type", "model_type", "dict_type", "date_type"}:
        return f"'{name}' is empty; write a value after the colon"
    if kind == "string_type":
        return f"'{name}' must be text, not {_describe(value)}"
    if kind == "list_type":
        return f"'{name}' must be a list (one item per line starting with '- '), not {_describe(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        keys = ", ".join(_allowed_keys(model, path)[:4])
        return f"'{name}' must be a mapping of keys ({keys}, …), not {_describe(value)}"
    if kind == "too_short":
        return f"'{name}' needs at least one item"
    if kind == "literal_error":
        return f"'{name}' must be {error['ctx']['expected']}, not {_describe(value)}"
    return f"'{name}': {error['msg']}"


def _schema_issues(error: ValidationError, document: _Document, file: str, model: type[BaseModel]) -> Iterator[Issue]:
    for item in error.errors(include_url=False):
        path = tuple(part for part in item["loc"] if part not in (TEXT_TAG, MAPPING_TAG))
        if item["type"] == "extra_forbidden":
            position = document.keys.get(path)
        else:
            # A missing key is reported at the mapping that lacks it.
            anchor = path[:-1] if item["type"] == "missing" else path
            while anchor not in document.values and anchor:
                anchor = anchor[:-1]
            position = document.values.get(anchor)
        line, column = position or (None, None)
        yield Issue(file, line, column, _message(item, path, model))


def read_model(path: Path, model: type[M], what: str) -> tuple[M | None, _Document | None, list[Issue]]:
    file = str(path)
    issues: list[Issue] = []
    text = _read_text(path, issues)
    document = _compose(text, file, issues) if text is not None else None
    if document is None:
        return None, None, issues
    if document.data is None:
        issues.append(Issue(file, 1, 1, f"the file is empty; {what}"))
        return None, document, issues
    if not isinstance(document.data, dict):
        issues.append(
            Issue(file, 1, 1, f"the file is {_describe(document.data)}, but it must be a mapping of keys; {what}")
        )
        return None, document, issues
    try:
        result = model.model_validate(document.data)
    except ValidationError as error:
        issues.extend(_schema_issues(error, document, file, model))
        result = None
    if issues:  # e.g. a duplicate key: the data is incomplete, so the result can't stand
        result = None
    return result, document, issues


def check_path(path: Path) -> None:
    from .errors import UsageError

    if not path.exists():
        raise UsageError(f"{path}: no such file", hint="check the path, or create a case with 'tjs new'")
    if path.is_dir():
        raise InputError([Issue(str(path), None, None, "is a folder, not a case file")])


def load_case(path: str | Path, project: Project | None = None) -> Case:
    """Read one case file; raise ``InputError`` holding every problem found in it.

    Without ``project``, the nearest ``tjs.yaml`` is used (or the defaults).
    """
    path = Path(path)
    check_path(path)
    if project is None:
        from .project import project_for

        project = project_for(path)
    case, document, issues = read_model(path, Case, "a case file starts with 'diarienummer: …' (see 'tjs new')")
    # Checked on the data, not only on a valid case: every error of a file is reported at once.
    if document is not None and isinstance(document.data, dict) and document.data.get("organisation") is None:
        if project.config.organisation is None:
            issues.append(
                Issue(
                    str(path),
                    *document.values[()],
                    "missing required key 'organisation'; add 'organisation: …' to the case, "
                    f"or set it once for all cases in tjs.yaml",
                )
            )
        elif case is not None:
            case = case.model_copy(update={"organisation": project.config.organisation})
    if issues:
        raise InputError(sorted(issues, key=lambda issue: (issue.line or 0, issue.column or 0)))
    return case

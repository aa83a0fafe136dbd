"""The Jinja environment: search path, the one place plain text is escaped, filters, errors.

Templates render Markdown. Every ``{{ value }}`` passes through ``escape_plain``
(Jinja's ``finalize``): plain case text has each ASCII punctuation character
backslash-escaped, so ``*bold*``, ``# x``, ``1. x``, ``<b>``, ``|`` and
``{{ x }}`` in a title come out literally; ``MarkdownSource`` values (section
texts, proposal points) pass unchanged and keep their formatting.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import MarkdownSource, long_date
from .errors import TemplateError
from .project import CONFIG_NAME

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout (editable install)
    BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_SUFFIX = ".md.j2"

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)", re.MULTILINE)
# What Markdown trims from the ends of a paragraph, heading or table cell
# (CommonMark's whitespace, as markdown-it strips it, plus Python's idea of it).
# Every one of them can be written as a numeric character reference.
# (\v and \f are not listed: XML can't hold them, the loader refuses them.)
_TRIMMED = "\t\n\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
_LINE_BREAKS = re.compile("[\n\r]")


def _references(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def escape_plain(value: Any) -> str:
    """Plain text -> one line of Markdown that shows exactly that text, wherever it is placed.

    The promise: the text the Markdown parser collects from the result equals
    ``str(value)``, character for character, for every string XML can hold
    (the loader refuses the others), in a paragraph, a heading, a list item,
    a table cell or a link text alike:

    * ASCII punctuation is backslash-escaped: ``*``, ``#``, ``1.``, ``<b>``,
      ``|``, ``&amp;``, ``:::``, ``{{ x }}`` print as typed;
    * line breaks (LF, CR) become character references, so the value never
      ends a line, paragraph or table row: a line break in a plain field is a
      line break in the document (Word's manual break, not a new paragraph),
      blank lines, leading and trailing ones included, stay as they are
      (``"Ny förskola i Kolla\\n\\n"`` ends in two breaks, nothing else);
    * whitespace at the start and end (which Markdown would trim) becomes
      character references too; whitespace inside a line is kept as is.
    """
    if value is None:
        return ""
    if isinstance(value, MarkdownSource):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _PUNCTUATION.sub(r"\\\1", str(value))
    body = text.strip(_TRIMMED)
    if not body:
        return _references(text)
    start = len(text) - len(text.lstrip(_TRIMMED))
    lead, tail = text[:start], text[start + len(body):]
    return _references(lead) + _LINE_BREAKS.sub(lambda m: _references(m.group()), body) + _references(tail)


def below(markdown: str, level: int) -> MarkdownSource:
    """Push the user's own headings below ``level`` (``#`` in a section becomes ``###``)."""
    return MarkdownSource(_ATX_HEADING.sub(lambda m: m.group(1) + "#" * level + m.group(2), markdown))


def list_item(markdown: str, width: int = 3) -> MarkdownSource:
    """Indent the continuation lines of a list item so a multi-paragraph point stays in it."""
    first, *rest = markdown.split("\n")
    pad = " " * width
    return MarkdownSource("\n".join([first, *[pad + line if line.strip() else "" for line in rest]]))


@dataclass(frozen=True)
class Budget:
    """What one template rendering may use; past it the rendering stops with a ``TemplateError``."""

    chars: int = 50_000_000  # Markdown per rendering (a long memo is ~100,000)
    seconds: float = 10.0  # per rendering (a memo takes milliseconds)
    number_bits: int = 333  # integers up to ~10**100
    template_bytes: int = 1_000_000  # one template file


class _Refused(Exception):
    """A template asked for more than its budget (the message names what, never a value)."""


class Templates:
    """One sandboxed Jinja environment per search path; compiled templates are kept for the process.

    A template name resolves in the first folder of the search path that has it;
    the file must be a regular ``.j2`` file of UTF-8 text inside that folder
    (a symbolic link out of the folder is refused).
    """

    def __init__(self, search_path: Sequence[Path] = (), *, budget: Budget = Budget()) -> None:
        from jinja2 import StrictUndefined

        self.search_path = [*search_path, BUILTIN_TEMPLATES]
        self.budget = budget
        self._environment = _sandbox(budget)(
            loader=_loader(self.search_path, budget),
            undefined=StrictUndefined,
            finalize=escape_plain,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            auto_reload=False,
        )
        self._environment.filters.update(below=below, list_item=list_item, long_date=long_date)

    def render(self, name: str, variables: Mapping[str, Any]) -> str:
        """The Markdown of template ``name``; any failure is a ``TemplateError`` naming template:line."""
        from jinja2 import TemplateError as JinjaError
        from jinja2 import TemplateNotFound, TemplateSyntaxError

        try:
            return self._render(name, variables)
        except TemplateNotFound as error:
            where = _template_line(error)
            raise TemplateError(
                f"{where + ': ' if where else ''}template {_quote(str(error.name))} not found in "
                + ", ".join(map(str, self.search_path))
            ) from None
        except TemplateSyntaxError as error:
            raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {_safe(error.message or '')}") from None
        except TemplateError as error:
            raise TemplateError(f"{_template_line(error) or name}: {error.message}", hint=error.hint) from None
        except JinjaError as error:
            raise TemplateError(f"{_template_line(error) or name}: {_safe(error.message or '')}") from None
        except _Refused as error:
            raise TemplateError(f"{_template_line(error) or name}: {error}",
                                hint="the limits are in tjansteskrivelse.templates.Budget") from None
        except RecursionError as error:
            raise TemplateError(f"{_template_line(error) or name}: a template or macro calls itself "
                                "without end (RecursionError)") from None
        except Exception as error:  # noqa: BLE001 (a template's expression failed: say what, never the values)
            kind = type(error).__name__
            raise TemplateError(f"{_template_line(error) or name}: {_EXPLAINED.get(kind, 'an expression failed')} "
                                f"({kind})") from None

    def _render(self, name: str, variables: Mapping[str, Any]) -> str:
        """Render chunk by chunk, stopping past the output or time budget (at the template line in hand)."""
        chunks = self._environment.get_template(name).generate(variables)
        out: list[str] = []
        size = 0
        deadline = self._environment.deadline = time.monotonic() + self.budget.seconds
        for chunk in chunks:
            out.append(chunk)
            size += len(chunk)
            if size > self.budget.chars:
                chunks.throw(_Refused(f"the template writes more than {self.budget.chars:,} characters"))
            if time.monotonic() > deadline:
                chunks.throw(_Refused(f"the template takes longer than {self.budget.seconds:g} s"))
        return "".join(out)

    def names(self) -> list[str]:
        """Every template name in use: the built-in ones, and any other ``*.md.j2`` in the folders
        of the search path at the places the built-in ones are (never a walk of a whole tree)."""
        names: set[str] = set()
        places = {""}
        for path in BUILTIN_TEMPLATES.rglob(f"*{TEMPLATE_SUFFIX}"):
            relative = path.relative_to(BUILTIN_TEMPLATES)
            names.add(relative.as_posix())
            places.add(relative.parent.as_posix() if relative.parent != Path(".") else "")
        for folder in self.search_path[:-1]:
            for place in places:
                names.update(_listed(folder, place))
        return sorted(names)


def _loader(search_path: Sequence[Path], budget: Budget) -> Any:
    """A loader that reads only regular ``.j2`` files of UTF-8 text inside their template folder."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    folders = [Path(folder).resolve() for folder in search_path]

    class ConfinedLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            if not template.endswith(".j2"):
                raise TemplateError(f"{_quote(template)} cannot be included: only templates (*.j2) can",
                                    hint="a reference document or picture is named in tjs.yaml, not included")
            pieces = split_template_path(template)
            for folder in folders:
                path = folder.joinpath(*pieces)
                if os.path.lexists(path):
                    return _read(path, folder, budget), str(path), lambda: True
            raise TemplateNotFound(template)

    return ConfinedLoader()


def _read(path: Path, folder: Path, budget: Budget) -> str:
    real = path.resolve()
    if not real.is_relative_to(folder):
        raise TemplateError(f"template {path} leads outside its template folder {folder} (a symbolic link)",
                            hint="copy the file into the template folder instead of linking it")
    if not real.is_file():
        raise TemplateError(f"template {path} is not a regular file")
    with real.open("rb") as file:
        data = file.read(budget.template_bytes + 1)
    if len(data) > budget.template_bytes:
        raise TemplateError(f"template {path} is larger than {budget.template_bytes:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TemplateError(f"template {path} is not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise TemplateError(f"template {path} is not text (it holds NUL bytes)")
    return text


def _sandbox(budget: Budget) -> Any:
    """Jinja's sandbox, with ``*`` and ``**`` and the growing string methods kept within the budget."""
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    def refuse_wide(obj: Any, args: tuple[Any, ...]) -> None:
        name = getattr(obj, "__name__", "")
        if isinstance(getattr(obj, "__self__", None), str) and name in _WIDENING:
            if any(isinstance(a, int) and a > budget.chars for a in args):
                raise _Refused(f"text wider than {budget.chars:,} characters")
            if name == "replace" and len(args) >= 2 and len(obj.__self__) * len(str(args[1])) > budget.chars:
                raise _Refused(f"text longer than {budget.chars:,} characters")

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})
        deadline = float("inf")  # set per rendering; checked at each call, attribute, item and range step

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.globals["range"] = self.timed_range

        def on_time(self) -> None:
            if time.monotonic() > self.deadline:
                raise _Refused(f"the template takes longer than {budget.seconds:g} s")

        def timed_range(self, *args: int) -> Iterator[int]:
            for number in safe_range(*args):
                self.on_time()
                yield number

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.on_time()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.on_time()
            return super().getitem(obj, argument)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
                        and right * abs(left).bit_length() > budget.number_bits:
                    raise _Refused(f"a number larger than 2**{budget.number_bits}")
                return left**right
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > budget.chars:
                    raise _Refused(f"text or a list longer than {budget.chars:,}")
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > budget.number_bits:
                raise _Refused(f"a number larger than 2**{budget.number_bits}")
            return left * right

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            self.on_time()
            refuse_wide(obj, args + tuple(kwargs.values()))
            return super().call(context, obj, *args, **kwargs)

    return Sandbox


_WIDENING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "replace"})


def check_project_folder(folder: Path, root: Path, setting: str = "mallar") -> Path:
    """A project's template folder must be the project's folder or inside it (``mallar: /`` is refused)."""
    resolved, base = folder.resolve(), root.resolve()
    if not resolved.is_relative_to(base):
        raise TemplateError(
            f"{setting}: {folder} is outside the project folder {base}",
            hint=f"put the templates in a folder next to {CONFIG_NAME} (e.g. 'mallar: mallar'), "
            "or name any folder with --templates",
        )
    if not resolved.is_dir():
        raise TemplateError(f"{setting}: {folder} is not a folder", hint="make one with `tjs templates export DIR`")
    return resolved


def _listed(folder: Path, place: str) -> list[str]:
    """``*.md.j2`` names directly in ``folder/place`` (one directory read, no recursion)."""
    try:
        with os.scandir(folder / place) as entries:
            return [f"{place}/{e.name}".lstrip("/") for e in entries if e.name.endswith(TEMPLATE_SUFFIX)]
    except OSError:
        return []


_EXPLAINED = {
    "ZeroDivisionError": "division by zero",
    "TypeError": "an operation on values of the wrong kind (e.g. text + number)",
    "ValueError": "a value a function cannot take (e.g. text that is not a date)",
    "OverflowError": "a number too large",
    "KeyError": "a key that is not there",
    "IndexError": "an index past the end",
    "AttributeError": "an attribute that is not there",
    "MemoryError": "out of memory",
}
_QUOTED = re.compile(r"'([^']*)'")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,40}(?: object)?")


def _safe(message: str) -> str:
    """Jinja's message with any quoted text that is not a plain name blanked (it may be case data)."""
    return _QUOTED.sub(lambda m: m.group() if _NAME.fullmatch(m.group(1)) else "'…'", message)


def _quote(name: str | None) -> str:
    return repr(name[:60] + ("…" if len(name) > 60 else "")) if name else "''"


def _template_line(error: BaseException) -> str | None:
    """``file.md.j2:12`` of the innermost template frame (Jinja maps frames to template lines)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None

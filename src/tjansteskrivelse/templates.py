"""The Jinja environment: search path, the one place plain text is escaped, filters, errors.

Templates render Markdown. Every ``{{ value }}`` passes through ``escape_plain``
(Jinja's ``finalize``): plain case text comes out exactly as written (ASCII
punctuation backslash-escaped, line breaks and edge whitespace as character
references, see ``escape_plain``), so ``*bold*``, ``# x``, ``1. x``, ``<b>``,
``|`` and ``{{ x }}`` in a title are printed, not interpreted;
``MarkdownSource`` values (section texts, proposal points) pass unchanged and
keep their formatting.

Templates run in the sandbox of ``sandbox.py`` (confined to their folders,
within a ``Budget``). Every failure, Jinja's or a template expression's, becomes
a ``TemplateError`` naming the template file and line, and never quoting case
data: an exception raised by an expression is named by its type and a fixed
explanation (``division by zero (ZeroDivisionError)``), never by its text."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import TemplateError
from .project import BUILTIN_TEMPLATES
from .sandbox import Budget, Refused, confined_loader, sandbox
from .template_code import COMPILED
from .views import MarkdownSource, long_date

TEMPLATE_SUFFIX = ".md.j2"

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)", re.MULTILINE)
# What Markdown trims from the ends of a paragraph, heading or table cell
# (CommonMark's whitespace, as markdown-it strips it, plus Python's idea of it).
# Every one of them can be written as a numeric character reference.
# (\v and \f are not listed: XML can't hold them, the loader refuses them.)
_TRIMMED = (
    "\t\n\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
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
    lead, tail = text[:start], text[start + len(body) :]
    return _references(lead) + _LINE_BREAKS.sub(lambda m: _references(m.group()), body) + _references(tail)


def below(markdown: str, level: int) -> MarkdownSource:
    """Push the user's own headings below ``level`` (``#`` in a section becomes ``###``)."""
    return MarkdownSource(_ATX_HEADING.sub(lambda m: m.group(1) + "#" * level + m.group(2), markdown))


def list_item(markdown: str, width: int = 3) -> MarkdownSource:
    """Indent the continuation lines of a list item so a multi-paragraph point stays in it."""
    first, *rest = markdown.split("\n")
    pad = " " * width
    return MarkdownSource("\n".join([first, *[pad + line if line.strip() else "" for line in rest]]))


class Templates:
    """One sandboxed Jinja environment per search path; compiled template code is shared (``template_code``).

    A template name resolves in the first folder of the search path that has it;
    the file must be a regular ``.j2`` file of UTF-8 text inside that folder
    (a symbolic link out of the folder is refused).
    """

    def __init__(self, search_path: Sequence[Path] = (), *, budget: Budget | None = None) -> None:
        from jinja2 import StrictUndefined

        self.search_path = [*search_path, BUILTIN_TEMPLATES]
        self.budget = budget or Budget()
        self._environment = sandbox(self.budget)(
            loader=confined_loader(self.search_path, self.budget),
            undefined=StrictUndefined,
            finalize=escape_plain,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            auto_reload=False,
            bytecode_cache=COMPILED,
        )
        self._environment.filters.update(below=below, list_item=list_item, long_date=long_date)

    def compile(self, name: str) -> None:
        """Load template ``name`` as ``render`` would, compiling it, without running it: raises
        jinja2's ``TemplateSyntaxError``, or the loader's ``TjsError`` (not UTF-8, too large ...)."""
        self._environment.get_template(name)

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
            # From the template's own text, never case data: say it whole.
            raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from None
        except TemplateError as error:
            raise TemplateError(f"{_template_line(error) or name}: {error.message}", hint=error.hint) from None
        except JinjaError as error:
            raise TemplateError(f"{_template_line(error) or name}: {_safe(error.message or '')}") from None
        except Refused as error:
            raise TemplateError(
                f"{_template_line(error) or name}: {error}",
                hint="templates are limited so that a wrong one cannot hang or fill the machine "
                "(tjansteskrivelse.sandbox.Budget)",
            ) from None
        except RecursionError as error:
            raise TemplateError(
                f"{_template_line(error) or name}: a template or macro calls itself without end (RecursionError)"
            ) from None
        except Exception as error:  # noqa: BLE001 (a template's expression failed: say what, never the values)
            kind = type(error).__name__
            raise TemplateError(
                f"{_template_line(error) or name}: {_EXPLAINED.get(kind, 'an expression failed')} ({kind})"
            ) from None

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
                chunks.throw(Refused(f"the template writes more than {self.budget.chars:,} characters"))
            if time.monotonic() > deadline:
                chunks.throw(Refused(f"the template takes longer than {self.budget.seconds:g} s"))
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

"""The Jinja environment: search path, the one place plain text is escaped, filters, errors.

Templates render Markdown. Every ``{{ value }}`` passes through ``escape_plain``
(Jinja's ``finalize``): plain case text has each ASCII punctuation character
backslash-escaped, so ``*bold*``, ``# x``, ``1. x``, ``<b>``, ``|`` and
``{{ x }}`` in a title come out literally; ``MarkdownSource`` values (section
texts, proposal points) pass unchanged and keep their formatting.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .context import MarkdownSource, long_date
from .errors import TemplateError

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


class Templates:
    """One Jinja environment per search path; compiled templates are kept for the process."""

    def __init__(self, search_path: Sequence[Path] = ()) -> None:
        from jinja2 import FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        self.search_path = [*search_path, BUILTIN_TEMPLATES]
        self._environment = SandboxedEnvironment(
            loader=FileSystemLoader([str(p) for p in self.search_path]),
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
        from jinja2 import TemplateError as JinjaError
        from jinja2 import TemplateNotFound, TemplateSyntaxError

        try:
            return self._environment.get_template(name).render(variables)
        except TemplateNotFound as error:
            raise TemplateError(
                f"template {error.name} not found in {', '.join(map(str, self.search_path))}"
            ) from None
        except TemplateSyntaxError as error:
            raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from None
        except JinjaError as error:
            raise TemplateError(f"{_template_line(error) or name}: {error}") from None

    def names(self) -> list[str]:
        return sorted(n for n in self._environment.list_templates() if n.endswith(TEMPLATE_SUFFIX))

    def resolve(self, name: str) -> Path:
        """The file a template name resolves to (the first folder on the search path that has it)."""
        for folder in self.search_path:
            if (folder / name).is_file():
                return folder / name
        raise TemplateError(f"template {name} not found")


def _template_line(error: BaseException) -> str | None:
    """``file.md.j2:12`` of the innermost template frame (Jinja maps frames to template lines)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(TEMPLATE_SUFFIX)]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None

"""The template sandbox: what a template may read, and how much it may compute and write.

Templates come from colleagues and the web, so they run in Jinja's
``SandboxedEnvironment`` (no access to Python internals) with these additions:

* a template is read only from inside its template folder: a symbolic link (to
  a file or a folder) leading out of it is refused, as is anything that is not a
  regular ``.j2`` file of UTF-8 text (``{% include 'referens.docx' %}``, a FIFO,
  a binary file) or is larger than ``Budget.template_bytes``;
* a ``Budget`` per rendering: output size (``chars``, checked as it is written),
  time (``seconds``, checked between output chunks and at every call, attribute,
  item and ``range`` step), numbers (``**`` and ``*`` past ``number_bits`` are
  refused before they are computed) and text that one operation could make
  longer than ``chars`` (``*`` on text or lists, ``center``/``ljust``/``indent``
  widths, ``replace``, ``join``, ``format`` and ``%`` widths; checked before).

Going over the budget raises ``Refused`` inside the template, so the error names
the template and line (``templates.Templates.render`` turns it into a
``TemplateError``).
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import TemplateError

__all__ = ["Budget", "Refused", "confined_loader", "sandbox"]


@dataclass(frozen=True)
class Budget:
    """What one template rendering may use; past it the rendering stops with a ``TemplateError``."""

    chars: int = 50_000_000  # Markdown per rendering (a long memo is ~100,000)
    seconds: float = 10.0  # per rendering (a memo takes milliseconds)
    number_bits: int = 333  # integers up to ~10**100
    template_bytes: int = 1_000_000  # one template file


class Refused(Exception):
    """A template asked for more than its budget (the message names what, never a value)."""


def confined_loader(search_path: Sequence[Path], budget: Budget) -> Any:
    """A loader that reads only regular ``.j2`` files of UTF-8 text inside their template folder."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    # Strings, not Paths: a render loads some twenty templates, each looked up in every folder.
    folders = [str(Path(folder).resolve()) for folder in search_path]

    class ConfinedLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            if not template.endswith(".j2"):
                raise TemplateError(
                    f"{template[:60]!r} cannot be included: only templates (*.j2) can",
                    hint="a reference document or picture is named in tjs.yaml, not included",
                )
            pieces = split_template_path(template)
            for folder in folders:
                path = os.path.join(folder, *pieces)
                if os.path.lexists(path):
                    text = _read(path, folder, pieces, budget)  # first: a link out of the folder is said as such
                    _check_walked(folder, pieces)
                    return text, path, lambda: True
            raise TemplateNotFound(template)

    return ConfinedLoader()


def _check_walked(folder: str, pieces: Sequence[str]) -> None:
    """Refuse a template in a hidden folder or a linked one: incremental runs know a project's templates
    by walking its folders, which passes both over (renderer.walked_templates), so a change there would
    leave the documents as they were."""
    for depth in range(1, len(pieces)):
        place = os.path.join(folder, *pieces[:depth])
        hidden = pieces[depth - 1].startswith(".")
        if hidden or os.path.islink(place):
            raise TemplateError(
                f"template {os.path.join(folder, *pieces)} is in a {'hidden' if hidden else 'linked'} folder "
                f"({pieces[depth - 1][:60]}), which tjs does not read templates from",
                hint="move the template into an ordinary folder of the template folder",
            )


def _real_path(path: str, folder: str, pieces: Sequence[str]) -> str:
    """``path`` (``folder``/``pieces``) with its symbolic links resolved; refused if it leads out of ``folder``."""
    if not any(os.path.islink(os.path.join(folder, *pieces[:depth])) for depth in range(1, len(pieces) + 1)):
        return path  # `folder` is resolved: below it, a path without a link on the way is its own real path
    real = Path(path).resolve()
    if not real.is_relative_to(folder):
        raise TemplateError(
            f"template {path} leads outside its template folder {folder} (a symbolic link)",
            hint="copy the file into the template folder instead of linking it",
        )
    return str(real)


def _read(path: str, folder: str, pieces: Sequence[str], budget: Budget) -> str:
    real = _real_path(path, folder, pieces)
    if not os.path.isfile(real):
        raise TemplateError(f"template {path} is not a regular file")
    with open(real, "rb") as file:
        data = file.read(budget.template_bytes + 1)
    if len(data) > budget.template_bytes:
        raise TemplateError(f"template {path} is larger than {budget.template_bytes:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TemplateError(f"template {path} is not UTF-8 text (line {line}, byte {error.start})") from None
    if "\x00" in text:
        raise TemplateError(f"template {path} is not text (it holds NUL bytes)")
    return text


def sandbox(budget: Budget) -> Any:
    """Jinja's sandbox, with arithmetic and the string operations that grow text kept within the budget."""
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})
        deadline = float("inf")  # set per rendering; checked at each call, attribute, item and range step

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.globals["range"] = self.timed_range
            for name in _GROWING_FILTERS:
                self.filters[name] = _guarded(name, self.filters[name], budget.chars)

        def on_time(self) -> None:
            if time.monotonic() > self.deadline:
                raise Refused(f"the template takes longer than {budget.seconds:g} s")

        def timed_range(self, *args: int) -> Iterator[int]:
            for number in safe_range(*args):
                self.on_time()
                yield number

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.on_time()
            if isinstance(obj, str) and attribute in ("format", "format_map"):  # Jinja wraps these methods
                _growth("format", obj, (), budget.chars)
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.on_time()
            return super().getitem(obj, argument)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%":
                _growth("%", left, (), budget.chars)
                return left % right
            if operator == "**":
                if (
                    isinstance(left, int)
                    and isinstance(right, int)
                    and right > 0
                    and abs(left) > 1
                    and right * abs(left).bit_length() > budget.number_bits
                ):
                    raise Refused(f"a number larger than 2**{budget.number_bits}")
                return left**right
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > budget.chars:
                    raise Refused(f"text or a list longer than {budget.chars:,}")
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > budget.number_bits
            ):
                raise Refused(f"a number larger than 2**{budget.number_bits}")
            return left * right

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            self.on_time()
            if isinstance(getattr(obj, "__self__", None), str):
                if obj.__name__ == "join" and args and not hasattr(args[0], "__len__"):
                    args = (list(args[0]), *args[1:])  # counted before joined
                _growth(obj.__name__, obj.__self__, (*args, *kwargs.values()), budget.chars)
            return super().call(context, obj, *args, **kwargs)

    return Sandbox


_GROWING_FILTERS = ("center", "indent", "format", "join", "replace")
_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent"})
_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+)|\{[^{}]*:[^{}]*?(\d+)")


def _growth(name: str, text: Any, args: Sequence[Any], chars: int) -> None:
    """Refuse a string operation whose result could be longer than ``chars``, before it runs."""
    text = text if isinstance(text, str) else ""
    if name in _WIDTHS:
        lines = text.count("\n") + 1
        too_long = any(isinstance(a, int) and not isinstance(a, bool) and a * lines > chars for a in args) or any(
            isinstance(a, str) and len(a) * lines > chars for a in args[:1]
        )
    elif name == "replace":
        too_long = len(args) >= 2 and (len(text) + 1) * len(str(args[1])) > chars
    elif name == "join":
        items = args[0] if args else ()
        too_long = hasattr(items, "__len__") and len(text) * len(items) > chars
    elif name in ("format", "format_map", "%"):
        too_long = any(int(a or b) > chars for a, b in _FORMAT_WIDTH.findall(text))
    else:
        return
    if too_long:
        raise Refused(f"text longer than {chars:,} characters (from {name})")


def _guarded(name: str, original: Callable[..., Any], chars: int) -> Callable[..., Any]:
    """A built-in filter that checks ``_growth`` first (keeping Jinja's pass-context marker)."""
    takes_context = hasattr(original, "jinja_pass_arg")

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        head, (value, *rest) = (args[:1], args[1:]) if takes_context else ((), args)
        if name == "join":
            value = value if hasattr(value, "__len__") else list(value)  # counted before joined
            _growth("join", rest[0] if rest else kwargs.get("d", ""), (value,), chars)
        else:
            _growth(name, value, [*rest, *kwargs.values()], chars)
        return original(*head, value, *rest, **kwargs)

    return guarded

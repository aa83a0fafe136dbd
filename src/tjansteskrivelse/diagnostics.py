"""Schema errors -> ``Issue``s a case officer can act on.

pydantic says *what* is wrong at a location like ``('avsnitt', 1, 'text')``;
the position tree says *where* that stands in the file. Messages count list
items from 1 and name them (``avsnitt, avsnitt 2``), suggest keys that fit the
place, and never quote more than ~60 characters of what the user wrote: a case
holds personal data, and an error line is no place for a whole file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .errors import Issue
from .model import MAPPING_TAG, TEXT_TAG
from .personal_data import mask

if TYPE_CHECKING:  # yaml_source quotes through this module
    from .yaml_source import Document, Path_

QUOTE_LIMIT = 60
MAX_SUGGESTIONS = 100  # unknown keys per file given a 'did you mean'
Places = dict[str, list[str]]  # key -> the dotted paths of the mappings where it is valid
# How one item of each list is called, so that positions read 'forslag.punkter, punkt 1'.
_ITEM_NAMES = {
    "avsnitt": "avsnitt",
    "punkter": "punkt",
    "bilagor": "bilaga",
    "parter": "part",
    "beslutsunderlag": "underlag",
    "utdrag_till": "mottagare",
    "personer": "person",
    "sidfot": "rad",
    "ordning": "del",
}
# Errors the loader reports itself, on the position tree (one rule, in one place); Markdown problems
# at the case file's line within the text (markdown_positions.py).
_REPORTED_BY_LOADER = {"tjs_character", "tjs_markdown", "string_unicode"}  # string_unicode: a lone surrogate


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A user's value as shown in a message: quoted, on one line, at most ``limit`` characters."""
    try:
        written = str(value)
    except ValueError:  # an int of over 4300 digits (a script's data) can't be written out
        written = type(value).__name__
    # A personnummer is never repeated back in full (the message may be read over a shoulder or logged).
    text = visible(re.sub(r"\s+", " ", mask(written[: limit * 4])))
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def visible(text: str) -> str:
    """``text`` with every character a terminal would not show written as ``\\uXXXX``."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04X}" for c in text)


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (keys with values)"
    return quote(value)


def show_path(path: Path_, data: bool = False) -> str:
    """``('forslag', 'punkter', 0)`` -> ``forslag.punkter, punkt 1`` (a script's data: ``forslag.punkter[0]``)."""
    shown, key, after_item = "", "", False
    for part in path:
        if isinstance(part, int):
            shown += f"[{part}]" if data else f", {_ITEM_NAMES.get(key, 'nr')} {part + 1}"
            after_item = True
        else:
            shown += ("" if not shown else ", " if after_item and not data else ".") + quote(part)[1:-1]
            key, after_item = part, False
    return shown or "the file"


def schema_issues(
    error: ValidationError,
    document: Document,
    file: str,
    model: type[BaseModel],
    data: bool = False,
    reported: frozenset[Path_] = frozenset(),
) -> Iterator[Issue]:
    """One ``Issue`` per schema error; ``data``: the input is a script's data, located by path alone;
    ``reported``: values the loader has already reported (and dropped)."""
    places, unknown = _places(model), 0  # the schema walked once per file, not once per unknown key
    for item in error.errors(include_url=False):
        path = tuple(part for part in item["loc"] if part not in (TEXT_TAG, MAPPING_TAG))
        if item["type"] in _REPORTED_BY_LOADER or any(path[: len(done)] == done for done in reported):
            continue
        if item["type"] == "extra_forbidden":
            position = document.keys.get(path)
            unknown += 1
        else:
            # A missing key is reported at the mapping that lacks it.
            anchor = path[:-1] if item["type"] == "missing" else path
            while anchor not in document.values and anchor:
                anchor = anchor[:-1]
            position = document.values.get(anchor)
        line, column = position or (None, None)
        if unknown > MAX_SUGGESTIONS and item["type"] == "extra_forbidden":
            # Not a case file at all (a large YAML file of other data): name the keys, don't search for
            # a close match to each, which would take minutes.
            message = f"unknown key {quote(document.spellings.get(path, path[-1]))}"
        else:
            message = _message(dict(item), path, model, data, document, places)
        if position is None and item["type"] != "missing" and (shown := show_path(path, data)) not in message:
            message = f"{shown}: {message}"
        yield Issue(file, line, column, message)


def _message(
    error: dict[str, Any], path: Path_, model: type[BaseModel], data: bool, document: Document, places: Places
) -> str:
    kind, value = error["type"], error.get("input")
    name = show_path(path, data)
    if kind == "missing":
        return f"missing required key '{path[-1]}' in {show_path(path[:-1], data)}; add '{path[-1]}: …'"
    if kind == "extra_forbidden":
        return _unknown_key(str(path[-1]), path[:-1], model, value, document.spellings.get(path), places)
    if value is None and kind in {"string_type", "list_type", "model_type", "dict_type", "date_type"}:
        return f"'{name}' is empty; write a value after the colon"
    if kind == "string_type" and isinstance(value, dict) and _one_text(value, places):
        # '- Nämnden föreslår följande:' or '- Beslut: att …' is one text that YAML read as 'key: value'.
        ((key, rest),) = value.items()
        key = document.spellings.get((*path, key), key)
        example = quote(f"{key}:" if rest is None else f"{key}: {rest}", 40)[1:-1]
        return f"'{name}' is read as 'key: value' because of the ':'; put the text in quotes: \"{example}\""
    if kind == "string_type":
        return f"'{name}' must be text, not {describe(value)}"
    if kind == "list_type":
        return f"'{name}' must be a list (one item per line starting with '- '), not {describe(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        keys = ", ".join(_allowed_keys(model, path)[:4])
        return f"'{name}' must be a mapping of keys ({keys}, …), not {describe(value)}"
    if kind == "too_short":
        return f"'{name}' needs at least one item"
    if kind == "literal_error":
        return f"'{name}' must be {error['ctx']['expected']}, not {describe(value)}"
    return f"'{name}': {_shortened(error)}"


def _one_text(value: Any, places: Places) -> bool:
    """Is this mapping one text with a ':' in it, as in '- Nämnden föreslår följande:'?"""
    if not (isinstance(value, dict) and len(value) == 1):
        return False
    key, rest = next(iter(value.items()))
    return key not in places and (rest is None or " " in key or isinstance(rest, str))


def _shortened(error: dict[str, Any]) -> str:
    """pydantic's message with every long value it quotes cut short."""
    message = error["msg"]
    for value in (error.get("ctx") or {}).values():
        if isinstance(value, str) and len(value) > QUOTE_LIMIT:
            message = message.replace(value, quote(value)[1:-1])
    return message if len(message) <= 4 * QUOTE_LIMIT else message[: 4 * QUOTE_LIMIT] + "…"


def _unknown_key(
    key: str, parent: Path_, model: type[BaseModel], value: Any, spelled: str | None, places: Places
) -> str:
    shown = quote(spelled or key)
    if " " in key and value is None and parent and isinstance(parent[-1], int) and key not in places:
        return f"{shown} is read as a key because of the ':' after it; if it is text, put it in quotes"
    spots = places.get(key, [])
    if spots:  # a real key at the wrong level is likelier than a typo that spells another key
        where = " or ".join(f"'{place}'" if place else "the top level" for place in spots[:2])
        return f"unknown key {shown} here; '{key}' belongs under {where}".replace("under the top", "at the top")
    allowed = _allowed_keys(model, parent)
    if close := difflib.get_close_matches(key, allowed, n=1, cutoff=0.6):
        return f"unknown key {shown} (did you mean '{close[0]}'?)"
    everywhere = {f"{place}.{name}" if place else name: name for name, where in places.items() for place in where}
    if close := difflib.get_close_matches(key, list(everywhere.values()), n=1, cutoff=0.75):
        full = next(full for full, name in everywhere.items() if name == close[0])
        return f"unknown key {shown} here (did you mean '{full}'?)"
    return f"unknown key {shown}; allowed here: {', '.join(allowed)}"


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """Keys allowed in the mapping at ``path``."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        current = field and _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _places(model: type[BaseModel], prefix: str = "") -> Places:
    """Every key of ``model`` and its parts -> the dotted paths of the mappings where it is valid."""
    found: dict[str, list[str]] = {}
    for name, field in model.model_fields.items():
        found.setdefault(name, []).append(prefix)
        if inner := _inner_model(field.annotation):
            for key, spots in _places(inner, f"{prefix}.{name}" if prefix else name).items():
                found.setdefault(key, []).extend(spots)
    return found


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None``, ``Annotated[...]`` and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        if found := _inner_model(argument):
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None

"""Starting points written for the user: a new case file, a copy of the built-in templates."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from .errors import OutputError, UsageError
from .model import Config
from .names import case_stem

NEW_CASE = """\
# Editor checks (VS Code YAML): save the output of `tjs schema` as tjs-case.schema.json, then make the
# first line: # yaml-language-server: $schema=tjs-case.schema.json
# A case file (ärendefil) for tjs. Replace every ‹…› and delete what you don't need.
# Text is printed exactly as written; fields marked "Markdown" may use **fet**,
# *kursiv*, lists and tables. Check it with: tjs validate {file}
diarienummer: {diarienummer}
datum: {today}                 # the memo's date, YYYY-MM-DD
{organisation}
# dokumenttyp: ‹Missiv›          # only for a memo of another kind than the project's (tjs.yaml)
avdelning: ‹Förvaltning, avdelning eller enhet›
handläggare:
  namn: ‹Förnamn Efternamn›
  titel: ‹Titel›
  telefon: ‹Telefonnummer›
  epost: ‹namn@example.se›
mottagare: ‹Nämnden som ska besluta›
# er_beteckning: ‹Mottagarens diarienummer›   # shown as "Er beteckning"
# fält:                          # more labelled lines in the header, in this order, labels as written
#   Ansvarig chef: ‹Förnamn Efternamn›
#   Version: "‹1.0›"
rubrik: ‹Ärendets rubrik›
sammanfattning: |              # Markdown
  ‹En kort sammanfattning av ärendet.›
avsnitt:                       # may be left out in a short memo
  - rubrik: Ärendebeskrivning
    text: |                    # Markdown
      ‹Bakgrund och beskrivning av ärendet.›
förslag:                       # leave out for a matter decided at the meeting: then only extracts, from beslut.punkter
  # rubrik: Förslag till beslut
  # inledning: ‹Nämnden› föreslås besluta att
  punkter:                     # Markdown, one decision per point
    - ‹Första beslutspunkten.›
beslutsunderlag:
  - {underlag}
underskrift:
  personer:
    - namn: ‹Förvaltningschef›
      titel: ‹Titel›
utdrag_till:
  - namn: ‹Mottagare›
    enhet: ‹Enhet›
# Once the decision is taken (the extracts then say what was decided, and how):
# beslut:
#   organ: ‹Nämnden›
#   datum: ‹ÅÅÅÅ-MM-DD›          # the meeting's date
#   paragraf: ‹§ 1›
#   # punkter:                   # Markdown; default: förslag's points
#   #   - ‹Beslutspunkt.›
#   # yrkanden: |                # Markdown: the motions made at the meeting
#   #   ‹Förnamn Efternamn (parti) yrkar bifall till förslaget.›
#   # beslutsgång: |             # Markdown
#   #   ‹Ordföranden ställer proposition … och finner att nämnden bifaller förslaget.›
#   # omröstning: |              # Markdown: the vote, a table for the voting list
#   #   | Ledamot | Ja | Nej |
#   #   | --- | --- | --- |
#   #   | ‹Förnamn Efternamn (parti)› | X | |
#   # reservationer:             # Markdown, one per reservation
#   #   - ‹Förnamn Efternamn (parti) reserverar sig mot beslutet.›
#   # protokollsanteckningar:    # Markdown
#   #   - ‹Text i protokollet.›
#   # jäv:
#   #   - ‹Förnamn Efternamn (parti) anmäler jäv och deltar inte i handläggningen.›
#   # justerare:
#   #   - ‹Förnamn Efternamn›
#   # justerat: ‹ÅÅÅÅ-MM-DD›
#   # sekreterare: ‹Förnamn Efternamn›
"""


# What YAML reads as a line break or may not hold raw, even inside a double-quoted scalar: written as an escape.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text`` (a JSON string, line separators escaped)."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _project_words(config: Config, today: str) -> dict[str, str]:
    """The lines of the new case that follow the project's tjs.yaml: a Stockholm or Göteborg memo is a
    'Tjänsteutlåtande', and the organisation set there need not be written again."""
    organisation = (
        f"# organisation: {_yaml_string(config.organisation)}   # set in tjs.yaml; write it here only to change it"
        if config.organisation
        else "# organisation: ‹Organisation›   # needed unless tjs.yaml sets it"
    )
    memo = config.rubriker.dokumenttyp or "Tjänsteskrivelse"
    if memo.isupper():  # the header's capitals (TJÄNSTESKRIVELSE) read as a name in a list
        memo = memo.capitalize()
    underlag = f"{memo} {today}"
    # One plain YAML line only when it holds nothing YAML reads as syntax; else quoted.
    plain = re.fullmatch(r"[\w\- ]+", underlag) is not None
    return {"organisation": organisation, "underlag": underlag if plain else _yaml_string(underlag)}


def write_new_case(diarienummer: str, path: Path | None = None) -> Path:
    """Write a commented case file for ``diarienummer``; never over an existing file. The nearest
    ``tjs.yaml`` above it gives the organisation and the memo's own name (``rubriker.dokumenttyp``)."""
    from .project import project_for

    try:
        diarienummer.encode("utf-8")
    except UnicodeEncodeError as error:  # a byte the terminal's encoding could not decode (Python keeps it as is)
        raise UsageError(
            f"the diarienummer is not valid text: an undecodable byte at character {error.start + 1}; "
            "nothing was written",
            hint="set the terminal to UTF-8, or type the diarienummer in the case file afterwards",
        ) from None
    path = path or Path(f"{case_stem(diarienummer)}.yaml")
    today = dt.date.today().isoformat()
    words = _project_words(project_for(path).config, today)
    text = NEW_CASE.format(diarienummer=_yaml_string(diarienummer), today=today, file=path, **words)
    try:
        with path.open("x", encoding="utf-8", errors="backslashreplace") as handle:  # the path may hold such a byte
            handle.write(text)
    except FileExistsError:
        raise OutputError(
            f"{path} already exists; tjs new never overwrites a case file",
            hint="choose another name with -o, or remove the file first",
        ) from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    return path


def export_templates(folder: Path) -> list[Path]:
    """Copy the built-in templates and reference document into ``folder`` for editing.

    The folder must be new or empty: tjs never writes over (or mixes into) your templates.
    """
    from .templates import BUILTIN_TEMPLATES

    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder", hint="export into a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise OutputError(
            f"{folder} is not empty; tjs never writes over your templates",
            hint="export into a new or empty folder, then copy the files you want to change",
        )
    sources = sorted(p for p in BUILTIN_TEMPLATES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [folder / p.relative_to(BUILTIN_TEMPLATES) for p in sources]
    try:
        for source, target in zip(sources, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or folder}: {error.strerror}") from None
    return targets

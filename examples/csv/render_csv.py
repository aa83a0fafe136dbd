#!/usr/bin/env python3
"""Render a memo per row of a CSV export (one case per row) with tjs's Python API.

    python render_csv.py [CSV] [-o OUT]     # default: arenden.csv beside this script, out/

Each row becomes a case with ``load_mapping`` (the same fields and exact-text rules as a
case file); a bad row is reported at its CSV line (``arenden.csv rad 3: error: 'datum': …``)
and the others are still rendered. The project (``tjs.yaml`` beside this script) gives what
every row shares, here the organisation; one ``Renderer`` serves every row. Exit 1 if any row failed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from tjansteskrivelse.api import Renderer, load_mapping, project_in, render_case
from tjansteskrivelse.errors import TjsError

HERE = Path(__file__).resolve().parent


def case_data(row: dict[str, Any]) -> dict[str, Any]:
    """One CSV row as the fields of a case file; the text goes through as written."""
    return {
        "diarienummer": row["diarienummer"],
        "datum": row["datum"],
        "avdelning": row["avdelning"],
        "handläggare": {"namn": row["handläggare"], "telefon": row["telefon"]},
        "rubrik": row["rubrik"],
        "avsnitt": [{"rubrik": "Ärendebeskrivning", "text": row["text"]}],
        # One proposal point per line of the column.
        "förslag": {"rubrik": "Förslag till beslut", "punkter": (row["förslag"] or "").splitlines() or None},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, nargs="?", default=HERE / "arenden.csv")
    parser.add_argument("-o", "--output", type=Path, default=Path("out"))
    args = parser.parse_args(argv)
    project = project_in(HERE)  # organisation: from tjs.yaml, not a column of the export
    renderer = Renderer(project)
    failed = 0
    with args.csv.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        line = reader.line_num + 1  # the line a row starts on (a quoted field may span lines)
        for row in reader:
            try:
                case = load_mapping(case_data(row), source=f"{args.csv.name} rad {line}", project=project)
                for path in render_case(case, args.output, renderer=renderer):
                    print(path)
            except TjsError as error:
                print(error, file=sys.stderr)
                failed += 1
            line = reader.line_num + 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

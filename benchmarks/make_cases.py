#!/usr/bin/env python3
"""Generate benchmark workloads from the example case cases/RUN-572-2020.yaml.

    python benchmarks/make_cases.py OUT -n 200 [--broken]   # 200 cases, one of them broken
    python benchmarks/make_cases.py OUT --sizes 100K 1M 4M  # one case per section-text size

Every generated case is the example with its own diarienummer (RUN/10000/2020,
RUN/10001/2020, …, so file names differ) and a little text of its own (the title and
the first paragraph name the case's number). ``--broken`` gives the middle case a
date that is not a date (``2020-13-45``): tjs must report it at its line and column
and render the others. A size case repeats the example's section paragraphs, each
numbered, until the section text holds the given number of UTF-8 bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
EXAMPLE_DNR = "RUN/572/2020"
DOCS_PER_CASE = 3  # memo + one extract per recipient (the example has 2)
FIRST_NUMBER = 10000
BROKEN_DATE = "2020-13-45"
# The example's one section text: a YAML literal block, indented 6 spaces, up to the next key.
_SECTION = re.compile(r"(?m)^(    text: \|\n)((?:      .*\n|\n)+)")
_SIZE = re.compile(r"(?i)^(\d+)\s*([KM]?)B?$")


def _example() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for needle in (f"diarienummer: {EXAMPLE_DNR}\n", "datum: 2020-11-20\n", "rubrik: >-\n"):
        if needle not in text:
            sys.exit(f"{EXAMPLE}: expected {needle.strip()!r} to vary")
    if _SECTION.search(text) is None:
        sys.exit(f"{EXAMPLE}: expected one section 'text: |' block")
    return text


def case_text(example: str, number: int, *, broken: bool = False) -> str:
    """The example as case RUN/<number>/2020: its own diarienummer, title suffix and first sentence."""
    text = example.replace(f"diarienummer: {EXAMPLE_DNR}\n", f"diarienummer: RUN/{number}/2020\n")
    text = text.replace("rubrik: >-\n", f"rubrik: >-\n  Ärende {number}:\n", 1)
    text = _SECTION.sub(lambda m: f"{m[1]}      Detta är ärende nummer {number}.\n{m[2]}", text, count=1)
    if broken:
        text = text.replace("datum: 2020-11-20\n", f"datum: {BROKEN_DATE}\n")
    return text


def make_cases(folder: Path, n: int, *, broken: bool = False) -> list[Path]:
    """``n`` case files in ``folder`` (created); with ``broken``, the middle one has a bad date."""
    example = _example()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        number = FIRST_NUMBER + i
        path = folder / f"RUN-{number}-2020.yaml"
        path.write_text(case_text(example, number, broken=broken and i == n // 2), encoding="utf-8")
        paths.append(path)
    return paths


def section_text(size: int) -> str:
    """Numbered copies of the example's section paragraphs, ``size`` UTF-8 bytes in all (cut at a word)."""
    found = _SECTION.search(_example())
    assert found is not None  # _example() checked it
    paragraphs = [" ".join(p.split()) for p in found[2].split("\n\n") if p.strip()]
    out: list[str] = []
    total, i = 0, 0
    while total < size:
        paragraph = f"{i + 1}. {paragraphs[i % len(paragraphs)]}"
        out.append(paragraph)
        total += len(paragraph.encode()) + 2
        i += 1
    return "\n\n".join(out).encode()[:size].decode(errors="ignore").rsplit(" ", 1)[0]


def make_sized(folder: Path, sizes: list[int]) -> dict[int, Path]:
    """One case per size, its section text ``size`` bytes: ``{size: path}``."""
    example = _example()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for k, size in enumerate(sizes):
        number = 20000 + k
        body = "".join(f"      {line}\n" if line else "\n" for line in section_text(size).split("\n"))
        base = case_text(example, number)
        found = _SECTION.search(base)
        assert found is not None  # _example() checked it
        text = base[: found.start(2)] + body + "\n" + base[found.end(2) :]
        path = folder / f"RUN-{number}-2020-{label(size)}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[size] = path
    return paths


def parse_size(text: str) -> int:
    match = _SIZE.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r}: write a size like 100K, 1M or 4000000")
    return int(match[1]) * {"": 1, "K": 1000, "M": 1000_000}[match[2].upper()]


def label(size: int) -> str:
    return f"{size // 1000_000}MB" if size % 1000_000 == 0 else f"{size // 1000}KB" if size % 1000 == 0 else f"{size}B"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the cases (created)")
    parser.add_argument("-n", "--cases", type=int, default=200, help="number of cases (default 200)")
    parser.add_argument("--broken", action="store_true", help="give the middle case a bad date")
    parser.add_argument("--sizes", nargs="+", type=parse_size, help="instead: one case per section-text size")
    args = parser.parse_args(argv)
    if args.sizes:
        for size, path in make_sized(args.folder, args.sizes).items():
            print(f"{path}  ({label(size)} section text)")
    else:
        paths = make_cases(args.folder, args.cases, broken=args.broken)
        broken = f"; broken: {paths[len(paths) // 2].name}" if args.broken else ""
        print(f"{len(paths)} cases in {args.folder}{broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

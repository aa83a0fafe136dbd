"""CPU time of tjs's hot paths, in process: what the test suite and repeated single renders pay.

    python benchmarks/hot_paths.py                 # all four, best of 3
    python benchmarks/hot_paths.py cli --profile   # one of them under cProfile (top 40 by own time)

(a) ``cli``: ``tjs render case.yaml`` of a small case (tests/cases/utan-utdrag.yaml) in a fresh folder, 100x;
(b) ``documents``: ``Renderer.documents`` of the example case, 100x (one Renderer);
(c) ``load``: ``load_case`` of the example case, 100x;
(d) ``check``: ``check_document`` of each of the example's documents, 100 rounds.

Reports process CPU time (``time.process_time``), which other work on a shared machine disturbs
less than wall time; compare two checkouts by running each one's venv, interleaved and repeated.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tjansteskrivelse.accessibility import check_document
from tjansteskrivelse.cli import run
from tjansteskrivelse.load import load_case
from tjansteskrivelse.renderer import Renderer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
SMALL = ROOT / "tests" / "cases" / "utan-utdrag.yaml"  # a memo of one section, no extracts
N = 100


def cli(work: Path) -> Callable[[], None]:
    folders = []
    for i in range(N + 1):
        folder = work / f"c{i}"
        folder.mkdir()
        (folder / "case.yaml").write_bytes(SMALL.read_bytes())
        folders.append(folder)
    warm = folders.pop()  # the first render in a process imports and builds the command
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run(["render", str(warm / "case.yaml"), "-o", str(warm / "out")])

    def go() -> None:
        for folder in folders:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                code = run(["render", str(folder / "case.yaml"), "-o", str(folder / "out")])
            assert code == 0, code

    return go


def documents(work: Path) -> Callable[[], None]:
    case = load_case(EXAMPLE)
    renderer = Renderer()
    renderer.documents(case)  # warm: templates compiled, reference loaded

    def go() -> None:
        for _ in range(N):
            renderer.documents(case)

    return go


def load(work: Path) -> Callable[[], None]:
    load_case(EXAMPLE)

    def go() -> None:
        for _ in range(N):
            load_case(EXAMPLE)

    return go


def check(work: Path) -> Callable[[], None]:
    files = []
    for name, data in Renderer().documents(load_case(EXAMPLE)).items():
        files.append(work / name)
        files[-1].write_bytes(data)

    def go() -> None:
        for _ in range(N):
            for file in files:
                check_document(file)

    return go


PATHS = {"cli": cli, "documents": documents, "load": load, "check": check}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help=f"some of {', '.join(PATHS)} (default: all)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for name in args.paths or PATHS:
        times = []
        for _ in range(1 if args.profile else args.repeats):
            with tempfile.TemporaryDirectory() as work:
                go = PATHS[name](Path(work))
                profiler = cProfile.Profile() if args.profile else None
                start = time.process_time()
                if profiler:
                    profiler.runcall(go)
                else:
                    go()
                times.append(time.process_time() - start)
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        print(f"{name:10} {min(times) * 1000 / N:7.2f} ms CPU each (best of {len(times)}, {N}x)", flush=True)


if __name__ == "__main__":
    main()

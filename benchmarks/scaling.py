"""Time per item for 1k/10k/100k paragraphs, links and list items: is the writer linear?

    python benchmarks/scaling.py            # 1k, 10k, 100k
    python benchmarks/scaling.py 1000 5000  # other sizes

A measurement, not a test: it prints a table of microseconds per item (flat
across sizes = linear time) and the peak resident memory of the process so far
(``resource.getrusage``: the maximum, so it only grows down the table).
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from plain_spec import plain_spec

from tjansteskrivelse.writer import Reference, write_document

ROOT = Path(__file__).resolve().parents[1]
KINDS: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda n: "".join(f"Stycke nummer {i} med lite text.\n\n" for i in range(n)),
    "links": lambda n: "".join(f"[länk {i}](https://example.se/{i}) " for i in range(n)),
    "list items": lambda n: "".join(f"{i + 1}. punkt {i}\n" for i in range(n)),
}


def main(sizes: list[int]) -> None:
    reference = Reference.load(ROOT / "templates" / "referens.docx")
    print(f"{'items':>8} {'kind':<11} {'seconds':>8} {'µs/item':>8} {'peak RSS MB':>12}")
    for n in sizes:
        for kind, make in KINDS.items():
            spec = plain_spec(make(n))
            start = time.perf_counter()
            write_document(reference, spec)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            print(f"{n:>8} {kind:<11} {seconds:>8.2f} {seconds / n * 1e6:>8.1f} {peak:>12.0f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])

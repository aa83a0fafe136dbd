"""Record the SHA-256 of every document the example and test cases render to.

Run before and after a change that must not alter the output::

    python benchmarks/same_bytes.py > before.txt   # on the old code
    python benchmarks/same_bytes.py > after.txt    # on the new code
    diff before.txt after.txt                       # empty: byte-identical

Each case is rendered through the CLI (``tjs render CASE -o DIR``) so the whole
pipeline, config discovery included, is exercised.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    *sorted((ROOT / "cases").glob("*.yaml")),
    *sorted((ROOT / "examples").glob("*/*.yaml")),
    *sorted((ROOT / "tests" / "cases").glob("*.yaml")),
]
TJS = Path(sys.executable).with_name("tjs")


def main() -> None:
    for case in CASES:
        if case.name == "tjs.yaml":
            continue
        for samlat in ([], ["--samlat"]):
            with tempfile.TemporaryDirectory() as out:
                subprocess.run(
                    [str(TJS), "render", str(case), "-o", out, *samlat],
                    check=True,
                    capture_output=True,
                    cwd=case.parent,
                )
                for doc in sorted(Path(out).iterdir()):
                    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
                    print(f"{digest}  {case.relative_to(ROOT)} {' '.join(samlat)}: {doc.name}")


if __name__ == "__main__":
    main()

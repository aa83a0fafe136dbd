"""The README's "Python API" section works as written: every ```python block runs, in order, in a
temp folder holding what the blocks name (cases/RUN-572-2020.yaml), and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from docx import Document

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("\n## Python API\n") : text.index("\n## Development\n")]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), re.S)


def promised(block: str) -> list[str]:
    """What a block says it prints: the comment after a print(...), or on the line below it (up to '...')."""
    lines = block.splitlines()
    out = []
    for i, line in enumerate(lines):
        if "print(" not in line:
            continue
        comment = line.partition("  # ")[2] or (
            lines[i + 1].strip().removeprefix("# ")
            if i + 1 < len(lines) and lines[i + 1].strip().startswith("# ")
            else ""
        )
        if comment:
            out.append(comment.removesuffix("...").removesuffix("…").strip())
    return out


def test_the_python_blocks_run_as_written_and_print_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cases").mkdir()
    shutil.copy(ROOT / "cases" / "RUN-572-2020.yaml", tmp_path / "cases")
    monkeypatch.chdir(tmp_path)
    code = blocks("python")
    assert len(code) >= 3, "the section shows loading, load_mapping and render_cases"
    for number, block in enumerate(code, start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block, f"README.md Python block {number}", "exec"), {"__name__": "__readme__"})
        for text in promised(block):
            assert text in printed.getvalue(), f"block {number} does not print {text!r}:\n{printed.getvalue()}"
    titles = {p.name: Document(str(p)).core_properties.title for p in (tmp_path / "out").glob("*.docx")}
    assert len(titles) == 3 and all(title.startswith("Samverkansavtal") for title in titles.values())


def test_the_json_report_example_matches_the_schema() -> None:
    schema = json.loads((ROOT / "schema" / "render-report.schema.json").read_text(encoding="utf-8"))
    (example,) = blocks("json")
    report = json.loads(example)
    jsonschema.validate(report, schema)
    assert report["version"] == 1
    documented = re.findall(r"^\* `(\w+)", section(), re.M)
    assert set(schema["properties"]) <= set(documented) | {"cases"}

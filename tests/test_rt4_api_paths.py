"""Red team 4: validate_cases takes the case paths as render_cases does, str too (a str was an internal
error: AttributeError reading the file for its personal-data warnings)."""

from __future__ import annotations

from pathlib import Path

from samples import VALID

from tjansteskrivelse import render_cases, validate_cases


def test_validate_cases_and_render_cases_take_str_paths(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(VALID.replace("Text.", "Text 19121212-1212."), encoding="utf-8")
    (validated,) = validate_cases([str(case)])  # type: ignore[list-item]  # a script's str, not a Path
    assert validated.status == "valid" and validated.error is None, validated.error
    assert [warning.kind for warning in validated.personal_data] == ["personnummer"]  # the file was read
    (rendered,) = render_cases([str(case)], tmp_path / "out")  # type: ignore[list-item]
    assert rendered.status == "rendered" and rendered.error is None, rendered.error

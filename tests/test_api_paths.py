"""The batch API takes a list of case files, as Path or str; one path alone is a TypeError, not a run over
its letters (red team 4: render_cases("a.yaml") reported one missing case per character)."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import VALID

from tjansteskrivelse import render_cases, validate_cases


def test_validate_cases_and_render_cases_take_str_paths(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(VALID.replace("Text.", "Text 19121212-1212."), encoding="utf-8")
    (validated,) = validate_cases([str(case)])
    assert validated.status == "valid" and validated.error is None, validated.error
    assert [warning.kind for warning in validated.personal_data] == ["personnummer"]  # the file was read
    (rendered,) = render_cases([str(case)], tmp_path / "out")
    assert rendered.status == "rendered" and rendered.error is None, rendered.error
    assert (tmp_path / "out" / "KS-2021-123.docx").is_file()


@pytest.mark.parametrize("run", [render_cases, validate_cases])
@pytest.mark.parametrize("one", ["case.yaml", Path("case.yaml")])
def test_one_path_instead_of_a_list_is_a_type_error(run: object, one: str | Path, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"a list of case files, not one .*; write \[path\]"):
        list(run(one))  # type: ignore[operator]

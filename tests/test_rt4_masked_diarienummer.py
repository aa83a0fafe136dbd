"""Red team 4: a diarienummer holding the placeholder ``ÅÅMMDD-XXXX`` is refused at its place.

A public version records the diarienummer masked, so such a case (``KS ÅÅMMDD-XXXX``) and a case
``KS 121212-1212`` each took the other's public version for their own: rendering one with
``--publicering`` silently replaced the other's, and called the other's official memo a stale file
of its own ("delete it if it is not needed")."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, run_tjs

from tjansteskrivelse.personal_data import MASK, kin, mask

MASKED, REAL = "KS ÅÅMMDD-XXXX", "KS 121212-1212"


def _case(folder: Path, name: str, diarienummer: str) -> Path:
    path = folder / f"{name}.yaml"
    text = VALID.replace("KS 2021/123", diarienummer).replace("Ny förskola i Kolla", f"Ärende {name}")
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_names_the_placeholder_at_its_place(tmp_path: Path, capsys) -> None:
    case = _case(tmp_path, "a", MASKED)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{case}:1:15: error: 'diarienummer': the diarienummer holds 'ÅÅMMDD-XXXX'" in err, err


def test_neither_case_takes_the_others_documents(tmp_path: Path, capsys) -> None:
    a, b = _case(tmp_path, "a", MASKED), _case(tmp_path, "b", REAL)
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", b, "--publicering", "-o", out)[0] == 0
    code, _, err = run_tjs(capsys, "render", a, "--publicering", "-o", out)
    assert code == 1 and "ÅÅMMDD-XXXX" in err, err
    public = docx.Document(str(out / "KS-AAMMDD-XXXX-publicering.docx"))
    assert public.paragraphs[0].text == "Ärende b"  # b's public version, not replaced by a's


def test_the_public_version_of_a_real_personnummer_still_renders(tmp_path: Path, capsys) -> None:
    code, _, err = run_tjs(capsys, "render", _case(tmp_path, "b", REAL), "--publicering", "-o", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "KS-AAMMDD-XXXX-publicering.docx").is_file()


_DIARIENUMMER = st.text(st.sampled_from("KS 19121212-–/1204ÅMDX"), max_size=24).filter(lambda text: MASK not in text)


@settings(max_examples=examples(300), deadline=None)
@given(_DIARIENUMMER, _DIARIENUMMER)
@example("KS 19121212-1212", "KS 19121212–1212")
@example("KS 2024/1", "KS 2024/1")
def test_no_valid_diarienummer_owns_another_cases_documents(one: str, other: str) -> None:
    # Without the placeholder in a case's own diarienummer, a document is only ever its own case's
    # (same), or its public version (public); never another case's.
    if one != other:
        assert kin(one, other) not in ("same", "public")
    assert kin(mask(other), other) in ("same", "public")

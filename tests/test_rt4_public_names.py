"""Red team 4: a public version's file name never shows a personnummer, even one the masking of the case
does not read as one (``KS 121212/1212``: the name turns the ``/`` into the ``-`` of a personnummer)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, run_tjs

from tjansteskrivelse.personal_data import find_personnummer
from tjansteskrivelse.publication import public_name


def test_a_diarienummer_and_a_recipient_with_a_slashed_personnummer_are_masked_in_the_public_names(
    tmp_path: Path, capsys
) -> None:
    case = tmp_path / "case.yaml"
    text = VALID.replace("KS 2021/123", "KS 121212/1212") + "utdrag_till:\n  - namn: Bo 121212/1212\n"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_tjs(capsys, "render", case, "--publicering", "-o", out)
    assert code == 0, err
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "KS-121212-1212-utdrag-bo-121212-1212.docx",  # the official versions are not published
        "KS-121212-1212.docx",
        "KS-AAMMDD-XXXX-publicering.docx",
        "KS-AAMMDD-XXXX-utdrag-bo-AAMMDD-XXXX-publicering.docx",
    ], names


_STEM_CHARS = st.sampled_from("0123456789-.AKSab")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(_STEM_CHARS, max_size=40).map(lambda s: "KS" + s), st.sampled_from([".docx", ".pdf"]))
@example("KS-121212-1212", ".docx")
@example("KS-19121212-1212-utdrag-bo-121212-1212", ".pdf")
def test_no_public_name_shows_a_personnummer(stem: str, suffix: str) -> None:
    name = public_name(stem + suffix)
    assert not find_personnummer(name), name
    assert name.endswith("-publicering" + suffix)
    if not find_personnummer(stem):
        assert name == stem + "-publicering" + suffix  # nothing else changes


def test_a_stale_public_version_with_a_masked_name_is_still_named(tmp_path: Path, capsys) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(VALID.replace("KS 2021/123", "KS 121212/1212"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", case, "--publicering", "-o", out)[0] == 0
    code, _, err = run_tjs(capsys, "render", case, "-o", out, "--force")
    assert code == 0
    assert "KS-AAMMDD-XXXX-publicering.docx is from an earlier render of case.yaml" in err, err

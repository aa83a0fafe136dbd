"""The tidying pass (no change in output): a digest computed once per case and passed along is the one
each document carries, official and public alike; template names resolve one way for all who ask; a
diarienummer is compared and shown masked one way; the API's names are listed once."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from samples import EXAMPLE

from tjansteskrivelse import Renderer, load_case
from tjansteskrivelse.freshness import STAMP
from tjansteskrivelse.personal_data import kin, shown
from tjansteskrivelse.publication import public_documents
from tjansteskrivelse.renderer import resolved_templates, template_names


def _stamp(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.comment


def test_a_digest_passed_along_is_the_one_every_document_carries() -> None:
    renderer = Renderer()
    case = load_case(EXAMPLE)
    digest = renderer.inputs_digest(case)
    computed = renderer.documents(case)
    passed = renderer.documents(case, digest=digest)
    public = public_documents(renderer, case, digest=digest)
    assert passed == computed
    assert public == public_documents(renderer, case)
    assert {_stamp(data) for data in [*passed.values(), *public.values()]} == {STAMP + digest.encode("ascii")}


def test_a_template_name_resolves_to_its_files_in_search_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        (folder / "delar").mkdir(parents=True)
        (folder / "delar" / "avsnitt.md.j2").write_text("x\n", encoding="utf-8")
    (second / "egen.j2").write_text("y\n", encoding="utf-8")
    (first / "egen.j2").mkdir()  # a folder of that name hides it, as for the loader
    names = template_names([first, second])
    assert names == ["delar/avsnitt.md.j2", "egen.j2"]
    assert resolved_templates([first, second], [*names, "saknas.md.j2"]) == {
        "delar/avsnitt.md.j2": [first / "delar" / "avsnitt.md.j2", second / "delar" / "avsnitt.md.j2"],
        "egen.j2": [first / "egen.j2", second / "egen.j2"],
    }


OWN, TWIN = "KS 2024/19121212-1212", "KS 2024/19121212-1204"  # differ only by a personnummer


@pytest.mark.parametrize(
    ("recorded", "owner", "expected"),
    [
        (OWN, OWN, "same"),
        ("KS 2024/ÅÅMMDD-XXXX", OWN, "public"),  # its own public version records it masked
        (TWIN, OWN, "twin"),
        (OWN, "ÅÅMMDD-XXXX", None),  # only a case's own masked form is its public version
        ("KS 2024/1", OWN, None),
    ],
)
def test_a_diarienummer_is_kin_to_a_case_s_own_as_public_versions_see_them(
    recorded: str, owner: str, expected: str | None
) -> None:
    assert kin(recorded, owner) == expected


def test_a_diarienummer_is_shown_masked_and_cut_short() -> None:
    assert shown(OWN) == "KS 2024/ÅÅMMDD-XXXX"
    assert shown("A" * 100) == "A" * 60


def test_the_package_and_api_export_one_list_of_names_the_same_objects() -> None:
    import tjansteskrivelse
    from tjansteskrivelse import api

    assert tjansteskrivelse.__all__ is api.__all__
    assert {"Renderer", "render_case", "render_cases", "sha256", "write_pdfs"} <= set(api.__all__)
    for name in api.__all__:
        assert getattr(tjansteskrivelse, name) is getattr(api, name)

"""A case's own document type, and a § mark with the body's prefix (KS § 80): read back from the .docx."""

from __future__ import annotations

import json

import docx
import pytest
from docx_dump import dump
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import REPO, run_tjs, write

from tjansteskrivelse.views import paragraph_mark

CASE = """\
diarienummer: RS 2024/{n}
datum: 2024-03-12
handläggare: {{namn: Helena Strand}}
rubrik: Ärende {n}
{extra}förslag: {{punkter: [Regionstyrelsen godkänner rapporten.]}}
utdrag_till: [Regionstyrelsen]
"""


def test_a_case_of_another_kind_names_its_own_document_type(tmp_path, capsys):
    write(tmp_path, "organisation: Region Exempel\nrubriker:\n  dokumenttyp: Tjänsteutlåtande\n", "tjs.yaml")
    write(tmp_path, CASE.format(n=1, extra="dokumenttyp: MISSIV\n"), "missiv.yaml")
    write(tmp_path, CASE.format(n=2, extra=""), "utlatande.yaml")
    code, _, err = run_tjs(
        capsys, "render", tmp_path / "missiv.yaml", tmp_path / "utlatande.yaml", "-o", tmp_path / "out", "-j", "1"
    )
    assert code == 0, err
    missiv, other = tmp_path / "out" / "RS-2024-1.docx", tmp_path / "out" / "RS-2024-2.docx"
    assert dump(missiv)["first_header"][0].startswith("Region Exempel\tMISSIV\t")
    assert dump(other)["first_header"][0].startswith("Region Exempel\tTjänsteutlåtande\t")  # the project's, as before
    properties = docx.Document(str(missiv)).core_properties
    assert (properties.category, properties.subject) == ("MISSIV", "MISSIV RS 2024/1")
    # The extract is the minutes', whatever the memo was called.
    extract = dump(tmp_path / "out" / "RS-2024-1-utdrag-regionstyrelsen.docx")
    assert "\tPROTOKOLLSUTDRAG\t" in extract["first_header"][0]


def test_the_case_document_type_is_text_in_the_editors_schema():
    schema = json.loads((REPO / "schema" / "case.schema.json").read_text("utf-8"))
    assert "dokumenttyp" in schema["properties"]


def test_an_empty_case_document_type_is_an_error_at_its_place(tmp_path, capsys):
    case = write(tmp_path, CASE.format(n=3, extra='organisation: X\ndokumenttyp: ""\n'))
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{case}:6:14:" in err and "dokumenttyp" in err


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="KSBN §0123456789-", min_size=1, max_size=12).filter(str.strip))
@example("KS § 80")
@example("§§ 12-13")
@example("§ 123")
@example("123")
@example("AU §12")
def test_a_paragraph_mark_keeps_every_character_written(paragraf):
    mark = paragraph_mark(paragraf)
    written = [c for c in paragraf if c not in " §"]
    assert [c for c in mark if c not in " \u00a0§"] == written  # nothing lost, nothing reordered
    assert "§" in mark
    if "§" in paragraf.strip()[1:] and not paragraf.strip().startswith("§"):
        assert mark == paragraf.strip()  # a body's prefix (KS § 80): as written


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("dokumenttyp: MISSIV", "'dokumenttyp': names the memo's kind"),
        ("underskrift: {personer: [{namn: Anna Berg}]}", "'underskrift': signs the memo"),
    ],
)
def test_a_memos_key_in_a_case_without_a_memo_is_an_error_not_ignored(tmp_path, capsys, line, problem):
    case = write(
        tmp_path,
        f"diarienummer: KS 1\norganisation: X\nrubrik: Val\n{line}\n"
        "beslut: {organ: KS, datum: 2024-01-01, paragraf: 3, punkter: [Vald.]}\n",
    )
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{case}:4:14: error: {problem}, but a case without 'forslag'" in err


def test_the_editors_schema_says_the_same_about_a_memos_keys_without_a_memo():
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schema" / "case.schema.json").read_text("utf-8")))
    decided = {"organ": "KS", "datum": "2024-01-01", "paragraf": "3", "punkter": ["Vald."]}
    extracts_only = {"diarienummer": "KS 1", "organisation": "X", "rubrik": "Val", "beslut": decided}
    memo = {**extracts_only, "förslag": {"punkter": ["Ja."]}, "datum": "2024-01-01", "handläggare": {"namn": "A"}}
    assert validator.is_valid(extracts_only) and validator.is_valid({**memo, "dokumenttyp": "MISSIV"})
    assert not validator.is_valid({**extracts_only, "dokumenttyp": "MISSIV"})
    assert not validator.is_valid({**extracts_only, "underskrift": {"personer": [{"namn": "Anna Berg"}]}})

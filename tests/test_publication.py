"""The public version (`tjs render --publicering`, publication.py): masked, fields left out, secret cases as stubs.

Read back from the real .docx output: every XML part of the package, so headers,
footers and document properties are covered too.
"""

# mypy: disable-error-code="union-attr"
# (python-docx and the case model type their optional parts X | None; a None fails the test anyway)

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import REPO, VALID, examples, run_tjs, write

from tjansteskrivelse import load_case
from tjansteskrivelse.errors import InputError, TjsError
from tjansteskrivelse.model import Case, Config
from tjansteskrivelse.personal_data import MASK, find_personnummer
from tjansteskrivelse.project import load_config
from tjansteskrivelse.publication import STUB, public_case, public_name, removable_fields

NUMBERS = ("19121212-1212", "121212-1212", "20201120-0000")
CASES = REPO / "tests" / "cases"
PERSONAL = VALID.replace("    text: Text.\n", "    text: Sökande 19121212-1212, make 121212-1212, dnr 20201120-0000.\n")
REPORT_SCHEMA = json.loads((REPO / "schema" / "render-report.schema.json").read_text(encoding="utf-8"))


def package_text(path: Path) -> str:
    """The text of every XML part (body, headers, footers, properties), tags removed, spaces normalised."""
    with zipfile.ZipFile(path) as package:
        parts = [package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")]
    text = re.sub(r"<w:noBreakHyphen/>", "-", "\n".join(parts))
    return re.sub(r"<[^>]+>", "", text).replace("\u00a0", " ")


def test_defaults_leave_out_the_officers_phone_and_email_and_the_recipients_email() -> None:
    publicering = Config().publicering
    assert publicering.utelamna == ["handlaggare.telefon", "handlaggare.epost", "utdrag_till.epost"]
    assert publicering.varna_for == ["personnummer"]


def test_only_optional_fields_can_be_left_out() -> None:
    removable = removable_fields()
    assert {"handlaggare.telefon", "parter.adress", "utdrag_till.epost", "beslut.justerare", "falt"} <= set(removable)
    # Needed by the document (or, for datum/handlaggare/forslag, by other keys): never left out.
    assert not {
        "diarienummer",
        "rubrik",
        "datum",
        "handlaggare",
        "handlaggare.namn",
        "forslag",
        "forslag.punkter",
        "forslag.numrerad",
        "beslut.punkter",
        "beslut.datum",
    } & set(removable)


def test_tjs_yaml_publicering_in_swedish_spelling(tmp_path: Path) -> None:
    config = write(
        tmp_path, "publicering:\n  utelämna: [handläggare.titel, parter]\n  varna_för: [telefon, epost]\n", "tjs.yaml"
    )
    publicering = load_config(config).config.publicering
    assert (publicering.utelamna, publicering.varna_for) == (["handlaggare.titel", "parter"], ["telefon", "epost"])


def test_tjs_yaml_refuses_a_field_that_cannot_be_left_out(tmp_path: Path) -> None:
    config = write(tmp_path, "publicering:\n  utelamna:\n    - handlaggare.namn\n  varna_for: [adress]\n", "tjs.yaml")
    with pytest.raises(InputError) as caught:
        load_config(config)
    messages = [str(issue) for issue in caught.value.issues]
    assert any(
        ":3:" in m and "'handlaggare.namn': not a field the public version can leave out" in m for m in messages
    ), messages
    assert any(":4:" in m and "varna_for" in m for m in messages), messages


def test_public_case_masks_luhn_valid_personnummer_and_leaves_the_official_case_alone(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, PERSONAL))
    before = case.model_dump()
    public = public_case(case, Config())
    assert public.avsnitt[0].text == f"Sökande {MASK}, make {MASK}, dnr 20201120-0000."
    assert public.handlaggare.telefon is None and case.handlaggare.telefon == "0701234567"
    assert case.model_dump() == before


def test_left_out_means_not_written_and_unset_stays_unset(tmp_path: Path) -> None:
    text = (
        VALID + "underskrift:\n  personer:\n    - namn: Per Lund\n      titel: Chef\nutdrag_till:\n"
        "  - namn: Dag Hartman\n    epost: dag@example.org\n  - Ekonomi\n"
    )
    case = load_case(write(tmp_path, text))
    config = Config.model_validate({"publicering": {"utelamna": ["underskrift.personer.titel", "utdrag_till.epost"]}})
    public = public_case(case, config)
    assert public.underskrift is not None and public.underskrift.personer[0].titel is None
    assert "inledning" not in public.underskrift.model_fields_set  # still the config's closing phrase
    assert public.utdrag_till[0].epost is None and public.utdrag_till[1] == "Ekonomi"
    assert public.handlaggare.telefon == "0701234567"  # not named by this config


@settings(max_examples=examples(60), deadline=None)
@given(st.text(alphabet="0123456789-+ ab\n", max_size=60))
@example("19121212-1212 121212-1212")
@example("121212+1212")
@example("1912121212121212-1212")
@example(" ")
@example("0\n-")  # not a valid case (a setext heading): rejected, not a failure
def test_no_personnummer_survives_in_the_public_version(text: str) -> None:
    from hypothesis import reject
    from pydantic import ValidationError

    try:
        case = Case.model_validate(
            {
                "diarienummer": "KS 1",
                "datum": "2021-01-01",
                "organisation": "O",
                "rubrik": "R " + text,
                "handlaggare": {"namn": "A"},
                "sammanfattning": text,
                "forslag": {"punkter": ["P"]},
            }
        )
    except ValidationError:
        reject()  # only valid cases are published
    public = public_case(case, Config())
    for value in (public.rubrik, public.sammanfattning or ""):
        assert find_personnummer(value) == []
    # Nothing else changes: with the masks taken back out, the text is the original without its personnummer.
    original = case.sammanfattning or ""
    kept = "".join(original[start:end] for start, end in _outside(original))
    assert (public.sammanfattning or "").replace(MASK, "") == kept


def _outside(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for match in find_personnummer(text):
        spans.append((last, match.start))
        last = match.end
    return [*spans, (last, len(text))]


def test_public_name() -> None:
    assert public_name("RUN-572-2020.docx") == "RUN-572-2020-publicering.docx"
    assert public_name("RUN-572-2020-utdrag-dag-hartman.pdf") == "RUN-572-2020-utdrag-dag-hartman-publicering.pdf"


def test_render_publicering_writes_the_public_version_beside_the_official_one(tmp_path: Path, capsys) -> None:
    text = PERSONAL + "utdrag_till:\n  - namn: Dag Hartman\n    epost: dag.hartman@example.org\n"
    case = write(tmp_path, text)
    code, out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "ut", "--publicering", "--json")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "ut").iterdir())
    assert names == [
        "KS-2021-123-publicering.docx",
        "KS-2021-123-utdrag-dag-hartman-publicering.docx",
        "KS-2021-123-utdrag-dag-hartman.docx",
        "KS-2021-123.docx",
    ]
    for stem in ("KS-2021-123", "KS-2021-123-utdrag-dag-hartman"):
        official, public = (
            package_text(tmp_path / "ut" / f"{stem}.docx"),
            package_text(tmp_path / "ut" / f"{stem}-publicering.docx"),
        )
        assert all(number in official for number in NUMBERS)
        assert "1212-1212" not in public and public.count(MASK) == 2 and "20201120-0000" in public
    memo, public_memo = (
        package_text(tmp_path / "ut" / name) for name in ("KS-2021-123.docx", "KS-2021-123-publicering.docx")
    )
    assert "0701234567" in memo and "0701234567" not in public_memo  # the officer's phone, in the header
    public_extract_text = package_text(tmp_path / "ut" / "KS-2021-123-utdrag-dag-hartman-publicering.docx")
    assert "dag.hartman@example.org" not in public_extract_text

    report = json.loads(out)
    jsonschema.validate(report, REPORT_SCHEMA)
    files = {Path(f["path"]).name: f for f in report["cases"][0]["files"]}
    assert files["KS-2021-123-publicering.docx"]["public"] is True and "public" not in files["KS-2021-123.docx"]
    public_extract = files["KS-2021-123-utdrag-dag-hartman-publicering.docx"]
    assert (public_extract["kind"], public_extract["recipient"]) == ("extract", {"name": "Dag Hartman", "email": None})

    # Up to date, the public version included: skipped; without --publicering nothing public is planned.
    code, out, _ = run_tjs(capsys, "render", case, "-o", tmp_path / "ut", "--publicering", "--json")
    assert code == 0 and json.loads(out)["summary"]["skipped"] == 1


def test_a_secret_case_is_published_as_a_stub(tmp_path: Path, capsys) -> None:
    case = CASES / "beslutad.yaml"  # sekretess, parties, sections, a decision, three recipients
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path, "--publicering")
    assert code == 0, err
    official = "".join(
        package_text(tmp_path / name) for name in ("KS-2021-123.docx", "KS-2021-123-utdrag-anna-berg.docx")
    )
    memo, extract = (
        package_text(tmp_path / name)
        for name in ("KS-2021-123-publicering.docx", "KS-2021-123-utdrag-publicering.docx")
    )
    secret = [
        "Riktlinjer",
        "Bolaget AB",
        "Sökande",
        "Inventering",
        "verksamheterna",
        "Anta riktlinjerna",
        "Ordföranden",
        "Per Lund",
        "Anna Berg",
        "Remissammanställning",
        "Tjänsteskrivelse 2021",
        "21 kap",
    ]
    assert all(text in official for text in secret)
    for public in (memo, extract):
        assert "KS 2021/123" in public and STUB in public
        assert [text for text in secret if text in public] == []
    assert "2021-03-01" in memo and "2021-03-15" in extract  # the memo's date; the meeting's
    assert not list(tmp_path.glob("*-utdrag-*-publicering.docx"))  # the recipients are not published


@pytest.mark.libreoffice
def test_publicering_with_pdf(tmp_path: Path, capsys) -> None:
    import subprocess

    code, _, err = run_tjs(capsys, "render", write(tmp_path, PERSONAL), "-o", tmp_path / "ut", "--publicering", "--pdf")
    assert code == 0, err
    pdf = tmp_path / "ut" / "KS-2021-123-publicering.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert MASK in text and "1212-1212" not in text and "20201120" in text


def test_every_field_is_masked_labels_too_and_the_organisation_from_tjs_yaml_is_kept(tmp_path: Path) -> None:
    write(tmp_path, "organisation: Exempel kommun\n", "tjs.yaml")
    text = VALID.replace("organisation: Kungsbacka kommun\n", "") + (
        "falt:\n  Sökande 121212-1212: Ombud 19121212-1212\nparter:\n  - namn: Per 121212+1212\n"
    )
    case = load_case(write(tmp_path, text))
    public = public_case(case, Config())
    assert public.organisation == "Exempel kommun"
    assert public.falt == {f"Sökande {MASK}": f"Ombud {MASK}"} and public.parter[0].namn == f"Per {MASK}"


def test_labels_that_differ_only_by_a_personnummer_are_refused(tmp_path: Path) -> None:
    text = VALID + "falt:\n  Sökande 121212-1212: a\n  Sökande 19121212-1212: b\n"
    with pytest.raises(TjsError, match="differ only by a personnummer"):
        public_case(load_case(write(tmp_path, text)), Config())

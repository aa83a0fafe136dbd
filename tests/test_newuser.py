"""A new user from another organisation: what their own files and habits do (read back from the output)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx_dump import dump
from org_samples import project, render
from samples import REPO, VALID, run_tjs

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TEMPLATE_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def as_template(target: Path, content_type: str) -> Path:
    """The built-in reference saved as a Word template (.dotx/.dotm): same parts, the main part's type changed."""
    with zipfile.ZipFile(REPO / "templates" / "referens.docx") as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_MAIN.encode(), content_type.encode())
            out.writestr(info, data)
    return target


@pytest.mark.parametrize(("name", "content_type"), [("mall.dotx", TEMPLATE_MAIN), ("mall.dotm", MACRO_TEMPLATE_MAIN)])
def test_an_organisations_word_template_serves_as_reference(tmp_path, capsys, name, content_type):
    # Organisations hand out their memo template as a .dotx; `tjs validate` accepted it, render refused it
    # with "not a Word file, content type is ...template.main+xml" and a Python object's address.
    as_template(tmp_path / name, content_type)
    case = project(tmp_path, f"referens: {name}\n", VALID)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 0, err
    files = render(capsys, case)
    memo = files["KS-2021-123.docx"]
    with zipfile.ZipFile(memo) as package:
        types = package.read("[Content_Types].xml").decode()
    assert DOCUMENT_MAIN in types and "template" not in types.lower()
    assert "Ny förskola i Kolla" in [p.text for p in docx.Document(str(memo)).paragraphs]
    code, out, err = run_tjs(capsys, "check", memo)
    assert code == 0, out + err


def test_show_leaves_out_the_fences_of_side_by_side_signatures(tmp_path, capsys):
    # With `underskrift_layout: bredvid` `tjs show` printed ':::: Underskriftsnamn' and '::::' around the names.
    case = project(
        tmp_path,
        "underskrift_layout: bredvid\n",
        VALID + "underskrift:\n  personer:\n    - {namn: Eva Hansson, titel: Stadsdirektör}\n"
        "    - {namn: Anna Berg, titel: Avdelningschef}\n",
    )
    code, out, err = run_tjs(capsys, "show", case)
    assert code == 0, err
    assert ":::" not in out
    assert "Eva Hansson" in out and "Stadsdirektör" in out


@pytest.mark.parametrize(
    ("dokumenttyp", "underlag"),
    [("Tjänsteutlåtande", "Tjänsteutlåtande"), ("ORDFÖRANDEFÖRSLAG", "Ordförandeförslag"), ("Förslag: KS", None)],
)
def test_new_case_follows_the_projects_memo_name_and_organisation(tmp_path, capsys, dokumenttyp, underlag):
    # In a Stockholm or Göteborg project (rubriker.dokumenttyp: Tjänsteutlåtande) `tjs new` listed
    # "Tjänsteskrivelse <date>" as the first document the decision rests on, and asked for the organisation.
    import datetime as dt

    import yaml

    (tmp_path / "tjs.yaml").write_text(
        f'organisation: Göteborgs Stad\nrubriker:\n  dokumenttyp: "{dokumenttyp}"\n', encoding="utf-8"
    )
    code, _, err = run_tjs(capsys, "new", "0123/24", "-o", tmp_path / "ny.yaml")
    assert code == 0, err
    text = (tmp_path / "ny.yaml").read_text(encoding="utf-8")
    today = dt.date.today().isoformat()
    assert yaml.safe_load(text)["beslutsunderlag"] == [f"{underlag or dokumenttyp} {today}"]
    assert '# organisation: "Göteborgs Stad"   # set in tjs.yaml' in text
    assert "‹Organisation›" not in text


def test_side_by_side_signatures_keep_each_title_under_its_name(tmp_path, capsys):
    # The names and the titles are two tables that Word and LibreOffice show as one; each had its own
    # column widths, so with "Eva Hansson"/"Stadsdirektör" the second title stood left of its name.
    case = project(
        tmp_path,
        "underskrift_layout: bredvid\n",
        VALID + "underskrift:\n  personer:\n    - {namn: Eva Hansson, titel: Stadsdirektör}\n"
        "    - {namn: Anna Berg, titel: Avdelningschef för hållbar stadsutveckling}\n",
    )
    memo = docx.Document(str(render(capsys, case)["KS-2021-123.docx"]))
    names, titles = memo.tables[-2:]
    assert [c.text for c in names.rows[0].cells] == ["Eva Hansson", "Anna Berg"]
    assert [c.text for c in titles.rows[0].cells] == ["Stadsdirektör", "Avdelningschef för hållbar stadsutveckling"]
    assert names._tbl.getnext() is titles._tbl  # nothing between them: one table on the page

    def grid(table) -> list[str]:
        return [col.get(qn("w:w")) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]

    def cells(table) -> list[str]:
        return [tc.tcPr.find(qn("w:tcW")).get(qn("w:w")) for tc in table._tbl.tr_lst[0].tc_lst]

    assert grid(names) == grid(titles) == cells(names) == cells(titles)


def with_header_text(target: Path, old: str, new: str) -> Path:
    """The built-in reference with ``old`` in its first-page header replaced by ``new`` (as a user types it)."""
    with zipfile.ZipFile(REPO / "templates" / "referens.docx") as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("word/header") and old.encode() in data:
                data = data.replace(old.encode(), new.encode())
            out.writestr(info, data)
    return target


def test_a_protocol_header_names_the_meeting_with_placeholders(tmp_path, capsys):
    # A small kommun's protocol header reads "Kommunfullmäktige  Sammanträdesdatum 2024-06-17  § 45"; the
    # reference could not say so: '{{ organ }}' was an unknown placeholder (only the sidhuvud blocks had it).
    with_header_text(
        tmp_path / "mall.docx",
        "{{ dokumenttyp }}",
        "{{ dokumenttyp }} [{{ organ }}|{{ sammantradesdatum }}|{{ paragraf }}|{{ er_beteckning }}]",
    )
    decided = "beslut:\n  organ: Kommunfullmäktige\n  datum: 2024-06-17\n  paragraf: 45\n"
    case = project(
        tmp_path,
        "referens: mall.docx\n",
        VALID + "mottagare: Kommunstyrelsen\ner_beteckning: LST 2024/9\n" + decided + "utdrag_till: [Löneenheten]\n",
    )
    files = render(capsys, case)
    first = [
        dump(files[name])["first_header"][0] for name in ("KS-2021-123.docx", "KS-2021-123-utdrag-loneenheten.docx")
    ]
    assert first[0].split("\t")[1] == "TJÄNSTESKRIVELSE [Kommunstyrelsen|||LST 2024/9]"
    assert first[1].split("\t")[1] == "PROTOKOLLSUTDRAG [Kommunfullmäktige|2024-06-17|§ 45|LST 2024/9]"


def test_an_order_missing_parts_names_every_one(tmp_path, capsys):
    # A new user writing 'ordning_utdrag: [beslut]' was told "missing arende, beslutsunderlag, jav, yrkanden,
    # beslutsgang,…": the list was cut like a quoted user value, so the parts still to add stayed unknown.
    case = project(tmp_path, "ordning_utdrag: [beslut]\n", VALID)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    missing = "arende, beslutsunderlag, jav, yrkanden, beslutsgang, omrostning, reservationer, protokollsanteckningar"
    said = "error: 'ordning_utdrag': must list each part of the extract exactly once"
    assert f"tjs.yaml:1:17: {said} (missing {missing}, utdrag_till)" in err
    assert "…" not in err


def test_a_court_case_number_never_breaks_at_its_hyphen(tmp_path, capsys):
    # "Yttrande till förvaltningsrätten i mål nr 1234-24 …" broke after "1234-" at the end of the title's line.
    case = project(
        tmp_path,
        None,
        VALID.replace("rubrik: Ny förskola i Kolla", "rubrik: Yttrande i mål nr 1234-24 och dnr KS 2023-00841"),
    )
    title = docx.Document(str(render(capsys, case)["KS-2021-123.docx"])).paragraphs[0]
    xml = title._p.xml
    assert xml.count("<w:noBreakHyphen/>") == 2
    assert "1234</w:t>" in xml and ">24 och dnr KS" in xml.replace("\u00a0", " ")
    assert title.text.replace("\u00a0", " ").replace("\u2011", "-") == "Yttrande i mål nr 1234-24 och dnr KS 2023-00841"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"/>'),
        ("logo.pdf", b"%PDF-1.7\n"),
        ("logo.png", b"<html>not found</html>"),  # saved from a browser as .png
    ],
)
def test_a_logo_word_cannot_show_is_named_by_validate_at_its_line(tmp_path, capsys, name, content):
    # An organisation's logo is often an SVG: `tjs validate` passed it, then render failed with
    # "tjansteskrivelse [logotyp]:1: image …: not a supported picture ()" and no place in tjs.yaml.
    (tmp_path / name).write_bytes(content)
    case = project(tmp_path, f"logotyp:\n  fil: {name}\n  alt: Kommunens logotyp\n", VALID)
    for command in ("validate", "render"):
        code, _, err = run_tjs(capsys, command, case, *(["-o", str(tmp_path / "out")] if command == "render" else []))
        assert code == 1
        assert f"tjs.yaml:2:8: error: 'logotyp.fil': '{name}' is not a picture Word can place in a header" in err
        assert "save the logo as PNG" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("kind", "said"), [("odt", "an OpenDocument file (.odt)"), ("doc", "an old Word document (.doc)")]
)
def test_a_reference_saved_in_another_office_format_is_named_at_its_line(tmp_path, capsys, kind, said):
    # A LibreOffice user saves the reference as .odt (or an old .doc): the error named the case file, not
    # tjs.yaml's 'referens', and said "(KeyError)" or "(BadZipFile)".
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    shutil.copy(REPO / "templates" / "referens.docx", tmp_path / "mall.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", kind, "mall.docx"],
        cwd=tmp_path, capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    case = project(tmp_path, f"referens: mall.{kind}\n", VALID)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"tjs.yaml:1:11: error: 'referens': 'mall.{kind}' is {said}, not a Word .docx; save it as .docx" in err
    assert "Error)" not in err

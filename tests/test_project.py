"""An organisation's own look, end to end: tjs.yaml, template overrides, its own
reference .docx (saved by LibreOffice), a logo, and `tjs templates export/list`.
Every test reads the written documents back."""

# mypy: disable-error-code="union-attr"
# (python-docx and the case model type their optional parts X | None; a None fails the test anyway)

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx_dump import dump
from samples import png, run_tjs

from tjansteskrivelse.api import render_case

ROOT = Path(__file__).resolve().parents[1]
KUNGSBACKA = ROOT / "examples" / "kungsbacka"
CASE_NAME = "BN-2019-0412.yaml"
MEMO = "BN-2019-0412.docx"
BUILTIN = ROOT / "templates"
soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

SIGNATURE_OVERRIDE = """\
{#- One line per signer: "Namn, titel". -#}
{% if underskrift %}
{% for person in underskrift.personer %}
::: Underskriftsnamn
{{ person.namn }}, {{ person.titel }}
:::

{% endfor %}
{% endif %}
"""


def project(folder: Path, config: str, *, case: Path = KUNGSBACKA / CASE_NAME) -> Path:
    """A project folder holding a copy of the Kungsbacka case and ``config`` as tjs.yaml; the case path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tjs.yaml").write_text(config, encoding="utf-8")
    return Path(shutil.copy(case, folder / CASE_NAME))


def kungsbacka_config(*extra: str) -> str:
    return (KUNGSBACKA / "tjs.yaml").read_text(encoding="utf-8") + "".join(line + "\n" for line in extra)


def rendered(case: Path, out: Path, **options) -> dict[str, Path]:
    return {path.name: path for path in render_case(case, out, **options)}


def pictures(part_element) -> list:
    return list(part_element.iter(qn("wp:docPr")))


# --------------------------------------------------------------------------- 1 + 6: the Kungsbacka example


@pytest.fixture(scope="module")
def kungsbacka(tmp_path_factory) -> dict[str, Path]:
    return rendered(KUNGSBACKA / CASE_NAME, tmp_path_factory.mktemp("kungsbacka"))


def test_kungsbacka_example_validates_and_renders(tmp_path, capsys):
    code, _, err = run_tjs(capsys, "validate", KUNGSBACKA)
    assert code == 0, err
    assert "1 of 1 case valid" in err
    code, out, err = run_tjs(capsys, "render", KUNGSBACKA / CASE_NAME, "-o", tmp_path)
    assert code == 0, err
    assert sorted(Path(line).name for line in out.split()) == [
        "BN-2019-0412-utdrag-forvaltningen-for-bygg-miljo.docx",
        "BN-2019-0412-utdrag-kommunstyrelsen.docx",
        MEMO,
    ]
    assert not (KUNGSBACKA / "out").exists()  # -o wins over utdata: out


def test_kungsbacka_order_and_wording(kungsbacka):
    body = dump(kungsbacka[MEMO])["body"]
    headings = [
        line
        for line in body
        if line
        in {
            "Förslag till beslut i Byggnadsnämnden",
            "Sammanfattning",
            "Beskrivning av ärendet",
            "Ekonomiska konsekvenser",
            "Beslutsunderlag",
            "Beslutet skickas till",
        }
    ]
    assert headings == [
        "Förslag till beslut i Byggnadsnämnden",
        "Sammanfattning",
        "Beskrivning av ärendet",
        "Ekonomiska konsekvenser",
        "Beslutsunderlag",
        "Beslutet skickas till",
    ]
    assert body[1] == "Förslag till beslut i Byggnadsnämnden"  # right after the title
    to = body.index("Beslutet skickas till")
    assert body[to + 1 : to + 3] == ["Kommunstyrelsen", "Förvaltningen för Bygg & Miljö, planenheten"]
    assert "Utdrag till" not in body and "Förslag till beslut" not in body


def test_kungsbacka_proposal_points_are_unnumbered_sentences(kungsbacka):
    document = docx.Document(str(kungsbacka[MEMO]))
    points = [p for p in document.paragraphs if p.text.startswith("Byggnadsnämnden ")]
    assert [p.text[:30] for p in points] == ["Byggnadsnämnden godkänner samr", "Byggnadsnämnden beslutar att s"]
    for point in points:
        assert point.style.name == "Normal"
        assert point._p.pPr is None or point._p.pPr.numPr is None
        assert point.style.element.pPr is None or point.style.element.pPr.numPr is None


def test_kungsbacka_signatures_side_by_side_without_closing_phrase(kungsbacka):
    document = docx.Document(str(kungsbacka[MEMO]))
    layout = [t for t in document.tables if t.style.name == "Layouttabell"]
    rows = [[cell.text for cell in row.cells] for table in layout for row in table.rows]
    assert ["Lena Persson", "Anders Holm"] in rows
    assert ["Förvaltningschef", "Planchef"] in rows
    assert rows.index(["Lena Persson", "Anders Holm"]) < rows.index(["Förvaltningschef", "Planchef"])
    names = next(t for t in layout if t.rows[0].cells[0].text == "Lena Persson")
    assert names.rows[0].cells[0].paragraphs[0].style.name == "Underskriftsnamn"  # room above the names
    parts = dump(kungsbacka[MEMO])
    everything = "\n".join(line for lines in parts.values() for line in lines)
    assert "I tjänsten" not in everything
    assert parts["body"][-2:] == ["Lena Persson | Anders Holm", "Förvaltningschef | Planchef"]


def test_kungsbacka_officer_in_footer_with_contact_lines(kungsbacka):
    parts = dump(kungsbacka[MEMO])
    assert not any("Karin Ek" in line for line in parts["first_header"] + parts["header"])
    assert "Handläggare" not in parts["first_header"]
    contact = [
        "Kungsbacka kommun, 434 81 Kungsbacka. Besöksadress Stadshuset, Storgatan 37",
        "Telefon 0300-83 40 00. www.kungsbacka.se",
    ]
    for footer in ("first_footer", "footer"):
        assert parts[footer][0].startswith("Handläggare: Karin Ek, Planarkitekt, Tfn: 0300-83 40 00")
        assert parts[footer][1:] == contact
    assert any(line.startswith("Kungsbacka kommun\tTJÄNSTESKRIVELSE") for line in parts["first_header"])


def test_kungsbacka_extract_uses_the_same_words(kungsbacka):
    parts = dump(kungsbacka["BN-2019-0412-utdrag-kommunstyrelsen.docx"])
    assert "Beslutet skickas till" in parts["body"]
    assert "Justerandes signatur | Expedierat/bestyrkt" in parts["first_footer"]
    assert "Byggnadsnämnden godkänner samrådshandlingarna för detaljplan för Bukärr 22:28 m.fl." in parts["body"]


# --------------------------------------------------------------------------- 2: overriding one template


def _without(lines: list[str], drop: set[str]) -> list[str]:
    return [line for line in lines if line not in drop]


def _unstamped(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return data[: len(data) - len(package.comment) - 2]


def test_overriding_one_part_changes_only_that_part(tmp_path, capsys):
    case = project(tmp_path / "p", kungsbacka_config())
    builtin = rendered(case, tmp_path / "builtin")
    original = {name: path.read_bytes() for name, path in builtin.items()}

    mallar = tmp_path / "p" / "mallar" / "delar"
    mallar.mkdir(parents=True)
    (mallar / "underskrift.md.j2").write_text(SIGNATURE_OVERRIDE, encoding="utf-8")
    own = ["Lena Persson, Förvaltningschef", "Anders Holm, Planchef"]
    old = {"Lena Persson | Anders Holm", "Förvaltningschef | Planchef"}

    # a) via `mallar:` in tjs.yaml
    (tmp_path / "p" / "tjs.yaml").write_text(kungsbacka_config("mallar: mallar"), encoding="utf-8")
    via_config = rendered(case, tmp_path / "mallar")
    # b) via --templates (the config without mallar:)
    (tmp_path / "p" / "tjs.yaml").write_text(kungsbacka_config(), encoding="utf-8")
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "flag", "--templates", tmp_path / "p" / "mallar")
    assert code == 0, err

    before = dump(builtin[MEMO])
    for memo in (via_config[MEMO], tmp_path / "flag" / MEMO):
        after = dump(memo)
        assert after["body"][-2:] == own
        assert _without(after["body"], set(own)) == _without(before["body"], old)
        for part in ("first_header", "header", "first_footer", "footer"):
            assert after[part] == before[part], part
        # the extracts have no signatures: unchanged to the byte, but for the digest of the templates
        # they were made from in the ZIP comment (freshness.py)
        for name, data in original.items():
            if name != MEMO:
                assert _unstamped((memo.parent / name).read_bytes()) == _unstamped(data), name
                assert (memo.parent / name).read_bytes() != data

    # removing the override restores the built-in output exactly
    shutil.rmtree(tmp_path / "p" / "mallar")
    again = rendered(case, tmp_path / "again")
    assert {name: path.read_bytes() for name, path in again.items()} == original


def test_a_missing_templates_folder_is_a_clear_error(tmp_path, capsys):
    code, _, err = run_tjs(capsys, "render", KUNGSBACKA / CASE_NAME, "-o", tmp_path, "--templates", tmp_path / "nope")
    assert code != 0
    assert "--templates" in err and "no such folder" in err and "Traceback" not in err


# --------------------------------------------------------------------------- 3: the organisation's own reference .docx


@pytest.fixture(scope="module")
def libreoffice_reference(tmp_path_factory) -> Path:
    """templates/referens.docx as saved by LibreOffice, with another body font and a header line of its own."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "in" / "referens.docx"
    source.parent.mkdir()
    shutil.copy(BUILTIN / "referens.docx", source)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder / "saved"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = folder / "saved" / "referens.docx"
    with zipfile.ZipFile(saved) as package:  # it really is LibreOffice's package
        assert b"LibreOffice" in package.read("docProps/app.xml")
    document = docx.Document(str(saved))
    document.styles["Normal"].font.name = "Liberation Serif"
    document.sections[0].first_page_header.add_paragraph("Kommunens egen sidhuvudtext {{ diarienummer }}")
    own = folder / "mall.docx"
    document.save(str(own))
    return own


@pytest.mark.libreoffice
@soffice
def test_own_reference_from_libreoffice_gives_its_font_and_header(libreoffice_reference, tmp_path):
    shutil.copy(libreoffice_reference, tmp_path / "mall.docx")
    case = project(tmp_path, "organisation: Exempelby kommun\nreferens: mall.docx\n")
    files = rendered(case, tmp_path / "out")
    memo = docx.Document(str(files[MEMO]))
    assert memo.styles["Normal"].font.name == "Liberation Serif"
    first = dump(files[MEMO])["first_header"]
    assert "Kommunens egen sidhuvudtext BN 2019/0412" in first
    assert any(line.startswith("Exempelby kommun\tTJÄNSTESKRIVELSE") for line in first)
    assert "{{" not in "".join(first)
    for path in files.values():
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            assert len(names) == len(set(names)), f"duplicate zip members in {path.name}"
        assert docx.Document(str(path)).core_properties.title.startswith("Detaljplan för Bukärr")


def _without_style(reference: Path, target: Path, style_id: str) -> Path:
    with zipfile.ZipFile(reference) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                text = data.decode("utf-8")
                pruned = re.sub(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', "", text, flags=re.DOTALL)
                assert pruned != text
                data = pruned.encode("utf-8")
            out.writestr(info, data)
    return target


@pytest.mark.libreoffice
@soffice
def test_reference_without_a_required_style_is_one_clear_error(libreoffice_reference, tmp_path, capsys):
    _without_style(libreoffice_reference, tmp_path / "mall.docx", "Etikett")
    case = project(tmp_path, "organisation: Exempelby kommun\nreferens: mall.docx\n")
    code, out, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 1
    errors = [line for line in err.splitlines() if "error" in line and "case" not in line]
    assert len(errors) == 1 and "'Etikett'" in errors[0] and "mall.docx" in errors[0], err
    assert "Traceback" not in err and out == ""
    assert not (tmp_path / "out").exists()


def test_broken_reference_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "mall.docx").write_bytes(bytes(range(256)) * 8)
    case = project(tmp_path, "organisation: Exempelby kommun\nreferens: mall.docx\n")
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 1
    assert "mall.docx" in err and "not a valid Word .docx file" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- 4: the logo


def test_logo_in_the_first_page_header_with_alt_text(tmp_path):
    (tmp_path / "logo.png").write_bytes(png())
    case = project(
        tmp_path, "organisation: Exempelby kommun\nlogotyp: {fil: logo.png, alt: Exempelby kommuns logotyp}\n"
    )
    for path in rendered(case, tmp_path / "out").values():
        section = docx.Document(str(path)).sections[0]
        (picture,) = pictures(section.first_page_header._element)
        assert picture.get("descr") == "Exempelby kommuns logotyp"
        assert pictures(section.header._element) == []  # the first page only
        with zipfile.ZipFile(path) as package:
            assert any(name.startswith("word/media/") for name in package.namelist())


def test_decorative_logo_needs_no_alt_text(tmp_path):
    (tmp_path / "logo.png").write_bytes(png())
    case = project(tmp_path, "organisation: Exempelby kommun\nlogotyp: {fil: logo.png, dekorativ: true}\n")
    memo = rendered(case, tmp_path / "out")[MEMO]
    (picture,) = pictures(docx.Document(str(memo)).sections[0].first_page_header._element)
    assert picture.get("descr") == ""
    assert picture.find(".//{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative") is not None


def test_missing_logo_file_is_reported_at_validate_time(tmp_path, capsys):
    case = project(tmp_path, "organisation: Exempelby kommun\nlogotyp:\n  fil: saknas.png\n  alt: Logotyp\n")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{tmp_path / 'tjs.yaml'}:3:8: error:" in err and "saknas.png" in err
    assert "Traceback" not in err


def test_logo_without_alt_text_is_an_error(tmp_path, capsys):
    (tmp_path / "logo.png").write_bytes(png())
    case = project(tmp_path, "organisation: Exempelby kommun\nlogotyp:\n  fil: logo.png\n")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1
    assert f"{tmp_path / 'tjs.yaml'}:3:3: error:" in err and "alt" in err and "dekorativ: true" in err


# --------------------------------------------------------------------------- 5: templates export and list


def test_exported_templates_render_the_same_bytes(tmp_path, capsys, kungsbacka):
    code, _, err = run_tjs(capsys, "templates", "export", tmp_path / "mina")
    assert code == 0, err
    exported = sorted(p.relative_to(tmp_path / "mina") for p in (tmp_path / "mina").rglob("*") if p.is_file())
    assert exported == sorted(p.relative_to(BUILTIN) for p in BUILTIN.rglob("*") if p.is_file())
    case = KUNGSBACKA / CASE_NAME
    builtin = kungsbacka  # the case rendered with the built-in templates
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "exported", "--templates", tmp_path / "mina")
    assert code == 0, err
    for name, path in builtin.items():
        assert (tmp_path / "exported" / name).read_bytes() == path.read_bytes(), name


def test_export_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "mina").mkdir()
    (tmp_path / "mina" / "anteckningar.txt").write_text("mina egna", encoding="utf-8")
    code, _, err = run_tjs(capsys, "templates", "export", tmp_path / "mina")
    assert code == 1
    assert "not empty" in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "mina").iterdir()] == ["anteckningar.txt"]
    code, _, _ = run_tjs(capsys, "templates", "export", tmp_path / "ny")
    assert code == 0
    code, _, err = run_tjs(capsys, "templates", "export", tmp_path / "ny")  # not twice either
    assert code == 1 and "not empty" in err


def _listing(out: str) -> dict[str, list[str]]:
    return {line.split("\t")[0]: line.split("\t")[1:] for line in out.splitlines()}


def test_templates_list_shows_the_project_file_first(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "p"
    project(folder, kungsbacka_config("mallar: mallar"))
    (folder / "mallar" / "delar").mkdir(parents=True)
    (folder / "mallar" / "delar" / "underskrift.md.j2").write_text(SIGNATURE_OVERRIDE, encoding="utf-8")
    (folder / "ärenden").mkdir()
    for cwd in (folder, folder / "ärenden"):  # the tjs.yaml of the current folder or the nearest parent
        monkeypatch.chdir(cwd)
        code, out, err = run_tjs(capsys, "templates", "list")
        assert code == 0, err
        listing = _listing(out)
        used, replaces = listing["delar/underskrift.md.j2"]
        assert Path(used) == (folder / "mallar" / "delar" / "underskrift.md.j2").resolve()
        assert replaces == f"replaces {BUILTIN / 'delar' / 'underskrift.md.j2'}"
        assert listing["delar/forslag.md.j2"] == [str(BUILTIN / "delar" / "forslag.md.j2")]
        assert listing["referens.docx"] == [str(BUILTIN / "referens.docx")]
        assert "tjansteskrivelse.md.j2" in listing and "sidhuvud/logotyp.md.j2" in listing

    monkeypatch.chdir(tmp_path)  # no tjs.yaml here or above: the built-in templates only
    code, out, _ = run_tjs(capsys, "templates", "list")
    assert code == 0
    assert _listing(out)["delar/underskrift.md.j2"] == [str(BUILTIN / "delar" / "underskrift.md.j2")]

    code, out, _ = run_tjs(capsys, "templates", "list", "--templates", folder / "mallar")
    assert code == 0
    assert _listing(out)["delar/underskrift.md.j2"][0] == str(folder / "mallar" / "delar" / "underskrift.md.j2")

"""tjs validate knows what the writer can place: styles of the project's reference, list depth, footnotes,
every problem at the case file's own line and column (never a line of generated Markdown)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from samples import REPO, run_tjs, write

from tjansteskrivelse.reference_styles import style_types
from tjansteskrivelse.writer import Reference

REFERENCE = REPO / "templates" / "referens.docx"

HEAD = """\
diarienummer: KS 2021/123
datum: 2021-03-01
organisation: Kungsbacka kommun
handläggare:
  namn: Anna Berg
rubrik: Ny förskola i Kolla
"""


def case(section_text: str, points: str = "    - Punkt.\n") -> str:
    """A valid case whose one section's text (a '|' block, from line 10) is ``section_text``."""
    body = "".join(f"      {line}\n" if line else "\n" for line in section_text.split("\n"))
    return HEAD + "avsnitt:\n  - rubrik: Bakgrund\n    text: |\n" + body + "förslag:\n  punkter:\n" + points


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, str]:
    path = write(tmp_path, text)
    code, _, err = run_tjs(capsys, "validate", path)
    assert "Traceback" not in err
    return code, err.replace(str(path), "case.yaml")


def render(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> docx.document.Document:
    path = write(tmp_path, text)
    code, out, err = run_tjs(capsys, "render", path, "-o", tmp_path / "out")
    assert code == 0, err
    return docx.Document(str(tmp_path / "out" / "KS-2021-123.docx"))


def reference_with(tmp_path: Path, change) -> Path:
    """A copy of the built-in reference whose styles.xml is passed through ``change``."""
    target = tmp_path / "ref" / "referens.docx"
    target.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, change(data.decode()).encode() if info.filename == "word/styles.xml" else data)
    return target


def without_styles(*names: str):
    def change(xml: str) -> str:
        for name in names:
            xml, count = re.subn(
                rf'<w:style [^>]*>(?:(?!</w:style>).)*<w:name w:val="{name}"/>.*?</w:style>', "", xml, flags=re.S
            )
            assert count == 1, name
        return xml

    return change


def test_the_cheap_style_reader_agrees_with_the_writer():
    writer = {name: style.type for name, style in Reference.load(REFERENCE).styles.items()}
    cheap = style_types(REFERENCE)
    assert set(cheap) == set(writer)
    assert {name: kind for name, kind in cheap.items() if kind in ("paragraph", "table", "character")} == {
        name: str(kind).split()[0].lower() for name, kind in writer.items() if cheap[name] != "numbering"
    }


def test_a_style_the_reference_lacks_is_an_error_at_the_case_files_line(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, case("Första stycket.\n\n::: Finns-inte\nText i ruta.\n:::"))
    assert code == 1
    assert "case.yaml:12:7: error: 'avsnitt, avsnitt 1, text': the reference document referens.docx " in err
    assert "'Finns-inte'" in err and "tjansteskrivelse:" not in err


def test_a_character_style_is_no_block_style(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, case("::: Hyperlink\nText.\n:::"))
    assert code == 1
    assert "case.yaml:10:7: error: " in err and "'Hyperlink' as a character style" in err


def test_a_block_never_closed_is_an_error_where_it_opens(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, case("Text.\n\n::: Quote\nMer text."))
    assert code == 1
    assert "case.yaml:12:7: error: 'avsnitt, avsnitt 1, text': '::: Quote' is never closed" in err


@pytest.mark.parametrize(
    ("value", "position"),
    [
        ('"Hej\\n\\n::: Saknas\\nText\\n:::"', "9:19"),  # a double-quoted value: after the \n escape
        ("Hej - då\n\n\n      Första.\n\n\n      :::Saknas", "15:7"),  # a plain value over lines
        (">\n      Hej\n      där\n\n      ::: Saknas\n\n      Text\n\n      :::\n", "13:7"),  # folded
    ],
)
def test_positions_in_quoted_plain_and_folded_values(tmp_path, capsys, value, position):
    text = HEAD + f"avsnitt:\n  - rubrik: Bakgrund\n    text: {value}\nförslag:\n  punkter:\n    - Punkt.\n"
    code, err = validate(tmp_path, capsys, text)
    assert code == 1
    assert f"case.yaml:{position}: error: " in err and "Saknas'" in err


def test_a_style_of_the_projects_own_reference_is_known(tmp_path, capsys):
    def add_style(xml: str) -> str:
        return xml.replace(
            "</w:styles>",
            '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Faktaruta">'
            '<w:name w:val="Faktaruta"/><w:basedOn w:val="Normal"/></w:style></w:styles>',
        )

    reference_with(tmp_path, add_style)
    (tmp_path / "tjs.yaml").write_text("referens: ref/referens.docx\n", encoding="utf-8")
    text = case("::: Faktaruta\nText i ruta.\n:::")
    assert validate(tmp_path, capsys, text)[0] == 0
    document = render(tmp_path, capsys, text)
    assert [getattr(p.style, "name", None) for p in document.paragraphs if p.text == "Text i ruta."] == ["Faktaruta"]
    (tmp_path / "tjs.yaml").write_text("", encoding="utf-8")  # the built-in reference lacks it
    assert validate(tmp_path, capsys, text)[0] == 1


def test_a_reference_in_the_templates_folder_is_the_one_checked(tmp_path, capsys):
    reference_with(tmp_path, without_styles("Quote"))
    (tmp_path / "tjs.yaml").write_text("mallar: ref\n", encoding="utf-8")
    code, err = validate(tmp_path, capsys, case("Text.\n\n> Ett citat."))
    assert code == 1
    assert "case.yaml:12:7: error: " in err and "has no style for block quotes" in err and "'Quote'" in err


def test_quotes_and_footnotes_need_their_styles_only_when_used(tmp_path, capsys):
    reference_with(tmp_path, without_styles("Quote", "footnote text", "footnote reference"))
    (tmp_path / "tjs.yaml").write_text("referens: ref/referens.docx\n", encoding="utf-8")
    assert validate(tmp_path, capsys, case("Text utan citat och noter."))[0] == 0
    code, err = validate(tmp_path, capsys, case("Text.\n\n> Ett citat."))
    assert code == 1 and "case.yaml:12:7: error: " in err and "no style for block quotes" in err
    code, err = validate(tmp_path, capsys, case("Text.\n\nMed not[^1].\n\n[^1]: Källa."))
    assert code == 1 and "case.yaml:12:7: error: " in err and "no style for footnotes" in err
    assert "'footnote text'" in err


def test_four_levels_of_list_are_refused_at_the_deepest_list(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, case("- a\n  - b\n    - c\n      - d"))
    assert code == 1
    assert "case.yaml:13:13: error: 'avsnitt, avsnitt 1, text': a list nested 4 levels deep" in err


def test_three_levels_fit_a_section_but_not_a_numbered_point(tmp_path, capsys):
    three = "- a\n  - b\n    - c"
    assert validate(tmp_path, capsys, case(three))[0] == 0
    document = render(tmp_path, capsys, case(three))
    assert [getattr(p.style, "name", None) for p in document.paragraphs if p.text in "abc"] == [
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
    ]
    points = "    - |\n      Punkt.\n\n      - a\n        - b\n          - c\n"
    code, err = validate(tmp_path, capsys, case("Text.", points))
    assert code == 1
    assert "case.yaml:18:11: error: 'forslag.punkter, punkt 1': a list nested 3 levels deep" in err


def test_a_footnote_label_is_used_once_in_a_case(tmp_path, capsys):
    text = case("Text[^1].\n\n[^1]: Första.", "    - |\n      Punkt[^1].\n\n      [^1]: Andra.\n")
    code, err = validate(tmp_path, capsys, text)
    assert code == 1
    assert "case.yaml:16:7: error: 'forslag.punkter, punkt 1': the footnote [^1] is already used" in err
    text = case("Text[^1].\n\n[^1]: Första.", "    - |\n      Punkt[^2].\n\n      [^2]: Andra.\n")
    assert validate(tmp_path, capsys, text)[0] == 0
    document = render(tmp_path, capsys, text)
    xml = next(p for p in document.part.package.parts if p.partname == "/word/footnotes.xml").blob.decode()
    assert "Första." in xml and "Andra." in xml


def test_script_data_names_the_field_and_the_line_of_its_text(tmp_path):
    from tjansteskrivelse.errors import InputError
    from tjansteskrivelse.load import load_mapping

    data = {
        "diarienummer": "KS 1",
        "datum": "2021-03-01",
        "organisation": "K",
        "handlaggare": {"namn": "A"},
        "rubrik": "R",
        "avsnitt": [{"rubrik": "B", "text": "Text.\n\n::: Saknas\nx\n:::"}],
        "forslag": {"punkter": ["P."]},
    }
    with pytest.raises(InputError) as raised:
        load_mapping(data, base_dir=tmp_path)
    assert "<data>: error: 'avsnitt[0].text', line 3 of the text: the reference document referens.docx" in str(
        raised.value
    )


def test_the_reference_is_read_once_per_project_in_a_batch(tmp_path, monkeypatch):
    from tjansteskrivelse import reference_styles
    from tjansteskrivelse.api import validate_cases

    reads: list[Path] = []
    real = reference_styles.style_types

    def counting(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(reference_styles, "style_types", counting)
    (tmp_path / "tjs.yaml").write_text("organisation: Kungsbacka kommun\n", encoding="utf-8")
    paths = [write(tmp_path, case(f"Text {n}.\n\n> Citat."), f"case{n}.yaml") for n in range(3)]
    assert [result.status for result in validate_cases(paths)] == ["valid"] * 3
    assert len(reads) == 1 and reads[0].name == "referens.docx"


def test_render_with_templates_checks_the_styles_of_the_reference_it_renders_with(tmp_path: Path, capsys) -> None:
    """`--templates DIR` with its own referens.docx: a style only that reference has is accepted,
    at render, before anything is written (validation follows the reference the render uses)."""
    import shutil
    import zipfile

    from samples import REPO, VALID, run_tjs, write

    templates = tmp_path / "mallar"
    templates.mkdir()
    source = REPO / "templates" / "referens.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(templates / "referens.docx", "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/styles.xml":  # one style more than the built-in reference
                style = b'<w:style w:type="paragraph" w:customStyle="1" w:styleId="EgenStil">'
                style += b'<w:name w:val="Egen stil"/><w:basedOn w:val="Normal"/></w:style>'
                data = data.replace(b"</w:styles>", style + b"</w:styles>")
            new.writestr(item, data)
    assert b"Egen stil" in zipfile.ZipFile(templates / "referens.docx").read("word/styles.xml")
    case = write(tmp_path, VALID.replace("    text: Text.", "    text: |\n      ::: Egen stil\n      x\n      :::"))
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out", "--templates", templates, "-j", "1")
    assert code == 0, err
    shutil.rmtree(tmp_path / "out")
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out", "-j", "1")  # the built-in reference
    assert code == 1 and "Egen stil" in err and "case.yaml:11:7: error" in err  # the ::: line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("text", ["> # Rubrik i citat", "- # Rubrik i lista", "1. ## Rubrik i lista"])
def test_a_heading_inside_a_quote_or_list_is_refused_at_its_line(tmp_path: Path, capsys, text: str) -> None:
    """Only a heading on a line of its own can be placed below its part's heading; one in a quote
    or a list item would become the document's top heading level."""
    from samples import VALID, run_tjs, write

    case = write(tmp_path, VALID.replace("    text: Text.", f"    text: |\n      Inledning.\n\n      {text}"))
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "case.yaml:13:7: error:" in err and "put it on a line of its own" in err, err


def test_a_heading_in_a_style_block_is_still_placed_below(tmp_path: Path, capsys) -> None:
    from docx import Document
    from samples import VALID, run_tjs, write

    case = write(
        tmp_path, VALID.replace("    text: Text.", "    text: |\n      ::: Parter\n      # Egen rubrik\n      :::")
    )
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out", "-j", "1")
    assert code == 0, err
    (docx_file,) = (tmp_path / "out").glob("*.docx")
    styles = {p.text: p.style.name for p in Document(str(docx_file)).paragraphs if p.style is not None}
    assert styles["Egen rubrik"] == "Heading 3"

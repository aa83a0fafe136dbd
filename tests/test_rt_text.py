"""Red-team regressions: personnummer hidden from masking, and files another case owns.

Read back from the real output: every paragraph of every XML part (body, headers, footers,
footnotes) and every document property, as a reader sees the text.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID, examples, run_tjs, write

from tjansteskrivelse.personal_data import MASK, find_personnummer, mask
from tjansteskrivelse.publication import _shown_text

PROPERTY = settings(max_examples=examples(60), deadline=None)


def shown(path: Path) -> str:
    """All text of a .docx as the reader sees it, one paragraph or property a line."""
    return "\n".join(text for _, text in _shown_text(path.read_bytes()))


# --- personnummer in every form the reader still recognises --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("R 121212‒1212.", "121212‒1212"),  # figure dash
        ("R 121212—1212.", "121212—1212"),  # em dash
        ("R 121212－1212.", "121212－1212"),  # full-width hyphen
        ("R 121212 1212.", "121212 1212"),  # a space for the dash
        ("R 121212\u00a01212.", "121212\u00a01212"),
        ("R 121212 - 1212.", "121212 - 1212"),
        ("R 19121212-\n  1212.", "19121212-\n  1212"),  # broken over a line
        ("R pnr121212-1212.", "121212-1212"),  # glued to a word
        ("R 1212\u00ad12-1212.", "1212\u00ad12-1212"),  # soft hyphen
        ("R 121212\u200b-1212.", "121212\u200b-1212"),  # zero-width space
        ("R 19121212\\-1212.", "19121212\\-1212"),  # Markdown escape
        ("R **191212**12-1212.", "191212**12-1212"),  # emphasis inside
        ("R 1912&#49;212-1212.", "1912&#49;212-1212"),  # HTML entity
        ("[a](https://e.se/?p=121212%2D1212)", "121212%2D1212"),  # a link's %-escape
    ],
)
def test_a_personnummer_the_document_shows_is_found(text: str, number: str) -> None:
    [match] = find_personnummer(text)
    assert text[match.start : match.end] == number
    assert not find_personnummer(mask(text))


@pytest.mark.parametrize("text", ["a 121212-\n\nb 1212", "- 121212\n- 1212", "121212\n\n1212"])
def test_a_number_is_never_joined_across_paragraphs_or_list_items(text: str) -> None:
    assert mask(text) == text


def test_emphasis_inside_a_number_still_closes_after_the_mask() -> None:
    assert mask("A **191212**12-1212 b") == f"A **{MASK}** b"


@PROPERTY
@given(st.text(alphabet=st.sampled_from("0123456789-–— +*_\\\n\u00ad\u200b&#;x"), max_size=40))
@example("121212 121212-1212")
@example("171212 121212-1212")
@example("1212&#x31;2-1212")
def test_mask_is_idempotent_and_leaves_no_personnummer(text: str) -> None:
    once = mask(text)
    assert mask(once) == once
    assert not find_personnummer(once)


HIDDEN = VALID.replace(
    "rubrik: Ny förskola i Kolla\n", 'rubrik: "Ny förskola 121212—1212"\nfalt: {"Pnr 121212 1212": x}\n'
).replace(
    "    text: Text.\n",
    "    text: |\n      A 19121212\\-1212, **191212**12-1212, 1912&#49;212-1212\n"
    "      och 19121212-\n      1212, pnr121212-1212.[^1]\n\n      [^1]: Fot 121212\u200b-1212.\n",
)


def test_the_public_version_shows_no_personnummer_however_written(tmp_path: Path, capsys) -> None:
    case = write(tmp_path, HIDDEN)
    code, _, err = run_tjs(capsys, "render", "--publicering", case, "-o", tmp_path / "out")
    assert code == 0, err
    public = shown(tmp_path / "out" / "KS-2021-123-publicering.docx")
    assert not find_personnummer(public)
    assert public.count(MASK) >= 8 and "Fot " + MASK in public
    assert "19121212" in shown(tmp_path / "out" / "KS-2021-123.docx")  # the official file is unchanged


def test_validate_warns_at_each_hidden_number(tmp_path: Path, capsys) -> None:
    code, _, err = run_tjs(capsys, "validate", "--strict", write(tmp_path, HIDDEN))
    assert code == 1
    places = [line.split(": warning")[0].rpartition("/")[2] for line in err.splitlines() if "personnummer" in line]
    assert places == [  # a number broken over two lines: at the start of its scalar (11:11)
        "case.yaml:7:22", "case.yaml:8:13", "case.yaml:11:11", "case.yaml:12:9",
        "case.yaml:12:27", "case.yaml:12:44", "case.yaml:14:16", "case.yaml:16:17",
    ]  # fmt: skip
    assert "1212" not in err.replace("121212", "").replace("19121212", "")


def test_a_personnummer_from_tjs_yaml_stops_the_public_version(tmp_path: Path, capsys) -> None:
    write(tmp_path, 'sidfot: ["Kontakt 121212-1212"]\n', "tjs.yaml")
    case = write(tmp_path, VALID)
    code, _, err = run_tjs(capsys, "render", "--publicering", case, "-o", tmp_path / "out")
    assert code == 1
    assert "KS-2021-123-publicering.docx would still show a personnummer (121212-…)" in err
    assert "121212-1212" not in err
    assert not (tmp_path / "out").exists()  # all of the case's files, or none


# --- files and their owners ----------------------------------------------------------------------------------------


def test_a_public_version_of_a_diarienummer_with_a_personnummer_renders_again(tmp_path: Path, capsys) -> None:
    case = write(tmp_path, VALID.replace("KS 2021/123", "KS 19121212-1212"))
    for _ in range(2):
        code, _, err = run_tjs(capsys, "render", "--publicering", "--force", case, "-o", tmp_path / "out")
        assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "KS-19121212-1212.docx",
        "KS-AAMMDD-XXXX-publicering.docx",
    ]
    code, _, err = run_tjs(capsys, "render", "--publicering", case, "-o", tmp_path / "out")
    assert code == 0 and "skipped" in err


def test_another_cases_file_is_never_reported_as_this_cases_up_to_date_file(tmp_path: Path, capsys) -> None:
    later = write(tmp_path, VALID.replace("KS 2021/123", "KS/2021/123"), "b.yaml")
    os.utime(later, (1_000_000_000, 1_000_000_000))  # older than the other case's document
    code, _, err = run_tjs(capsys, "render", write(tmp_path, VALID, "a.yaml"), "-o", tmp_path / "out")
    assert code == 0, err
    before = (tmp_path / "out" / "KS-2021-123.docx").read_bytes()
    code, out, err = run_tjs(capsys, "render", "--json", later, "-o", tmp_path / "out")
    assert code == 1
    assert "belongs to case 'KS 2021/123', not 'KS/2021/123'" in err
    assert '"status": "failed"' in out
    assert (tmp_path / "out" / "KS-2021-123.docx").read_bytes() == before


def test_a_refusal_never_echoes_a_personnummer(tmp_path: Path, capsys) -> None:
    write(tmp_path / "a", VALID.replace("KS 2021/123", "KS 19121212-1212"))
    write(tmp_path / "b", VALID.replace("KS 2021/123", "KS/19121212-1212"))
    assert run_tjs(capsys, "render", tmp_path / "a" / "case.yaml", "-o", tmp_path / "out")[0] == 0
    code, _, err = run_tjs(capsys, "render", tmp_path / "b" / "case.yaml", "-o", tmp_path / "out")
    assert code == 1 and "belongs to case" in err
    assert "case 'KS ÅÅMMDD-XXXX', not 'KS/ÅÅMMDD-XXXX'" in err  # the file's own name is needed to find it


W_DOCUMENT = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param(
            {
                "word/document.xml": f"{W_DOCUMENT}><w:body><w:p><w:r><w:t>121212</w:t><w:noBreakHyphen/>"
                "<w:t>1212</w:t></w:r></w:p></w:body></w:document>"
            },
            "121212-1212",
            id="hyphens and breaks",
        ),
        pytest.param(
            {
                "word/_rels/document.xml.rels": f'{RELS}<Relationship Id="rId1" Type="h" '
                'Target="https://e.se/?p=121212%2D1212" TargetMode="External"/></Relationships>',
                "word/document.xml": f'{W_DOCUMENT} xmlns:wp="urn:wp"><w:body>'
                '<wp:docPr id="1" name="x" descr="Foto 19121212-1212"/></w:body></w:document>',
            },
            "https://e.se/?p=121212-1212\nFoto 19121212-1212",
            id="link addresses and alternative text",
        ),
    ],
)
def test_shown_text_reads_the_document_as_the_reader_sees_it(
    tmp_path: Path, parts: dict[str, str], expected: str
) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, xml)
    assert shown(path) == expected


# --- tjs new -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("diarienummer", ["KS\u00851", "KS\u20281", "KS\u2029", "K\x7fS", "K\x9bS", '"\\x', " KS 1 "])
def test_tjs_new_writes_the_diarienummer_back_exactly(tmp_path: Path, capsys, diarienummer: str) -> None:
    import yaml

    code, _, err = run_tjs(capsys, "new", diarienummer, "-o", tmp_path / "new.yaml")
    assert code == 0, err
    assert yaml.safe_load((tmp_path / "new.yaml").read_text(encoding="utf-8"))["diarienummer"] == diarienummer


def test_tjs_new_refuses_an_undecodable_byte_and_writes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_tjs(capsys, "new", "KS\udcff1")  # how Python passes a byte its encoding cannot read
    assert code == 2
    assert "undecodable byte at character 3" in err and "internal error" not in err
    assert list(tmp_path.iterdir()) == []


# --- plain text reaches the document exactly -----------------------------------------------------------------------

HOSTILE = st.lists(
    st.sampled_from(list("aZåÅ09 *#_<>&|{}%\\`~[]()!:;-+.,'\"=\t\n\u00a0\u200b\u202e\u0301👩§") + ["{{", "{%", "1. "]),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=examples(25), deadline=None)
@given(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)
@example("*x* # 1. {{ a }}", "<b>&amp;</b>", " | ::: \\", "\tNO 12:30\n", "0701234567 ")
def test_plain_text_reaches_the_document_exactly(
    tmp_path_factory: pytest.TempPathFactory, title: str, organisation: str, label: str, value: str, name: str
) -> None:
    from tjansteskrivelse import render_case
    from tjansteskrivelse.scaffold import _yaml_string

    folder = tmp_path_factory.mktemp("plain")
    title, organisation, label, value, name = (f"X{text}X" for text in (title, organisation, label, value, name))
    case = write(
        folder,
        VALID.replace(
            "rubrik: Ny förskola i Kolla",
            f"falt: {{{_yaml_string(label)}: {_yaml_string(value)}}}\nrubrik: {_yaml_string(title)}",
        )
        .replace("organisation: Kungsbacka kommun", f"organisation: {_yaml_string(organisation)}")
        .replace("  namn: Anna Berg", f"  namn: {_yaml_string(name)}"),
    )
    [memo] = render_case(case, folder / "out")
    lines = [text.replace("\u00a0", " ") for _, text in _shown_text(memo.read_bytes())]
    for text in (title, label, value, name):
        assert text.replace("\u00a0", " ") in lines, text
    assert any(line.startswith(organisation.replace("\u00a0", " ") + "\t") for line in lines)


def test_a_collision_in_one_run_names_the_cases_without_their_personnummer(tmp_path: Path, capsys) -> None:
    first = write(tmp_path, VALID.replace("KS 2021/123", "KS 19121212-1212"), "a.yaml")
    second = write(tmp_path, VALID.replace("KS 2021/123", "KS/19121212-1212"), "b.yaml")
    code, _, err = run_tjs(capsys, "render", "-j1", first, second, "-o", tmp_path / "out")
    assert code == 1
    assert "'KS ÅÅMMDD-XXXX' and 'KS/ÅÅMMDD-XXXX' both give the file name" in err


def test_show_prints_terminal_controls_as_escapes(tmp_path: Path, capsys) -> None:
    case = write(tmp_path, VALID.replace("rubrik: Ny förskola i Kolla", 'rubrik: "R \\u009b2J \\u202eabc"'))
    code, out, err = run_tjs(capsys, "show", case)
    assert code == 0, err
    assert "R \\u009B2J \\u202Eabc" in out
    assert "\u009b" not in out and "\u202e" not in out


@pytest.mark.parametrize(("written", "breaks"), [("a\r\nb", 1), ("a\rb", 1), ("a\nb", 1), ("a\r\n\r\nb", 2)])
def test_a_windows_line_break_in_a_plain_field_is_one_break(tmp_path: Path, written: str, breaks: int) -> None:
    from docx import Document

    from tjansteskrivelse import render_case

    escaped = written.replace("\r", "\\r").replace("\n", "\\n")
    case = write(tmp_path, VALID.replace("rubrik: Ny förskola i Kolla", f'rubrik: "{escaped}"'))
    [memo] = render_case(case, tmp_path / "out")
    [title] = [p for p in Document(str(memo)).paragraphs if p.text.startswith("a")]
    assert title.text == "a" + "\n" * breaks + "b"
    assert len(title._p.xpath(".//w:br")) == breaks

"""Hostile and odd inputs: each a clear error with a position, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import run_tjs

CASE = """\
diarienummer: X 1
datum: 2020-01-01
organisation: O
handlaggare: {{namn: A}}
rubrik: R
avsnitt:
  - rubrik: S
    text: |
{text}
forslag:
  punkter: [x]
"""


def validate(tmp_path: Path, capsys, content: str) -> tuple[int, str]:
    case = tmp_path / "case.yaml"
    case.write_text(content, encoding="utf-8")
    code, _, err = run_tjs(capsys, "validate", case)
    assert "Traceback" not in err
    return code, err.replace(str(case), "case.yaml")


def section(text: str) -> str:
    return CASE.format(text="\n".join("      " + line for line in text.splitlines()))


def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, "rubrik: " + "[" * 5000 + "]" * 5000 + "\n")
    assert code == 1
    assert "nested far too deeply" in err


def test_a_picture_in_case_text_is_refused(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, section("Text.\n\n![karta](/etc/passwd)"))
    assert code == 1
    assert "case.yaml:11:7: error: 'avsnitt, avsnitt 1, text': a picture (![…](…)) can't be placed" in err


@pytest.mark.parametrize("heading", ["### Djup rubrik", "Rubrik\n==="])
def test_headings_the_document_cannot_hold_are_refused(tmp_path, capsys, heading):
    code, err = validate(tmp_path, capsys, section(heading))
    assert code == 1
    assert "write" in err and "'# Rubrik'" in err and "'## Underrubrik'" in err


def test_headings_and_tables_in_case_text_are_fine(tmp_path, capsys):
    text = "# Bakgrund\n\n## Mer\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\na \\<b> b"
    code, err = validate(tmp_path, capsys, section(text))
    assert code == 0, err


def test_raw_html_in_case_text_is_refused_at_its_line(tmp_path, capsys):
    """Raw HTML can't be placed in Word: refused, never printed as text or dropped."""
    code, err = validate(tmp_path, capsys, section("Text.\n\n<script>x</script>"))
    assert code == 1 and "case.yaml:11:7: error:" in err and "raw HTML ('<script>x</script>')" in err, err


def test_long_title_renders_whole_and_the_batch_goes_on(tmp_path, capsys):
    """Swedish matter titles of 300+ characters are not rare: python-docx refuses core
    properties over 255 characters, so the title is shortened there and only there."""
    from docx import Document
    from samples import VALID, run_tjs, write

    long_title = "Samverkansavtal " + "mellan kommunen och regionen " * 12 + "slut"
    assert len(long_title) > 300
    a = write(tmp_path, VALID.replace("KS 2021/123", "A 1"), "a.yaml")
    b = write(
        tmp_path,
        VALID.replace("KS 2021/123", "B 1")
        .replace("rubrik: Ny förskola i Kolla", f"rubrik: {long_title}")
        .replace("namn: Anna Berg", "namn: " + "Anna " * 60 + "Berg")
        .replace("organisation: Kungsbacka kommun", "organisation: " + "Kommun " * 50),
        "b.yaml",
    )
    c = write(tmp_path, VALID.replace("KS 2021/123", "C 1"), "c.yaml")
    code, _out, err = run_tjs(capsys, "render", a, b, c, "-o", tmp_path / "out", "-j", "1")
    assert code == 0, err
    assert "Traceback" not in err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["A-1.docx", "B-1.docx", "C-1.docx"]
    document = Document(str(tmp_path / "out" / "B-1.docx"))
    assert long_title in [p.text for p in document.paragraphs]
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("…") and long_title.startswith(title[:-1])


def test_names_too_long_for_the_file_system_are_user_errors_not_bugs(tmp_path, capsys):
    """A 300-byte name makes stat() fail with ENAMETOOLONG: that is a missing file, never exit 3."""
    from samples import VALID, run_tjs, write

    long_name = "a" * 300
    code, _, err = run_tjs(capsys, "validate", tmp_path / f"{long_name}.yaml")
    assert code == 2 and "no such file" in err and "internal error" not in err
    case = write(tmp_path, VALID + f"bilagor:\n  - titel: Bilaga\n    fil: {long_name}.pdf\n")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "case.yaml:16:10: error:" in err and "does not exist" in err, err
    write(tmp_path / "p", f"referens: {long_name}.docx\n", "tjs.yaml")
    case = write(tmp_path / "p", VALID)
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "tjs.yaml:1:11: error:" in err and "internal error" not in err, err
    code, _, err = run_tjs(capsys, "check", tmp_path / f"{long_name}.docx")
    assert code == 2 and "no such file" in err


def test_an_attachment_that_is_a_folder_says_so(tmp_path, capsys):
    from samples import VALID, run_tjs, write

    (tmp_path / "bilagor").mkdir()
    case = write(tmp_path, VALID + "bilagor:\n  - titel: Bilaga\n    fil: bilagor\n")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "is a folder, not a file" in err


def test_deeply_nested_quotes_are_refused_not_dropped(tmp_path, capsys):
    """markdown-it drops text nested 20 quotes deep: refused at its line instead."""
    from samples import VALID, run_tjs, write

    case = write(tmp_path, VALID + 'sammanfattning: "' + "> " * 20 + 'djup text"\n')
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 1 and "case.yaml:14:18: error:" in err and "nested more than" in err, err
    case = write(tmp_path, VALID + 'sammanfattning: "' + "> " * 5 + 'djup text"\n')
    assert run_tjs(capsys, "render", case, "-o", tmp_path / "out", "-j", "1")[0] == 0


def test_keys_in_decomposed_unicode_are_the_same_keys(tmp_path, capsys):
    """macOS may write ä as a + U+0308: `handläggare` is still the key handläggare."""
    import unicodedata

    from samples import VALID, run_tjs, write

    case = write(tmp_path, VALID.replace("handläggare:", unicodedata.normalize("NFD", "handläggare:")))
    assert "a\u0308" in case.read_text(encoding="utf-8")
    code, _, err = run_tjs(capsys, "validate", case)
    assert code == 0, err


def test_several_paragraphs_keep_their_mark(tmp_path):
    from tjansteskrivelse.views import paragraph_mark

    assert paragraph_mark("§§ 12-13") == "§§ 12-13"
    assert paragraph_mark("123") == paragraph_mark("§ 123") == paragraph_mark(" §123 ") == "§\u00a0123"

"""Every construct the writer knows, in one document, is a valid package.

The order of the property elements (w:pPr, w:rPr, w:tblPr, w:trPr, w:tcPr,
w:sectPr, w:settings), required attributes, resolving references and no
w:updateFields are checked by ``tjs check``'s integrity rules
(``tjansteskrivelse.accessibility.structure``, sequences in ``schema.py``):
``tests/test_accessibility_structure.py`` holds every example output to them
and to the Open XML SDK's schema validation; this file holds the writer's
widest document to them too, so a construct no example uses is covered.
"""

from __future__ import annotations

import zipfile

from test_writer import REFERENCE_PATH, render
from test_writer_markdown import BODY

from tjansteskrivelse.accessibility import check_document
from tjansteskrivelse.writer import Reference


def test_every_construct_the_writer_knows_makes_a_valid_package(tmp_path):
    body = BODY.replace(
        "[^1]: ",
        "| A | B |\n|:--|--:|\n| *x* ~~y~~ | [l](https://a.se) **z** |\n\n"
        "::: Layouttabell\n| | |\n|--|--|\n| a | b |\n:::\n\n1. ett\n   - två\n\n> citat\n\n[^1]: ",
    )
    path = tmp_path / "allt.docx"
    path.write_bytes(render(Reference.load(REFERENCE_PATH), body))
    findings = check_document(path)
    assert [str(f) for f in findings if f.category in ("integrity", "security")] == []
    assert "word/footnotes.xml" in zipfile.ZipFile(path).namelist()  # the widest document: footnotes too

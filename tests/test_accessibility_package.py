"""The checker reads any .docx safely: bounded sizes, no entity expansion, only regular files."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest

from tjansteskrivelse.accessibility import check_document, package
from tjansteskrivelse.errors import TjsError

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol9;&xxe;</dc:title></cp:coreProperties>"""


def saved(tmp_path: Path) -> Path:
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    return path


def replaced(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, data if item.filename == name else old.read(item))
    return target


def test_an_entity_bomb_is_a_damaged_document_not_a_hang(tmp_path: Path) -> None:
    bomb = replaced(saved(tmp_path), tmp_path / "bomb.docx", "docProps/core.xml", LAUGHS)
    with pytest.raises(TjsError, match="damaged Word document: 'docProps/core.xml'"):
        check_document(bomb)


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    xxe = LAUGHS.replace(b"&lol9;", b"")
    loaded = package.Package(replaced(saved(tmp_path), tmp_path / "xxe.docx", "docProps/core.xml", xxe))
    title = loaded.core.find("dc:title", package.NS) if loaded.core is not None else None
    assert title is not None and "root:" not in "".join(title.itertext())


def test_a_part_larger_than_the_limit_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_PART", 4096)
    big = replaced(saved(tmp_path), tmp_path / "big.docx", "word/styles.xml", b"<a/>" + b" " * 10_000)
    with pytest.raises(TjsError, match=r"part word/styles.xml is .* unpacked, more than the .* a part may have"):
        check_document(big)


def test_the_xml_parts_together_are_capped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_XML_TOTAL", 4096)
    with pytest.raises(TjsError, match="XML parts unpack to more than a document may have"):
        check_document(saved(tmp_path))


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_FILE", 1000)
    with pytest.raises(TjsError, match="larger than the .* a document may have"):
        check_document(saved(tmp_path))


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_MEMBERS", 5)
    with pytest.raises(TjsError, match="parts, more than the 5 a document may have"):
        check_document(saved(tmp_path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    with pytest.raises(TjsError, match="not a regular file"):
        check_document(fifo)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TjsError, match="not a regular file"):
        check_document(tmp_path)


def test_media_are_named_but_never_read(tmp_path: Path) -> None:
    source = saved(tmp_path)
    with_media = tmp_path / "media.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(with_media, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("word/media/image1.png", b"\x89PNG not really")
    loaded = package.Package(with_media)
    assert "word/media/image1.png" in loaded.names
    assert "word/media/image1.png" not in loaded.xml_parts()

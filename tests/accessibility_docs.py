"""Crafting .docx fixtures for the checker tests: our own rendered output, then one thing changed."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tjansteskrivelse.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
ALL_CASES = [
    EXAMPLE,
    *sorted((ROOT / "tests" / "cases").glob("*.yaml")),
    ROOT / "examples" / "kungsbacka" / "BN-2019-0412.yaml",
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NS = {"w": W, "r": R, "rel": REL, "ct": CT}

Edit = Callable[[etree._Element], None]


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def render(case: Path, out: Path) -> list[Path]:
    """Render ``case`` through the real CLI into ``out``; the .docx files written, memo first."""
    with pytest.raises(SystemExit) as done:
        main(["render", str(case), "-o", str(out)])
    assert done.value.code == 0
    return sorted(out.glob("*.docx"), key=lambda p: ("-utdrag-" in p.name, p.name))


def craft(
    source: Path,
    target: Path,
    edits: dict[str, Edit] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """Copy ``source`` to ``target``, applying ``edits`` to parsed parts, adding and dropping members."""
    edits = edits or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in drop:
                continue
            data = old.read(item)
            if item.filename in edits:
                root = etree.fromstring(data)
                edits[item.filename](root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            new.writestr(item.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def add_relationship(rels: etree._Element, kind: str, target: str, external: bool = True, rid: str = "rIdX") -> None:
    rel = etree.SubElement(rels, f"{{{REL}}}Relationship", Id=rid, Type=REL_TYPE + kind, Target=target)
    if external:
        rel.set("TargetMode", "External")


def body_paragraph(document: etree._Element) -> etree._Element:
    """A new paragraph appended before the body's final sectPr."""
    body = document.find("w:body", NS)
    assert body is not None
    paragraph = etree.Element(w("p"))
    body.insert(len(body) - 1, paragraph)
    return paragraph


def complex_field(paragraph: etree._Element, *pieces: str) -> None:
    """A field whose instruction is split over several runs, as Word writes it."""

    def run() -> etree._Element:
        return etree.SubElement(paragraph, w("r"))

    etree.SubElement(run(), w("fldChar")).set(w("fldCharType"), "begin")
    for piece in pieces:
        etree.SubElement(run(), w("instrText")).text = piece
    etree.SubElement(run(), w("fldChar")).set(w("fldCharType"), "separate")
    etree.SubElement(run(), w("t")).text = "resultat"
    etree.SubElement(run(), w("fldChar")).set(w("fldCharType"), "end")

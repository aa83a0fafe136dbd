"""Markdown images -> inline pictures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.shape import CT_Inline
from docx.parts.story import StoryPart
from docx.shared import Length, Mm
from lxml import etree

from .runs import Fmt, make_run
from .story import Ctx, Node

if TYPE_CHECKING:
    from .body import BodyWriter

_WIDTH = re.compile(r"#bredd=(\d{1,4}(?:\.\d{1,3})?)(mm|cm)$")
_DECORATIVE_EXT = (
    '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)


def _located(raw: str, base: Path) -> tuple[Path, Length | None]:
    """The picture's file and the printed width a template asked for with ``#bredd=40mm`` (or ``4cm``) after it
    (as ``sidhuvud/logotyp.md.j2`` does for ``logotyp.bredd``). Read from the link as written, before its
    %-escapes are undone: a file whose name holds ``#bredd=`` is written ``%23bredd=`` (the logo template
    escapes the file name), so neither can pass for the other."""
    match = _WIDTH.search(raw)
    if match is None:
        return base / unquote(raw), None  # an absolute src stays itself
    millimetres = float(match.group(1)) * (10 if match.group(2) == "cm" else 1)
    return base / unquote(raw[: match.start()]), Mm(millimetres)


def picture_run(writer: BodyWriter, node: Node, part: Part, fmt: Fmt, ctx: Ctx) -> etree._Element:
    """An inline picture from a local file, alt text as its description (empty alt: decorative)."""
    raw = str(node.attrs.get("src", ""))
    src = unquote(raw)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", src) and not re.match(r"^[a-zA-Z]:[\\/]", src):
        raise writer.error(node, ctx, f"image {src!r}: only local image files are supported")
    path, width = _located(raw, writer.base_dir or Path.cwd())
    if not path.is_file():
        raise writer.error(node, ctx, f"image file not found: {path}")
    try:
        rId, image = cast(StoryPart, part).get_or_add_image(str(path))
    except Exception as exc:  # noqa: BLE001 - unknown or broken image format
        raise writer.error(node, ctx, f"image {path}: not a supported picture ({exc})") from None
    cx, cy = image.scaled_dimensions(width=width)
    if cx > writer.ref.text_width:
        cx, cy = image.scaled_dimensions(width=writer.ref.text_width)
    inline = CT_Inline.new_pic_inline(1, rId, image.filename, cx, cy)
    alt = "".join(child.content for child in node.walk() if child.type == "text")
    doc_pr = inline.docPr
    doc_pr.set("descr", alt)
    title = node.attrs.get("title")
    if title:
        doc_pr.set("title", str(title))
    if not alt:
        doc_pr.append(parse_xml(_DECORATIVE_EXT))
    inline.xpath("./a:graphic/a:graphicData/pic:pic/pic:nvPicPr/pic:cNvPr")[0].set("descr", alt)
    run = make_run("", fmt)
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    run.append(drawing)
    return run

"""Markdown tree -> Word document, written into a reference .docx.

The reference document supplies every style, the page setup and the headers
and footers. ``write_document`` replaces its body with the rendered Markdown
and fills the placeholders in its headers and footers:

``{{ name }}`` (spaces optional) anywhere in a header/footer paragraph
    is replaced by the plain text ``fields[name]``, inserted literally (never
    parsed), in the formatting of the run where the placeholder starts. Word
    may split a placeholder over several runs; that is handled.
``{{ sida }}`` / ``{{ sidor }}``
    become real PAGE / NUMPAGES fields (write ``{{ sida }} ({{ sidor }})`` for
    ``1 (4)``); ``w:updateFields`` makes Word refresh them on open.
A paragraph holding only ``{{ name }}`` with ``name in blocks``
    is replaced by the paragraphs rendered from the Markdown ``blocks[name]``
    (same code path as the body; plain paragraphs take the placeholder
    paragraph's style, e.g. ``Header``). Empty Markdown removes the paragraph.

The built-in reference (``scripts/make_reference.py``) uses the blocks
``sekretessrad``, ``logotyp``, ``sidhuvud``, ``sidfot`` and the fields
``organisation``, ``dokumenttyp``, ``diarienummer``. An unknown placeholder
name is a ``ReferenceDocumentError``.

Markdown -> Word, one ``{node type: handler}`` table for blocks and one for
inline nodes, shared by the body, table cells and headers/footers:

* heading n -> ``Heading n`` (1-4); paragraph -> ``Normal`` or the style of
  the enclosing ``::: Stil`` container;
* lists -> ``List Bullet``/``List Number`` (``2``, ``3`` by depth) with real
  numbering: each top-level ordered list gets its own ``w:num`` restarting at
  its first number;
* GFM table -> ``Table Grid`` with a repeating, bold header row; inside a
  container naming a *table* style (``Layouttabell``) -> a layout table with
  that style, no header row (an all-empty Markdown header row is dropped);
* links -> ``w:hyperlink`` in the ``Hyperlink`` character style; images ->
  inline pictures with the alt text as description (empty alt: decorative).

Output bytes are deterministic. This is the only module that imports docx.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote

import docx
from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.table import Table, _Cell
from lxml import etree

from .errors import MarkdownError, ReferenceDocumentError
from .markdown import CONTAINER, container_style, line_of, parse
from .spec import DocumentProperties

__all__ = ["REQUIRED_STYLES", "DocumentProperties", "Reference", "deterministic_zip", "write_document"]

#: Styles the writer and the built-in templates use; checked once in ``Reference.load``.
REQUIRED_STYLES: tuple[str, ...] = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Number",
    "List Number 2",
    "List Number 3",
    "List Bullet",
    "List Bullet 2",
    "List Bullet 3",
    "Table Grid",
    "Hyperlink",
    "Header",
    "Footer",
    "Etikett",
    "Sidhuvudtext",
    "Dokumenttyp",
    "Sekretess",
    "Utkast",
    "Mottagare",
    "Paragrafrad",
    "Underskrift",
    "Underskriftsnamn",
    "Sidfotstext",
    "Parter",
    "Layouttabell",
)

_CHARACTER_STYLES = frozenset({"Hyperlink"})
_TABLE_STYLES = frozenset({"Table Grid", "Layouttabell"})
MAX_HEADING = 4
CORE_PROPERTY_MAX = 255
MAX_LIST_DEPTH = 3
PAGE_FIELDS = {"sida": "PAGE", "sidor": "NUMPAGES"}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_DECORATIVE_EXT = (
    '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip

W_P, W_R, W_T, W_TAB, W_RPR, W_TBL = (qn(t) for t in ("w:p", "w:r", "w:t", "w:tab", "w:rPr", "w:tbl"))


@dataclass(frozen=True)
class _Style:
    style_id: str
    type: WD_STYLE_TYPE


class Reference:
    """A validated reference document, loaded once and reused for every output."""

    def __init__(self, path: Path, data: bytes, document: Document) -> None:
        self.path = path
        self._data = data
        self.styles: Mapping[str, _Style] = MappingProxyType(
            {s.name: _Style(s.style_id, s.type) for s in document.styles if s.name}
        )
        missing = [name for name in REQUIRED_STYLES if name not in self.styles]
        if missing:
            first = missing[0]
            kind = "character" if first in _CHARACTER_STYLES else "table" if first in _TABLE_STYLES else "paragraph"
            raise ReferenceDocumentError(
                f"reference document {path}: missing style(s): {', '.join(repr(m) for m in missing)}",
                hint=f"add a {kind} style named {first!r} in Word, or start from `tjs templates export`",
            )
        self._ordered_abstract_id = self._list_abstract_num(document, "List Number")
        self._list_abstract_num(document, "List Bullet")
        section = document.sections[-1]
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)
        self._hdrftr_has_fields = any(
            _has_field(part.element) for part in _header_footer_parts(document)
        )

    @classmethod
    def load(cls, path: Path) -> Reference:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReferenceDocumentError(
                f"reference document {path}: cannot be read ({exc.strerror or exc})",
                hint="check the path, or create one with `tjs templates export`",
            ) from None
        return cls(path, data, _open(data, path))

    def open(self) -> Document:
        """A fresh python-docx Document from the cached bytes."""
        document = docx.Document(BytesIO(self._data))
        _standard_core_properties_rel(document)
        return document

    def _list_abstract_num(self, document: Document, style_name: str) -> str:
        style_el = document.styles[style_name].element
        num_ids = style_el.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        abstract = None
        if num_ids:
            try:
                numbering = document.part.numbering_part.element
            except NotImplementedError:  # python-docx cannot create a missing numbering part
                numbering = None
            if numbering is not None:
                abstract = numbering.xpath(f'./w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
        if not abstract:
            raise ReferenceDocumentError(
                f"reference document {self.path}: style {style_name!r} is not linked to a numbering definition",
                hint=f"in Word, give the style {style_name!r} a list format (Format > Numbering), "
                "or start from `tjs templates export`",
            )
        return abstract[0]


def _open(data: bytes, path: Path) -> Document:
    try:
        document = docx.Document(BytesIO(data))
        document.styles  # noqa: B018 - the styles part must parse too
    except Exception as exc:  # any failure here means: not a usable .docx
        raise ReferenceDocumentError(
            f"reference document {path}: not a valid Word .docx file ({type(exc).__name__}: {exc})",
            hint="save it from Word as .docx, or start from `tjs templates export`",
        ) from None
    return document


def _standard_core_properties_rel(document: Document) -> None:
    """Relate docProps/core.xml with the standard relationship type.

    LibreOffice writes ``.../officedocument/2006/relationships/metadata/core-properties``;
    python-docx knows only the standard type and would add a second
    ``docProps/core.xml`` (a duplicate zip member) when the properties are set.
    """
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if (not rel.is_external and rel.reltype != RT.CORE_PROPERTIES
                and rel.target_part.content_type == CT.OPC_CORE_PROPERTIES):
            del package.rels[rId]
            package.relate_to(rel.target_part, RT.CORE_PROPERTIES)


def _header_footer_parts(document: Document) -> list[Part]:
    rels = document.part.rels
    parts = []
    for rId in sorted(rels, key=lambda r: (len(r), r)):
        rel = rels[rId]
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append(rel.target_part)
    return parts


def _has_field(element: etree._Element) -> bool:
    return any(True for _ in element.iter(qn("w:fldChar"), qn("w:fldSimple")))


# --------------------------------------------------------------------------- writer


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    style_id: str | None = None


_PLAIN = _Fmt()


@dataclass(frozen=True)
class _Ctx:
    source: str
    paragraph_style: str = "Normal"
    table_style: str | None = None  # set by a container naming a table style: layout table
    depth: int = 0  # list nesting
    num_id: int | None = None  # numbering instance of the enclosing ordered list


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _RunSink:
    """Appends runs to a paragraph or hyperlink, merging adjacent text of equal format."""

    def __init__(self, target: etree._Element) -> None:
        self.target = target
        self._text: list[str] = []
        self._fmt = _PLAIN

    def text(self, text: str, fmt: _Fmt) -> None:
        if self._text and fmt != self._fmt:
            self.flush()
        self._fmt = fmt
        self._text.append(text)

    def element(self, element: etree._Element) -> None:
        self.flush()
        self.target.append(element)

    def flush(self) -> None:
        if self._text:
            self.target.append(_run("".join(self._text), self._fmt))
            self._text.clear()


def _run(text: str, fmt: _Fmt, rpr: etree._Element | None = None) -> etree._Element:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    elif fmt != _PLAIN:
        props = r.get_or_add_rPr()
        if fmt.style_id:
            props.style = fmt.style_id
        if fmt.bold:
            props.get_or_add_b()
        if fmt.italic:
            props.get_or_add_i()
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text  # python-docx turns \t into w:tab and \n into w:br
    else:
        # The common case, built directly: python-docx's r.text appends one character at a time.
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(_XML_SPACE, "preserve")
        r.append(t)
    return r


class _Writer:
    def __init__(self, reference: Reference, document: Document, base_dir: Path | None) -> None:
        self.ref = reference
        self.document = document
        self.base_dir = base_dir
        self._numbering = None
        self.has_fields = False
        self.block_handlers: dict[str, Callable[[object, BlockItemContainer, _Ctx], None]] = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "bullet_list": self.list,
            "ordered_list": self.list,
            "table": self.table,
            CONTAINER: self.container,
        }
        self.inline_handlers: dict[str, Callable[[object, _RunSink, Part, _Fmt, _Ctx], None]] = {
            "text": self.text,
            "softbreak": self.softbreak,
            "hardbreak": self.hardbreak,
            "em": self.emphasis,
            "strong": self.emphasis,
            "link": self.link,
            "image": self.image,
        }

    # ---- helpers

    def _style_id(self, name: str) -> str:
        return self.ref.styles[name].style_id

    def _new_paragraph(self, container: BlockItemContainer, style: str | None) -> etree._Element:
        p = container._element.add_p()
        if style and style != "Normal":
            p.get_or_add_pPr().style = self._style_id(style)
        return p

    def _error(self, node, ctx: _Ctx, message: str, hint: str | None = None) -> MarkdownError:
        line = line_of(node)
        where = ctx.source if line is None else f"{ctx.source}:{line}"
        return MarkdownError(f"{where}: {message}", hint=hint)

    # ---- blocks

    def blocks(self, nodes, container: BlockItemContainer, ctx: _Ctx) -> None:
        for node in nodes:
            handler = self.block_handlers.get(node.type)
            if handler is None:
                raise self._error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, container, ctx)

    def heading(self, node, container, ctx) -> None:
        level = int(node.tag[1:])
        if level > MAX_HEADING:
            raise self._error(
                node, ctx, f"heading level {level} is not supported", hint=f"use at most {'#' * MAX_HEADING}"
            )
        self.inline(node, self._new_paragraph(container, f"Heading {level}"), container.part, _PLAIN, ctx)

    def paragraph(self, node, container, ctx) -> None:
        self.inline(node, self._new_paragraph(container, ctx.paragraph_style), container.part, _PLAIN, ctx)

    def list(self, node, container, ctx) -> None:
        depth = ctx.depth + 1
        if depth > MAX_LIST_DEPTH:
            raise self._error(
                node, ctx, f"lists nested deeper than {MAX_LIST_DEPTH} levels are not supported"
            )
        ordered = node.type == "ordered_list"
        style = ("List Number" if ordered else "List Bullet") + ("" if depth == 1 else f" {depth}")
        num_id = ctx.num_id
        if ordered and num_id is None:
            num_id = self._new_num(int(node.attrs.get("start", 1)))
        inner = replace(ctx, depth=depth, num_id=num_id)
        for item in node.children:
            first = True
            for child in item.children:
                if child.type == "paragraph":
                    p = self._new_paragraph(container, style)
                    if ordered or not first:
                        num_pr = p.get_or_add_pPr().get_or_add_numPr()
                        num_pr.get_or_add_ilvl().val = depth - 1
                        num_pr.get_or_add_numId().val = num_id if (ordered and first) else 0
                    self.inline(child, p, container.part, _PLAIN, inner)
                else:
                    self.blocks([child], container, inner)
                first = False

    def _new_num(self, start: int) -> int:
        if self._numbering is None:
            self._numbering = self.document.part.numbering_part.element
        num = self._numbering.add_num(self.ref._ordered_abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    def table(self, node, container, ctx) -> None:
        layout = ctx.table_style is not None
        rows = [tr for section in node.children for tr in section.children]
        if layout and rows and all(not _has_content(cell) for cell in rows[0].children):
            rows = rows[1:]  # `| | |` header of a layout table: no row at all
        if not rows:
            return
        cols = len(rows[0].children)
        tbl = CT_Tbl.new_tbl(len(rows), cols, self.ref.text_width)
        container._element._insert_tbl(tbl)
        tbl.tblStyle_val = self._style_id(ctx.table_style or "Table Grid")
        look = tbl.tblPr.find(qn("w:tblLook"))
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:firstRow"), "0" if layout else "1")
        look.set(qn("w:val"), "0400" if layout else "0420")
        table = Table(tbl, container)
        header = not layout and rows[0].children[0].type == "th"
        for r, (tr_node, tr) in enumerate(zip(rows, tbl.tr_lst)):
            if header and r == 0:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            fmt = _Fmt(bold=True) if header and r == 0 else _PLAIN
            for cell_node, tc in zip(tr_node.children, tr.tc_lst):
                cell = _Cell(tc, table)
                p = tc.p_lst[0]
                if ctx.paragraph_style != "Normal":
                    p.get_or_add_pPr().style = self._style_id(ctx.paragraph_style)
                align = _cell_alignment(cell_node)
                if align is not None:
                    p.get_or_add_pPr().jc_val = align
                self.inline(cell_node, p, cell.part, fmt, ctx)

    def container(self, node, container, ctx) -> None:
        name = container_style(node)
        style = self.ref.styles.get(name)
        if style is None or style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
            known = sorted(n for n, s in self.ref.styles.items() if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE))
            problem = "does not exist" if style is None else "is not a paragraph or table style"
            raise self._error(
                node,
                ctx,
                f"style {name!r} (from '::: {name}') {problem} in the reference document {self.ref.path.name}",
                hint=f"add a paragraph style named {name!r} to the reference document in Word; "
                f"some styles it has: {', '.join(known[:12])}",
            )
        if style.type == WD_STYLE_TYPE.TABLE:
            inner = replace(ctx, table_style=name)
        else:
            inner = replace(ctx, paragraph_style=name)
        self.blocks(node.children, container, inner)

    # ---- inline

    def inline(self, block, target: etree._Element, part: Part, fmt: _Fmt, ctx: _Ctx) -> None:
        """Render the inline children of a paragraph/heading/cell node into ``target``."""
        sink = _RunSink(target)
        for inline in block.children:
            self._inline_nodes(inline.children, sink, part, fmt, ctx)
        sink.flush()

    def _inline_nodes(self, nodes, sink: _RunSink, part: Part, fmt: _Fmt, ctx: _Ctx) -> None:
        for node in nodes:
            handler = self.inline_handlers.get(node.type)
            if handler is None:
                raise self._error(node, ctx, f"Markdown construct {node.type!r} is not supported here")
            handler(node, sink, part, fmt, ctx)

    def text(self, node, sink, part, fmt, ctx) -> None:
        sink.text(node.content, fmt)

    def softbreak(self, node, sink, part, fmt, ctx) -> None:
        sink.text(" ", fmt)

    def hardbreak(self, node, sink, part, fmt, ctx) -> None:
        sink.text("\n", fmt)

    def emphasis(self, node, sink, part, fmt, ctx) -> None:
        inner = replace(fmt, bold=True) if node.type == "strong" else replace(fmt, italic=True)
        self._inline_nodes(node.children, sink, part, inner, ctx)

    def link(self, node, sink, part, fmt, ctx) -> None:
        href = node.attrs.get("href", "")
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), part.relate_to(href, RT.HYPERLINK, is_external=True))
        title = node.attrs.get("title")
        if title:
            hyperlink.set(qn("w:tooltip"), str(title))
        hyperlink.set(qn("w:history"), "1")
        inner = _RunSink(hyperlink)
        self._inline_nodes(node.children, inner, part, replace(fmt, style_id=self._style_id("Hyperlink")), ctx)
        inner.flush()
        sink.element(hyperlink)

    def image(self, node, sink, part, fmt, ctx) -> None:
        src = unquote(str(node.attrs.get("src", "")))
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", src) and not re.match(r"^[a-zA-Z]:[\\/]", src):
            raise self._error(node, ctx, f"image {src!r}: only local image files are supported")
        path = Path(src)
        if not path.is_absolute():
            path = (self.base_dir or Path.cwd()) / path
        if not path.is_file():
            raise self._error(node, ctx, f"image file not found: {path}")
        try:
            rId, image = part.get_or_add_image(str(path))
        except Exception as exc:  # unknown or broken image format
            raise self._error(node, ctx, f"image {path}: not a supported picture ({exc})") from None
        cx, cy = image.scaled_dimensions()
        if cx > self.ref.text_width:
            cx, cy = image.scaled_dimensions(width=self.ref.text_width)
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
        run = _run("", fmt)
        drawing = OxmlElement("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        sink.element(run)

    # ---- headers and footers

    def headers_footers(self, blocks: Mapping[str, str], fields: Mapping[str, str], source: str) -> None:
        known = sorted(set(fields) | set(blocks) | set(PAGE_FIELDS))
        parsed: dict[str, object] = {}
        for part in _header_footer_parts(self.document):
            element = part.element
            container = BlockItemContainer(element, part)
            for p in list(element.iter(W_P)):
                runs = [child for child in p if child.tag == W_R]
                text = "".join(_run_text(r) for r in runs)
                if "{{" not in text:
                    continue
                whole = _PLACEHOLDER.fullmatch(text.strip())
                if whole and whole.group(1) in blocks and whole.group(1) not in PAGE_FIELDS:
                    name = whole.group(1)
                    if name not in parsed:
                        parsed[name] = parse(blocks[name], source=f"{source} [{name}]")
                    self._replace_with_block(p, parsed[name], container, _Ctx(f"{source} [{name}]"))
                    continue
                for match in reversed(list(_PLACEHOLDER.finditer(text))):
                    name = match.group(1)
                    if name not in PAGE_FIELDS and name not in fields:
                        where = "footer" if part.partname.startswith("/word/footer") else "header"
                        extra = " (a block placeholder must be alone in its paragraph)" if name in blocks else ""
                        raise ReferenceDocumentError(
                            f"reference document {self.ref.path}: unknown placeholder "
                            f"{{{{ {name} }}}} in the {where} ({part.partname}){extra}",
                            hint=f"known placeholders: {', '.join(known)}",
                        )
                    self._replace_inline(p, match.start(), match.end(), name, fields, source)

    def _replace_with_block(self, p, tree, container: BlockItemContainer, ctx: _Ctx) -> None:
        style_id = p.pPr.style if p.pPr is not None else None
        style = next((n for n, s in self.ref.styles.items() if s.style_id == style_id), "Normal") if style_id else "Normal"
        root = container._element
        before = len(root)
        self.blocks(tree.children, container, replace(ctx, paragraph_style=style))
        new = list(root)[before:]
        for element in new:
            p.addprevious(element)
        parent = p.getparent()
        if new or sum(1 for child in parent if child.tag == W_P) > 1:
            parent.remove(p)
        else:
            for child in list(p):
                if child.tag != qn("w:pPr"):
                    p.remove(child)
        if len(parent) and parent[-1].tag == W_TBL:
            parent.append(OxmlElement("w:p"))  # a story or cell must end with a paragraph

    def _replace_inline(self, p, start: int, end: int, name: str, fields: Mapping[str, str], source: str) -> None:
        runs = _align_runs(p, start, end)
        first = runs[0]
        rpr = first.find(W_RPR)
        if name in PAGE_FIELDS:
            new = _field_runs(PAGE_FIELDS[name], rpr)
            self.has_fields = True
        else:
            try:
                new = [_run(fields[name], _PLAIN, rpr)]
            except ValueError:
                raise MarkdownError(
                    f"{source}: field {name!r} holds a character that cannot be stored in a Word document"
                ) from None
        for run in new:
            first.addprevious(run)
        for run in runs:
            run.getparent().remove(run)


def _has_content(cell) -> bool:
    return any(child.children for child in cell.children)


def _cell_alignment(cell) -> WD_ALIGN_PARAGRAPH | None:
    match = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
    return _ALIGN.get(match.group(1)) if match else None


def _child_text(child: etree._Element) -> str:
    if child.tag == W_T:
        return child.text or ""
    if child.tag == W_TAB:
        return "\t"
    if child.tag == W_RPR:
        return ""
    return "\x00"  # breaks, fields, drawings: never part of a placeholder


def _run_text(r: etree._Element) -> str:
    return "".join(_child_text(child) for child in r)


def _align_runs(p: etree._Element, start: int, end: int) -> list[etree._Element]:
    """Split runs so that [start, end) of the paragraph's run text is whole runs; return them."""
    for offset in (start, end):
        pos = 0
        for r in [child for child in p if child.tag == W_R]:
            length = len(_run_text(r))
            if pos < offset < pos + length:
                _split_run(r, offset - pos)
                break
            pos += length
    covered, pos = [], 0
    for r in [child for child in p if child.tag == W_R]:
        length = len(_run_text(r))
        if start <= pos and pos + length <= end and (length or start < pos < end):
            covered.append(r)
        pos += length
    return covered


def _split_run(r: etree._Element, k: int) -> None:
    tail = OxmlElement("w:r")
    rpr = r.find(W_RPR)
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    pos = 0
    for child in [c for c in r if c.tag != W_RPR]:
        length = len(_child_text(child))
        if pos >= k:
            tail.append(child)
        elif pos + length > k:  # split inside this w:t
            text = child.text or ""
            child.text = text[: k - pos]
            rest = OxmlElement("w:t")
            rest.text = text[k - pos :]
            for t in (child, rest):
                t.set(qn("xml:space"), "preserve")
            tail.append(rest)
        pos += length
    r.addnext(tail)


def _field_runs(instruction: str, rpr: etree._Element | None) -> list[etree._Element]:
    def run(*children: etree._Element) -> etree._Element:
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for child in children:
            r.append(child)
        return r

    def fld_char(kind: str) -> etree._Element:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    cached = OxmlElement("w:t")
    cached.text = "1"
    return [run(fld_char("begin")), run(instr), run(fld_char("separate")), run(cached), run(fld_char("end"))]


# --------------------------------------------------------------------------- document


def write_document(
    reference: Reference,
    *,
    body: str,
    blocks: Mapping[str, str],
    fields: Mapping[str, str],
    properties: DocumentProperties,
    source: str,
    base_dir: Path | None = None,
) -> bytes:
    """Render Markdown ``body`` (and header/footer ``blocks``/``fields``) into a copy of ``reference``."""
    tree = parse(body, source=source)
    document = reference.open()
    writer = _Writer(reference, document, base_dir)
    body_container = document._body
    body_container.clear_content()
    writer.blocks(tree.children, body_container, _Ctx(source))
    if not any(child.tag in (W_P, W_TBL) for child in body_container._element):
        body_container._element.add_p()  # Word wants at least one paragraph
    writer.headers_footers(blocks, fields, source)
    _number_drawings(document)
    if writer.has_fields or reference._hdrftr_has_fields:
        _set_update_fields(document)
    _set_properties(document, properties)
    return _save(document)


def _number_drawings(document: Document) -> None:
    """Give every drawing a unique, sequential id (body first, then headers/footers)."""
    next_id = 1
    for element in [document.part.element, *(part.element for part in _header_footer_parts(document))]:
        for doc_pr in element.iter(qn("wp:docPr")):
            doc_pr.set("id", str(next_id))
            doc_pr.set("name", f"Bild {next_id}")
            next_id += 1


def _set_update_fields(document: Document) -> None:
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")


def _set_properties(document: Document, properties: DocumentProperties) -> None:
    created = properties.created
    if created.tzinfo is None:
        raise ValueError("DocumentProperties.created must be timezone-aware")
    created = created.astimezone(dt.timezone.utc).replace(tzinfo=None)
    core = document.core_properties
    core.title = _core_text(properties.title)
    core.subject = _core_text(properties.subject)
    core.keywords = _core_text(properties.keywords)
    core.author = _core_text(properties.author)
    core.last_modified_by = _core_text(properties.author)
    core.created = created
    core.modified = created
    core.category = _core_text(properties.category)
    core.language = properties.language
    core.revision = 1
    core.comments = ""
    for stale in core._element.findall(qn("cp:lastPrinted")):
        core._element.remove(stale)
    if properties.custom:
        _set_custom_properties(document, properties.custom)


def _core_text(value: str) -> str:
    """Core properties hold at most 255 characters (python-docx refuses more): a long
    title is shortened here, and only here; the document body keeps it whole."""
    return value if len(value) <= CORE_PROPERTY_MAX else value[: CORE_PROPERTY_MAX - 1] + "…"


def _set_custom_properties(document: Document, custom: Mapping[str, str]) -> None:
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(custom.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


class _ZipWriter:
    """The ``write(pack_uri, blob)`` sink python-docx's PackageWriter expects, with fixed metadata."""

    def __init__(self, target: zipfile.ZipFile) -> None:
        self._zip = target

    def write(self, pack_uri: str, blob: bytes) -> None:
        _write_member(self._zip, pack_uri.membername, blob)


def _write_member(target: zipfile.ZipFile, name: str, blob: bytes) -> None:
    member = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.create_system = 0
    member.external_attr = 0
    target.writestr(member, blob)


def _save(document: Document) -> bytes:
    """Serialise the package straight into a deterministic zip (python-docx's part order)."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = BytesIO()
    try:
        with zipfile.ZipFile(out, "w") as target:
            sink = _ZipWriter(target)
            PackageWriter._write_content_types_stream(sink, parts)
            PackageWriter._write_pkg_rels(sink, package.rels)
            PackageWriter._write_parts(sink, parts)
    except AttributeError:  # python-docx moved its internals: take the slow, public path
        out = BytesIO()
        document.save(out)
        return deterministic_zip(out.getvalue())
    return out.getvalue()


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with the same member order, a fixed date and no extra fields."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            _write_member(target, info.filename, source.read(info))
    return out.getvalue()

"""The package: open, parts and relationships, properties, serialising (into ``zipped``).

This is the one seam over python-docx internals. Everything else in the writer
uses python-docx's public API or builds OOXML elements directly; what python-docx
does not offer publicly is done here, each place commented:

* ``Part._blob``: the custom-properties part is a plain ``Part`` whose bytes
  python-docx exposes read-only;
* ``PackageWriter._write_*``: python-docx's serialiser, driven into our own zip
  writer so the member metadata is fixed (``Document.save`` stamps the time) and
  the reference's unchanged parts are serialised and deflated once per ``Reference``;
* ``copy.deepcopy`` of the whole package (``copy_document``): python-docx objects
  and lxml trees copy as they are, faster than parsing the bytes again.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Container, Iterable, Mapping
from io import BytesIO
from typing import cast

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from ..spec import DocumentProperties
from .zipped import Deflated, write_zip

CORE_PROPERTY_MAX = 255
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APPLICATION = "tjansteskrivelse"


def open_document(data: bytes) -> Document:
    """A python-docx Document from .docx bytes, its core properties related the standard way."""
    document = docx.Document(BytesIO(data))
    _standard_core_properties_rel(document)
    return document


def copy_document(document: Document, shared: Iterable[Part] = ()) -> Document:
    """A deep copy of ``document``'s package, lxml trees included, except the ``shared`` parts, which the
    copy refers to as they are (the caller vouches no render changes them).

    Copying parsed trees is several times faster than unzipping and parsing the bytes again.
    """
    memo: dict[int, object] = {id(part): part for part in shared}
    package = copy.deepcopy(document.part.package, memo)
    return cast(Document, package.main_document_part.document)


def _standard_core_properties_rel(document: Document) -> None:
    """Relate docProps/core.xml with the standard relationship type.

    LibreOffice writes ``.../officedocument/2006/relationships/metadata/core-properties``;
    python-docx knows only the standard type and would add a second
    ``docProps/core.xml`` (a duplicate zip member) when the properties are set.
    """
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if (
            not rel.is_external
            and rel.reltype != RT.CORE_PROPERTIES
            and rel.target_part.content_type == CT.OPC_CORE_PROPERTIES
        ):
            del package.rels[rId]
            package.relate_to(rel.target_part, RT.CORE_PROPERTIES)


def header_footer_parts(document: Document) -> list[XmlPart]:
    """The header and footer parts of the main document, in rId order."""
    rels = document.part.rels
    parts = []
    for rId in sorted(rels, key=lambda r: (len(r), r)):
        rel = rels[rId]
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append(cast(XmlPart, rel.target_part))
    return parts


class ExternalLinks:
    """Hyperlink relationships of one part, added in O(1) each.

    python-docx's ``relate_to`` scans every relationship twice per call (matching
    target, next free rId): quadratic in the number of links. Same ids, kept here.
    """

    def __init__(self, part: Part) -> None:
        self._rels = part.rels
        self._by_target: dict[str, str] = {}
        for rId, rel in self._rels.items():
            if rel.is_external and rel.reltype == RT.HYPERLINK:
                self._by_target.setdefault(rel.target_ref, rId)
        self._next = 1

    def rid(self, url: str) -> str:
        rId = self._by_target.get(url)
        if rId is None:
            while f"rId{self._next}" in self._rels:  # the first free id, as python-docx picks it
                self._next += 1
            rId = f"rId{self._next}"
            self._rels.add_relationship(RT.HYPERLINK, url, rId, is_external=True)
            self._by_target[url] = rId
        return rId


_FOOTNOTES_XML = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>'
)


def footnotes_part(document: Document) -> XmlPart:
    """The main document's footnotes part, made (with Word's two separators) if the reference has none."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return cast(XmlPart, rel.target_part)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def number_drawings(document: Document) -> None:
    """Give every drawing a unique, sequential id (body first, then headers/footers)."""
    next_id = 1
    for element in [document.part.element, *(part.element for part in header_footer_parts(document))]:
        for doc_pr in element.iter(qn("wp:docPr")):
            doc_pr.set("id", str(next_id))
            doc_pr.set("name", f"Bild {next_id}")
            next_id += 1


def fix_settings(document: Document) -> None:
    """Settings Word opens without a question: no ``w:updateFields`` (it asks whether to update
    fields that "may refer to other files"; PAGE/NUMPAGES update by themselves), and a
    ``w:zoom`` with its required ``w:percent``."""
    settings = document.settings.element
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)
    for zoom in settings.findall(qn("w:zoom")):
        if zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")


def set_properties(document: Document, properties: DocumentProperties) -> None:
    created = properties.created
    if created.tzinfo is None:
        raise ValueError("DocumentProperties.created must be timezone-aware")
    created = created.astimezone(dt.UTC).replace(tzinfo=None)
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
    _set_app_properties(document)


def _set_app_properties(document: Document) -> None:
    """docProps/app.xml names tjs as the application; the reference's (python-docx's template says
    "Microsoft Macintosh Word" 14.0, one page, no words) would misstate who made the file and its size.
    Only the organisation's ``Company`` is kept."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            company = etree.fromstring(rel.target_part.blob, parser).findtext(f"{{{_APP_NS}}}Company")
            root = etree.Element(f"{{{_APP_NS}}}Properties", nsmap={None: _APP_NS, "vt": _VT_NS})
            etree.SubElement(root, f"{{{_APP_NS}}}Application").text = APPLICATION
            if company:
                etree.SubElement(root, f"{{{_APP_NS}}}Company").text = company
            blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            rel.target_part._blob = blob  # internal: a plain Part's bytes are read-only in the API
            return


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
            rel.target_part._blob = blob  # internal: a plain Part's bytes are read-only in the API
            return
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


class _ZipSink:
    """The ``write(pack_uri, blob)`` sink python-docx's PackageWriter expects: collects the members."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def serialise_parts(document: Document, skip: Container[str] = frozenset()) -> dict[str, bytes]:
    """Every zip member of ``document`` as python-docx writes it: ``{member name: bytes}``, in order.

    Members named in ``skip`` keep their place but are not serialised (their bytes are ``b""``).
    """
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    sink = _ZipSink()
    # internal: PackageWriter's steps, so the members go into our own zip with fixed metadata
    PackageWriter._write_content_types_stream(sink, parts)
    PackageWriter._write_pkg_rels(sink, package.rels)
    for part in parts:  # PackageWriter._write_parts, minus serialising what the caller already has
        name = part.partname.membername
        sink.members.append((name, b"" if name in skip else part.blob))
        if len(part.rels):
            sink.members.append((part.partname.rels_uri.membername, part.rels.xml))
    return dict(sink.members)


#: Members a render may change: never taken from the reference's cache.
_RENDERED = frozenset(
    {
        "[Content_Types].xml",
        "word/document.xml",
        "word/settings.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
        "docProps/core.xml",
        "docProps/custom.xml",
        "docProps/app.xml",
    }
)


def reusable_members(document: Document) -> dict[str, Deflated]:
    """The reference's members no render changes (styles, theme, fonts, media ...), deflated once."""
    rendered = {part.partname.membername for part in header_footer_parts(document)}
    return {
        name: Deflated.of(blob)
        for name, blob in serialise_parts(document).items()
        if name not in _RENDERED and name not in rendered and not name.endswith(".rels")
    }


def save(document: Document, unchanged: Mapping[str, Deflated] | None = None) -> bytes:
    """The package as a deterministic zip; members named in ``unchanged`` reuse their compressed bytes.

    The caller vouches that those members were not modified: they are neither serialised nor deflated.
    """
    unchanged = unchanged or {}
    members = [
        (name, unchanged[name] if name in unchanged else Deflated.of(blob))
        for name, blob in serialise_parts(document, skip=unchanged).items()
    ]
    return write_zip(members)

"""DocumentSpec -> .docx bytes, written into a reference document.

The reference document (``reference.py``; read within limits and stripped of
risky content by ``untrusted.py``) supplies every style, the page setup and the
headers and footers. ``write_document`` replaces its body with the rendered
Markdown (``body.py`` with ``tables.py``, ``images.py``, ``notes.py``; text runs
in ``runs.py``), fills the placeholders in its headers and footers
(``placeholders.py``), sets the properties and serialises the package
(``package.py``, the one seam over python-docx internals).

The built-in reference (``scripts/make_reference.py``) uses the blocks
``sekretessrad``, ``logotyp``, ``sidhuvud``, ``sidfot`` and the fields
``organisation``, ``dokumenttyp``, ``diarienummer``.

Output bytes are deterministic. Only this package imports docx.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement

from ..markdown import parse
from ..reference_styles import MAX_MEMBER_BYTES, MAX_REFERENCE_BYTES
from ..spec import DocumentProperties, DocumentSpec
from ..typography import typeset
from .body import MAX_HEADING, QUOTE_STYLE, BodyWriter
from .lists import MAX_LIST_DEPTH
from .notes import FOOTNOTE_REFERENCE, FOOTNOTE_TEXT
from .package import CORE_PROPERTY_MAX, fix_settings, number_drawings, save, set_properties
from .placeholders import PAGE_FIELDS, fill_headers_footers
from .reference import REQUIRED_STYLES, Reference
from .runs import W_P, W_SECTPR, W_TBL
from .story import Ctx, Story
from .zipped import deterministic_zip

__all__ = [
    "CORE_PROPERTY_MAX",
    "FOOTNOTE_REFERENCE",
    "FOOTNOTE_TEXT",
    "MAX_HEADING",
    "MAX_LIST_DEPTH",
    "MAX_MEMBER_BYTES",
    "MAX_REFERENCE_BYTES",
    "PAGE_FIELDS",
    "QUOTE_STYLE",
    "REQUIRED_STYLES",
    "BodyWriter",
    "DocumentProperties",
    "Reference",
    "deterministic_zip",
    "write_document",
]


def write_document(reference: Reference, spec: DocumentSpec, *, base_dir: Path | None = None) -> bytes:
    """Render ``spec`` (body Markdown, header/footer blocks and fields, properties) into a copy of ``reference``.

    Errors name ``spec.kind`` as the source (``tjansteskrivelse:12: ...``).
    """
    source = spec.kind
    tree = parse(spec.body, source=source)
    document = reference.open()
    writer = BodyWriter(reference, document, base_dir, typeset if spec.typography else None)
    body = document.element.body
    for child in list(body):
        if child.tag != W_SECTPR:
            body.remove(child)
    story = Story(body, document.part, body.find(W_SECTPR))
    writer.blocks(tree.children, story, Ctx(source))
    if not any(child.tag in (W_P, W_TBL) for child in body):
        story.add(OxmlElement("w:p"))  # Word wants at least one paragraph
    fill_headers_footers(writer, document, spec.blocks, spec.fields, source)
    number_drawings(document)
    fix_settings(document)
    set_properties(document, spec.properties)
    return save(document, reference.unchanged)

"""The reference document: read and checked once, reused for every output.

It supplies every style, the page setup and the headers and footers. Loading
checks the styles the writer and the built-in templates need and the list
numbering, parses the package once (every output renders into a deep copy of
that pristine one), and finds the header/footer paragraphs holding ``{{ }}``
placeholders with their runs already split, so each render only swaps runs.

A Reference also keeps what repeats across documents: the parsed header/footer
Markdown, and the rendered blocks that are the same in every document.

Loaded references are shared by every Renderer of the process (``LOADED``), like
compiled template code (``template_code``): a script or a test that makes a
Renderer per case parses its reference once, not per call.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree
from markdown_it.tree import SyntaxTreeNode

from ..errors import ReferenceDocumentError
from ..markdown import parse
from ..reference_styles import WORD_NAMES, read_reference, style_types
from .package import copy_document, header_footer_parts, open_document, reusable_members
from .placeholders import Slot, find_slots
from .runs import Typeset
from .untrusted import strip_risky
from .zipped import Deflated

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

#: Parsed (and rendered) header/footer Markdown kept per Reference; past this many the cache starts over.
MAX_PARSED_BLOCKS = 32  # a case has about ten distinct blocks; more only holds memory

#: A header/footer block rendering: its Markdown, the paragraph style it takes, the typesetting function.
BlockKey = tuple[str, str, Typeset | None]

_CHARACTER_STYLES = frozenset({"Hyperlink"})
_TABLE_STYLES = frozenset({"Table Grid", "Layouttabell"})


@dataclass(frozen=True)
class Style:
    style_id: str
    type: WD_STYLE_TYPE


class Reference:
    """A validated reference document, loaded once and reused for every output."""

    def __init__(self, path: Path, data: bytes, document: Document, warnings: tuple[str, ...] = ()) -> None:
        self.path = path
        self.data = data
        #: What was stripped from the reference on load (see untrusted.py), one line each.
        self.warnings = warnings
        self.styles: Mapping[str, Style] = MappingProxyType(
            {WORD_NAMES.get(s.name, s.name): Style(s.style_id, s.type) for s in document.styles if s.name}
        )
        self.style_names: Mapping[str, str] = MappingProxyType({s.style_id: n for n, s in self.styles.items()})
        missing = [name for name in REQUIRED_STYLES if name not in self.styles]
        if missing:
            first = missing[0]
            kind = "character" if first in _CHARACTER_STYLES else "table" if first in _TABLE_STYLES else "paragraph"
            raise ReferenceDocumentError(
                f"reference document {path}: missing style(s): {', '.join(repr(m) for m in missing)}",
                hint=f"add a {kind} style named {first!r} in Word, or start from `tjs templates export`",
            )
        self.ordered_abstract_id = self._list_abstract_num(document, "List Number")
        self._list_abstract_num(document, "List Bullet")
        section = document.sections[-1]
        if section.page_width is None or section.left_margin is None or section.right_margin is None:
            raise ReferenceDocumentError(
                f"reference document {path}: the last section has no page size or margins",
                hint="set the page size and margins in Word (Layout > Size, Margins)",
            )
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)
        size = document.styles["Normal"].font.size
        #: A generous average character width (twips) of body text, for table column widths:
        #: 0.6 em covers the wide fonts LibreOffice substitutes for missing ones.
        self.char_width = 0.6 * (size.pt if size is not None else 11) * 20
        #: member name -> compressed bytes of the parts every output copies unchanged.
        self.unchanged: Mapping[str, Deflated] = MappingProxyType(reusable_members(document))
        # Every output is a copy of this one, which is never rendered into; the unchanged parts are shared.
        self._pristine = document
        #: partname -> the paragraphs holding placeholders (their runs split in the pristine copy).
        self.placeholders: Mapping[str, tuple[Slot, ...]] = MappingProxyType(
            {str(part.partname): find_slots(part.element) for part in header_footer_parts(self._pristine)}
        )
        self._shared = tuple(
            part for part in self._pristine.part.package.iter_parts() if part.partname.membername in self.unchanged
        )
        self._blocks: dict[str, SyntaxTreeNode] = {}
        self._rendered: dict[BlockKey, etree._Element] = {}
        self._lock = threading.Lock()  # Renderers in other threads may share this Reference (LOADED)

    @classmethod
    def read(cls, path: Path) -> Reference:
        """A new Reference: ``path`` read within the size limits, risky content stripped (with
        warnings), checked."""
        path = Path(path)
        return cls._checked(path, read_reference(path))

    @classmethod
    def load(cls, path: Path) -> Reference:
        """``read``, or the Reference this process already read from these exact bytes at this path."""
        path = Path(path)
        raw = read_reference(path)
        return LOADED.get((str(path), hashlib.sha256(raw).digest()), lambda: cls._checked(path, raw))

    @classmethod
    def _checked(cls, path: Path, raw: bytes) -> Reference:
        data, warnings = strip_risky(raw, path)
        return cls(path, data, _open_checked(data, path), warnings)

    @cached_property
    def style_types(self) -> Mapping[str, str]:
        """``reference_styles.style_types`` of this reference's bytes, as validation checks Markdown against
        them: read once per loaded reference, not for every Renderer."""
        return style_types(self.path, self.data)

    def open(self) -> Document:
        """A fresh python-docx Document to render into: a copy of the parsed reference."""
        return copy_document(self._pristine, self._shared)

    def parse_block(self, text: str, *, source: str) -> SyntaxTreeNode:
        """``markdown.parse(text)``, once per distinct text: the header/footer blocks repeat across a
        case's documents and across cases. Safe to share because the writer only reads a tree."""
        tree = self._blocks.get(text)
        if tree is None:
            tree = parse(text, source=source)  # an error is raised, never kept
            with self._lock:
                if len(self._blocks) >= MAX_PARSED_BLOCKS:
                    self._blocks.clear()
                self._blocks[text] = tree
        return tree

    def rendered_block(self, key: BlockKey) -> etree._Element | None:
        """A copy of the header/footer block rendering kept under ``key`` by ``keep_block``, if any."""
        kept = self._rendered.get(key)
        return None if kept is None else copy.deepcopy(kept)

    def keep_block(self, key: BlockKey, holder: etree._Element) -> None:
        """Keep a copy of ``holder``: a block rendering that is the same in every document (placeholders.py)."""
        kept = copy.deepcopy(holder)
        with self._lock:
            if len(self._rendered) >= MAX_PARSED_BLOCKS:
                self._rendered.clear()
            self._rendered[key] = kept

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
        return str(abstract[0])


def _open_checked(data: bytes, path: Path) -> Document:
    try:
        document = open_document(data)
        document.styles  # noqa: B018 - the styles part must parse too
    except Exception as exc:  # noqa: BLE001 - any failure here means: not a usable .docx
        raise ReferenceDocumentError(
            f"reference document {path}: not a valid Word .docx file ({type(exc).__name__}: {exc})",
            hint="save it from Word as .docx, or start from `tjs templates export`",
        ) from None
    return document


class LoadedReferences:
    """References by (path, SHA-256 of the file's bytes), shared by the process's Renderers.

    Keyed never to go stale: an edited file is a new key, and the path is part of
    the key because messages name it. A Reference is never changed once loaded
    (every output renders into a copy), so sharing one is safe. Bounded: the
    least recently used goes first.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._loaded: OrderedDict[tuple[str, bytes], Reference] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bytes], load: Callable[[], Reference]) -> Reference:
        """The reference under ``key``, loaded with ``load`` (whose errors are raised, never kept) if new."""
        with self._lock:
            reference = self._loaded.get(key)
            if reference is not None:
                self._loaded.move_to_end(key)
                return reference
        reference = load()
        with self._lock:
            self._loaded[key] = reference
            while len(self._loaded) > self.size:
                self._loaded.popitem(last=False)
        return reference

    def unlock(self) -> None:
        """In a process just forked: its lock and each Reference's anew (a thread that held one is not in
        this process, so it would never be released)."""
        self._lock = threading.Lock()
        for reference in self._loaded.values():
            reference._lock = threading.Lock()


LOADED = LoadedReferences()

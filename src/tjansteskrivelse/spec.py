"""What the context stage hands the writer: one ``DocumentSpec`` per document.

Pure data, no behaviour: the context stage (``context.py``) builds it from the
case and the project; the writer (``writer/``) turns it into .docx bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

DocumentKind = Literal["tjansteskrivelse", "protokollsutdrag"]
MEMO: DocumentKind = "tjansteskrivelse"
EXTRACT: DocumentKind = "protokollsutdrag"


@dataclass(frozen=True)
class DocumentProperties:
    """Document metadata: core properties plus custom properties (name -> text)."""

    title: str
    subject: str
    keywords: str
    author: str
    created: dt.datetime  # tz-aware; stored as UTC
    language: str = "sv-SE"
    category: str = ""
    custom: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class DocumentSpec:
    """One document, ready to write: Markdown for the body and for each header/footer
    block, plain-text fields for ``{{ name }}`` placeholders, and the properties."""

    kind: DocumentKind
    file_name: str  # "RUN-572-2020.docx"
    body: str  # Markdown (from the templates)
    blocks: Mapping[str, str]  # placeholder name -> Markdown (sidhuvud, sidfot, ...)
    fields: Mapping[str, str]  # placeholder name -> plain text
    properties: DocumentProperties
    recipient: str | None = None  # whom an extract is addressed to
    typography: bool = True  # Swedish typography (tjs.yaml `typografi: pa`): see typography.py

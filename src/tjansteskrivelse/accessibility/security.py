"""Risky content in a .docx: what makes Word fetch, run or open something outside the document.

A reference document or a memo from anyone may carry a remote template, a
frame, a linked object, a field that includes a file or a picture from a
server, a macro, or a link that starts a program (``ms-msdt:``,
``search-ms:``). Each is reported naming the part that holds it. Values from
the document are quoted shortened, as they may be long or personal.
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from tjansteskrivelse.accessibility.package import CONTENT_TYPES, NS, Package, source_of, w

SAFE_SCHEMES = ("http", "https", "mailto")
# Fields that read another file, a picture from a server, or start a program through DDE.
RISKY_FIELDS = ("INCLUDETEXT", "INCLUDE", "INCLUDEPICTURE", "LINK", "DDE", "DDEAUTO", "IMPORT")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")
_O_OLE = f"{{{NS['o']}}}OLEObject"
_FLD_SIMPLE, _FLD_CHAR, _INSTR = w("fldSimple"), w("fldChar"), w("instrText")


def _quote(value: str, width: int = 60) -> str:
    value = " ".join(value.split())
    return f'"{value}"' if len(value) <= width else f'"{value[: width - 1]}…"'


def scheme(target: str) -> str:
    """The URL scheme of ``target``, lower case; "" for a relative link."""
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else ""


def safe_link(target: str) -> bool:
    return scheme(target) in SAFE_SCHEMES


def check(package: Package) -> list[tuple[str, str]]:
    """Every risky thing found, as ``(part, message)``: macros, then relationships, then part contents."""
    found = _macros(package) + _relationships(package)
    for name in package.xml_parts():
        if name == CONTENT_TYPES or name.endswith(".rels"):
            continue
        root = package.xml(name)
        if root is not None:
            found += [(name, message) for message in _in_part(root)]
    return found


def _macros(package: Package) -> list[tuple[str, str]]:
    found = []
    for name in sorted(package.names):
        if posixpath.basename(name).lower() in _MACRO_PARTS:
            found.append(
                (
                    name,
                    (
                        "a macro part (VBA): macros can run code when the document is opened; "
                        "save the document as .docx (Word Document, not macro-enabled) to remove them"
                    ),
                )
            )
    types = package.xml(CONTENT_TYPES)
    if types is not None:
        for entry in types:
            content_type = (entry.get("ContentType") or "").lower()
            if any(mark in content_type for mark in _MACRO_TYPES):
                where = entry.get("PartName") or f"*.{entry.get('Extension', '')}"
                found.append(
                    (
                        CONTENT_TYPES,
                        (
                            f"content type {_quote(content_type)} for {_quote(where)} "
                            "marks a macro-enabled document or a macro part: save it as .docx"
                        ),
                    )
                )
    return found


def _relationships(package: Package) -> list[tuple[str, str]]:
    found = []
    for name in package.xml_parts():
        if not name.endswith(".rels"):
            continue
        for rel in package.relationships(source_of(name)):
            if not rel.external:
                continue
            if rel.kind == "hyperlink":
                if not safe_link(rel.target):
                    found.append((name, _link_message(rel.target)))
            else:
                found.append(
                    (
                        name,
                        (
                            f"an external {rel.kind} relationship to {_quote(rel.target)}: Word fetches "
                            "it from outside the document when it opens; embed it or remove it"
                        ),
                    )
                )
    return found


def _link_message(target: str) -> str:
    kind = f"the scheme {scheme(target)}:" if scheme(target) else "no scheme (a relative path)"
    return (
        f"a hyperlink to {_quote(target)} with {kind}; only http, https and mailto links are safe "
        "to click: remove the link or write the address as text"
    )


def _in_part(root: etree._Element) -> list[str]:
    found = []
    for _ in root.iter(w("attachedTemplate")):
        found.append(
            "the document is attached to a template (w:attachedTemplate), which Word may fetch "
            "from a server when it opens: Developer > Document Template > remove it"
        )
    for tag in ("frameset", "frame"):
        if next(root.iter(w(tag)), None) is not None:
            found.append(
                f"the document holds frames (w:{tag}), which load other documents when it opens: remove the frames"
            )
    for ole in root.iter(_O_OLE):
        if (ole.get("Type") or "").lower() == "link":
            found.append(
                f"a linked object ({_quote(ole.get('ProgID') or 'OLE')}) that Word updates from a file "
                "outside the document: embed it (Edit Links > Break Link) or remove it"
            )
    for instruction in field_instructions(root):
        keyword, _, rest = instruction.strip().partition(" ")
        keyword = keyword.upper()
        if keyword in RISKY_FIELDS:
            found.append(
                f"a {keyword} field ({_quote(instruction)}) that reads from outside the document: "
                "select it and press Ctrl+Shift+F9 to keep its result as text"
            )
        elif keyword == "HYPERLINK":
            target = rest.strip().split('"')[1] if rest.strip().startswith('"') else rest.strip().split(" ")[0]
            if not target.startswith("\\") and not safe_link(target):
                found.append(_link_message(target))
    return found


def field_instructions(root: etree._Element) -> list[str]:
    """The instruction of every field: ``fldSimple`` ones, and complex ones joined across runs.

    Complex fields nest (a field inside another's instruction), so instruction
    text belongs to the innermost field that is open.
    """
    instructions = []
    open_fields: list[list[str]] = []
    for element in root.iter(_FLD_SIMPLE, _FLD_CHAR, _INSTR):
        if element.tag == _FLD_SIMPLE:
            instructions.append(element.get(w("instr"), ""))
        elif element.tag == _INSTR:
            if open_fields:
                open_fields[-1].append(element.text or "")
        else:
            kind = element.get(w("fldCharType"))
            if kind == "begin":
                open_fields.append([])
            elif kind == "end" and open_fields:
                instructions.append("".join(open_fields.pop()))
    instructions.extend("".join(parts) for parts in open_fields)  # unterminated fields still count
    return instructions

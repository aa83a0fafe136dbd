"""The accessibility rules, from the law in ``conventions.md`` (lag 2018:1937 / EN 301 549).

Document language, title, heading order and alt text here; layout done by hand
(empty paragraphs as spacing, typed list numbers, tables) in ``layout``. Each rule
returns ``(location, message)`` pairs; locations name what a case officer
sees: ``paragraf 12`` (the 12th paragraph of the body, counted from 1),
``tabell 2, rad 1, cell 3``, ``sidhuvud (word/header1.xml)``, or the package
part for document-wide settings.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from tjansteskrivelse.accessibility.body import (
    P,
    Para,
    Styles,
    walk_body,
)
from tjansteskrivelse.accessibility.layout import empty_paragraphs, excerpt, table_structure, typed_numbers
from tjansteskrivelse.accessibility.package import NS, VAL, Package, to_int
from tjansteskrivelse.errors import TjsError


def check(package: Package) -> list[tuple[str, str]]:
    """Every accessibility finding: document-wide ones first, then the body in reading order."""
    styles = Styles.parse(package.styles)
    body = package.document.find("w:body", NS)
    if body is None:
        raise TjsError(f"{package.name}: not a Word document (.docx): it has no document body")
    paragraphs, tables, order = walk_body(body)

    findings: list[tuple[str, str]] = []
    findings += _check_language(package)
    findings += _check_title(package)
    findings += _check_headings(paragraphs, styles)
    findings += _check_images(package, paragraphs)
    findings += empty_paragraphs(paragraphs, body)
    findings += typed_numbers(paragraphs, styles)
    findings += table_structure(tables, styles)
    findings.sort(key=lambda item: order.get(item[0], -1))  # stable: document-wide (-1) first
    return findings


def _value(root, path: str, attribute: str | None = None) -> str | None:
    """The stripped text (or ``attribute``) of the element at ``path``; None when absent or blank."""
    element = root.find(path, NS) if root is not None else None
    if element is None:
        return None
    value = element.get(attribute) if attribute else element.text
    return (value or "").strip() or None


def _check_language(package: Package) -> list[tuple[str, str]]:
    lang = _value(package.styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang", VAL) or _value(package.core, "dc:language")
    if lang is None:
        return [
            (
                "word/styles.xml",
                (
                    "no document language (sv-SE) is set, so screen readers "
                    "cannot pick the Swedish voice: in Word choose Review > Language > Set "
                    "Proofing Language > Swedish (Sweden) for the whole text, and set it as default"
                ),
            )
        ]
    if not lang.lower().startswith("sv"):
        return [
            (
                "word/styles.xml",
                (
                    f"the document language is {lang}, not Swedish (sv-SE), so "
                    "screen readers read the text with the wrong voice: if the text is Swedish, "
                    "choose Review > Language > Set Proofing Language > Swedish (Sweden) for the "
                    "whole text, and set it as default"
                ),
            )
        ]
    return []


def _check_title(package: Package) -> list[tuple[str, str]]:
    title = _value(package.core, "dc:title")
    if title is None:
        return [
            (
                "docProps/core.xml",
                (
                    "the document has no title, so a PDF or screen reader "
                    "shows the file name instead: in Word choose File > Info > Properties > "
                    "Title and enter the matter (ärendemening)"
                ),
            )
        ]
    return []


def _check_headings(paragraphs: list[Para], styles: Styles) -> list[tuple[str, str]]:
    found = []
    previous = 0
    for para in paragraphs:
        p_pr = para.element.find("w:pPr", NS)
        style_id = None
        level = None
        if p_pr is not None:
            style = p_pr.find("w:pStyle", NS)
            style_id = style.get(VAL) if style is not None else None
            outline = p_pr.find("w:outlineLvl", NS)
            if outline is not None:
                value = to_int(outline.get(VAL))
                level = value + 1 if value is not None and 0 <= value <= 8 else None
        if style_id is None:
            style_id = styles.default_paragraph
        if level is None:
            level = styles.heading_level(style_id)
        if level is None:
            continue
        if level > previous + 1:
            if previous == 0:
                message = (
                    f"the first heading {excerpt(para.text)} is level {level}: the first heading should be Heading 1"
                )
            else:
                message = (
                    f"heading {excerpt(para.text)} is level {level} right after a "
                    f"level {previous} heading, so a level is skipped: use Heading "
                    f"{previous + 1} here"
                )
            found.append((para.location, message))
        previous = level
    return found


def _is_decorative(doc_pr: etree._Element) -> bool:
    for mark in doc_pr.iterfind("a:extLst/a:ext/adec:decorative", NS):
        if mark.get("val", "0").lower() in ("1", "true", "on"):
            return True
    return False


def _check_images(package: Package, paragraphs: list[Para]) -> list[tuple[str, str]]:
    where = {para.element: para.location for para in paragraphs}

    def body_location(element: etree._Element) -> str:
        for ancestor in element.iterancestors(P):
            if ancestor in where:
                return where[ancestor]
        return "dokumentet"

    found = []
    parts = [(package.document, None)] + [
        (part, _header_footer_location(name)) for name, part in package.headers_footers
    ]
    for part, part_location in parts:
        for doc_pr in part.iter(f"{{{NS['wp']}}}docPr"):
            if (doc_pr.get("descr") or "").strip() or _is_decorative(doc_pr):
                continue
            name = doc_pr.get("name") or "image"
            location = part_location or body_location(doc_pr)
            found.append(
                (
                    location,
                    (
                        f'the image "{name}" has no alt text: right-click it, '
                        "choose Edit Alt Text and describe it (e.g. the logo: "
                        "'<organisation> logotyp'), or mark it as decorative"
                    ),
                )
            )
        for shape in part.iter(f"{{{NS['v']}}}shape"):
            if shape.find("v:imagedata", NS) is None or (shape.get("alt") or "").strip():
                continue
            location = part_location or body_location(shape)
            found.append(
                (
                    location,
                    ("an image (old VML format) has no alt text: right-click it, choose Edit Alt Text and describe it"),
                )
            )
    return found


def _header_footer_location(name: str) -> str:
    kind = "sidhuvud" if "header" in posixpath.basename(name) else "sidfot"
    return f"{kind} ({name})"

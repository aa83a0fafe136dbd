"""Package integrity: what makes Word ask a question or offer a repair when it opens a file.

Each check returns ``(part, message)`` pairs and has a name in ``CHECKS``, so
tests can hold every output to each one. Covered: no ``w:updateFields`` (Word
asks whether to update fields that "may refer to other files"), ``w:zoom``
carries ``w:percent``, every content type, relationship target and ``r:id``
resolves, every numbering id and style reference resolves, the child order of
the property elements and the required attributes of ``schema``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache

from lxml import etree

from tjansteskrivelse.accessibility.package import (
    CONTENT_TYPES,
    NS,
    R_NS,
    VAL,
    W_NS,
    Package,
    is_on,
    rels_name,
    source_of,
    w,
)
from tjansteskrivelse.accessibility.schema import REQUIRED, SEQUENCES, ranks

Found = list[tuple[str, str]]
_PREFIXES = {W_NS: "w", R_NS: "r", NS["m"]: "m", "http://schemas.openxmlformats.org/schemaLibrary/2006/main": "sl"}
_STYLE_REFERENCES = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table", "basedOn": "style"}


def _short(value: str, width: int = 60) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


@lru_cache(maxsize=1024)  # a part has a few hundred distinct tags and tens of thousands of elements
def _qualified(tag: str) -> str | None:
    """``w:pStyle`` for a tag in a namespace the schema here knows; None for extensions."""
    if not tag.startswith("{"):
        return None
    namespace, _, local = tag[1:].partition("}")
    prefix = _PREFIXES.get(namespace)
    return None if prefix is None else f"{prefix}:{local}"


def _parts(package: Package) -> list[tuple[str, etree._Element]]:
    """Every XML part except relationships and content types, parsed."""
    found = []
    for name in package.xml_parts():
        if name == CONTENT_TYPES or name.endswith(".rels"):
            continue
        root = package.xml(name)
        if root is not None:
            found.append((name, root))
    return found


def update_fields(package: Package) -> Found:
    if package.settings is None or not is_on(package.settings.find("w:updateFields", NS)):
        return []
    return [
        (
            "word/settings.xml",
            (
                "w:updateFields makes Word ask on opening whether to update fields that "
                "'may refer to other files'; page numbers update without it: remove it"
            ),
        )
    ]


def zoom(package: Package) -> Found:
    element = package.settings.find("w:zoom", NS) if package.settings is not None else None
    if element is None or element.get(w("percent")) is not None:
        return []
    return [("word/settings.xml", 'w:zoom has no w:percent, which ISO/IEC 29500 requires: add w:percent="100"')]


def content_types(package: Package) -> Found:
    types = package.xml(CONTENT_TYPES)
    if types is None:
        return [(CONTENT_TYPES, "the package has no content types, so Word cannot tell its parts apart")]
    defaults = {(e.get("Extension") or "").lower() for e in types.iterfind("ct:Default", NS)}
    overrides = {(e.get("PartName") or "").lower() for e in types.iterfind("ct:Override", NS)}
    found = []
    for name in sorted(package.names - {CONTENT_TYPES}):
        base = posixpath.basename(name)
        extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""  # ".rels" has the extension "rels"
        if f"/{name}".lower() not in overrides and extension not in defaults:
            found.append(
                (
                    CONTENT_TYPES,
                    (f"no content type for the part {_short(name)}: add an Override or a Default for its extension"),
                )
            )
    return found


def relationship_targets(package: Package) -> Found:
    found = []
    for name in package.xml_parts():
        if name.endswith(".rels"):
            for rel in package.relationships(source_of(name)):
                if not rel.external and rel.target not in package.names:
                    found.append(
                        (
                            name,
                            (
                                f"relationship {_short(rel.id)} ({rel.kind}) points to "
                                f"{_short(rel.target)}, which is not in the package"
                            ),
                        )
                    )
    return found


def relationship_ids(package: Package) -> Found:
    found = []
    for name, root in _parts(package):
        declared = {rel.id for rel in package.relationships(name)}
        used = root.xpath("//@r:*", namespaces={"r": R_NS})
        missing = sorted({str(value) for value in used if value not in declared})
        found += [(name, f"r:id {_short(rid)} is used but not declared in {rels_name(name)}") for rid in missing]
    return found


def numbering(package: Package) -> Found:
    nums: dict[str, str | None] = {}
    abstract: set[str | None] = set()
    if package.numbering is not None:
        for num in package.numbering.iterfind("w:num", NS):
            link = num.find("w:abstractNumId", NS)
            nums[num.get(w("numId"), "")] = link.get(VAL) if link is not None else None
        abstract = {a.get(w("abstractNumId")) for a in package.numbering.iterfind("w:abstractNum", NS)}
    found = [
        (
            "word/numbering.xml",
            (f"numbering {_short(num_id)} refers to abstractNum {_short(str(target))}, which is not defined"),
        )
        for num_id, target in nums.items()
        if target not in abstract
    ]
    for name, root in _parts(package):
        used = {e.get(VAL, "") for e in root.iter(w("numId"))} - {"0"}
        found += [
            (name, f"numbering id {_short(num_id)} is used but not defined in word/numbering.xml")
            for num_id in sorted(used - set(nums))
        ]
    return found


def style_references(package: Package) -> Found:
    defined = set()
    if package.styles is not None:
        defined = {style.get(w("styleId")) for style in package.styles.iterfind("w:style", NS)}
    found = []
    for name, root in _parts(package):
        for tag, kind in _STYLE_REFERENCES.items():
            missing = sorted({e.get(VAL, "") for e in root.iter(w(tag))} - defined)
            found += [
                (name, (f"w:{tag} refers to the {kind} style {_short(style_id)}, which styles.xml does not define"))
                for style_id in missing
            ]
    return found


def element_order(package: Package) -> Found:
    found = []
    orders = {w(tag): (tag, ranks(sequence)) for tag, sequence in SEQUENCES.items()}
    for name, root in _parts(package):
        by_tag: dict[str, list[str]] = {tag: [] for tag in SEQUENCES}  # said check by check, as before
        for parent in root.iter(*orders):  # one walk of the part for every checked element
            tag, rank = orders[parent.tag]
            by_tag[tag] += _order_of(parent, tag, rank)
        found += [(name, message) for message in dict.fromkeys(m for ms in by_tag.values() for m in ms)]
    return found


def _order_of(parent: etree._Element, tag: str, rank: dict[str, int]) -> list[str]:
    problems = []
    highest, highest_name = -1, ""
    for child in parent:
        qualified = _qualified(child.tag) if isinstance(child.tag, str) else None
        if qualified is None:
            continue  # comments, processing instructions, extensions
        local = qualified.removeprefix("w:")
        place = rank.get(local)
        if place is None:
            problems.append(f"{qualified} is not allowed in w:{tag} (ISO/IEC 29500)")
        elif place < highest:
            problems.append(f"in w:{tag}, {qualified} must come before w:{highest_name} (ISO/IEC 29500 order)")
        else:
            highest, highest_name = place, local
    return problems


def required_attributes(package: Package) -> Found:
    found = []
    required = {
        w(local): [
            (
                f"{{{R_NS if prefix == 'r' else W_NS}}}{attribute}",
                f"w:{local} has no {prefix}:{attribute}, which ISO/IEC 29500 requires",
            )
            for prefix, _, attribute in (a.partition(":") for a in attributes)
        ]
        for local, attributes in REQUIRED.items()
    }
    for name, root in _parts(package):
        missing: set[str] = set()  # each problem said once per part
        for element in root.iter(*required):  # one walk of the part
            missing.update(message for key, message in required[element.tag] if element.get(key) is None)
        found += [(name, m) for attributes in required.values() for _, m in attributes if m in missing]
    return found


CHECKS: dict[str, Callable[[Package], Found]] = {
    "update-fields": update_fields,
    "zoom": zoom,
    "content-types": content_types,
    "relationship-targets": relationship_targets,
    "relationship-ids": relationship_ids,
    "numbering": numbering,
    "style-references": style_references,
    "element-order": element_order,
    "required-attributes": required_attributes,
}


def check(package: Package) -> Found:
    """Every integrity problem, check by check."""
    return [finding for run in CHECKS.values() for finding in run(package)]

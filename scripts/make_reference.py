"""Build ``templates/referens.docx``, the reference document tjs writes into.

Run from the repository root::

    python scripts/make_reference.py [OUTPUT]

The result is deterministic (same python-docx, same bytes), so the committed
.docx can be reviewed through this script. It starts from python-docx's
default template, prunes what a memo does not need (theme-font references,
70 unused table styles, stylesWithEffects, thumbnail, bibliography part),
scrubs every trace of "python-docx" from the package, and sets up:

* page: A4, margins 25 mm (top and bottom 20 mm), header/footer distance
  12 mm, a different first page (``w:titlePg``);
* language sv-SE on docDefaults and every paragraph/character style;
* fonts: body Garamond 12 pt, headings and header/footer text Arial;
* real numbering: ``List Number``/``2``/``3`` use levels 0/1/2 of one decimal
  abstractNum (``%1.``, ``%2.``, ...), ``List Bullet``/``2``/``3`` levels of
  one bullet abstractNum; ``List Continue``/``2``/``3`` (a list item's later
  paragraphs) are indented to the items' text;
* the custom styles the templates use (see ``CUSTOM_PARAGRAPH_STYLES``) and
  the borderless table style ``Layouttabell``.

Placeholders in the headers and footers (filled by ``writer.write_document``;
a paragraph holding only a *block* placeholder is replaced by the paragraphs
rendered from Markdown, or removed when that Markdown is empty):

First-page header (style ``Header``; tab stops: left 9 cm, right 16 cm)::

    {{ sekretessrad }}                          block: secrecy marking, may be ""
    {{ logotyp }}                               block: the logo image, may be ""
    {{ organisation }}<TAB>{{ dokumenttyp }}<TAB>{{ sidetikett }}{{ sida }} ({{ sidor }})
    {{ sidhuvud }}                              block: date, unit, officer, dnr ...

Header of pages 2+::

    {{ sekretessrad }}                          block
    {{ organisation }}<TAB>{{ diarienummer }}<TAB>{{ sidetikett }}{{ sida }} ({{ sidor }})
    {{ sidhuvud_foljande }}                     block: an extract's organ, meeting date, "forts. § 145"

Footer of the first page, and of pages 2+::

    {{ sidfot }}                                block
    {{ sidfot_foljande }}                       block: differs with ``sidfot_sidor: forsta``

``{{ sida }}``/``{{ sidor }}`` become PAGE/NUMPAGES fields; the other inline
placeholders (``organisation``, ``dokumenttyp``, ``diarienummer``, and
``sidetikett``, the page label such as ``Sida `` or nothing) are replaced by
plain text.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tjansteskrivelse.writer import REQUIRED_STYLES, Reference, deterministic_zip  # noqa: E402

OUTPUT = ROOT / "templates" / "referens.docx"
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LANGUAGE = "sv-SE"
BODY_FONT = "Garamond"
HEADING_FONT = "Arial"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
LEFT = RIGHT = Mm(25)
TOP = BOTTOM = Mm(20)
HDR_DISTANCE = FTR_DISTANCE = Mm(12)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 160 mm
MIDDLE_TAB = Cm(9)

KEPT_TABLE_STYLES = {"Normal Table", "Table Grid"}

#: name -> (font, size pt, bold, caps, space before pt, space after pt, alignment, extra)
CUSTOM_PARAGRAPH_STYLES: dict[str, tuple[str, int, bool, bool, int, int, Any, dict[str, Any]]] = {
    "Etikett": (HEADING_FONT, 7, False, False, 0, 0, None, {"keep_with_next": True}),
    "Sidhuvudtext": (HEADING_FONT, 10, False, False, 0, 4, None, {}),
    "Dokumenttyp": (HEADING_FONT, 12, True, True, 0, 0, None, {}),
    "Sekretess": (HEADING_FONT, 10, True, False, 0, 6, WD_ALIGN_PARAGRAPH.RIGHT, {}),
    "Utkast": (HEADING_FONT, 20, True, True, 0, 12, None, {}),
    "Mottagare": (BODY_FONT, 12, False, False, 0, 0, None, {"left_indent": MIDDLE_TAB}),
    "Paragrafrad": (HEADING_FONT, 11, True, False, 12, 6, None, {"tab": MIDDLE_TAB, "keep_with_next": True}),
    "Underskrift": (BODY_FONT, 12, False, False, 0, 0, None, {"keep_with_next": True}),
    # A signer's name and title are one paragraph (a line break between): kept on one page.
    "Underskriftsnamn": (BODY_FONT, 12, False, False, 24, 0, None, {"keep_with_next": True, "keep_together": True}),
    "Sidfotstext": (HEADING_FONT, 8, False, False, 0, 0, None, {}),
    "Parter": (BODY_FONT, 12, False, False, 0, 0, None, {}),
}

HEADINGS = {1: (16, 18), 2: (13, 12), 3: (12, 12), 4: (12, 6)}  # level -> (size pt, space before pt)

# Indentation of list levels (twips): level n has left = 425 * (n + 1), hanging 425.
LIST_STEP = 425
BULLETS = ["\u2022", "\u2013", "\u25aa"]


def _scrub_theme_fonts(styles_el) -> None:
    """Drop theme-font attributes, so explicit fonts (and LibreOffice) apply."""
    for rfonts in styles_el.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
    for color in list(styles_el.iter(qn("w:color"))):
        color.getparent().remove(color)


def _set_lang(rpr) -> None:
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = rpr._add_lang() if hasattr(rpr, "_add_lang") else None
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _defaults(document) -> None:
    styles_el = document.styles.element
    rpr = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.clear()
    rpr.append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
            f'w:eastAsia="{BODY_FONT}" w:cs="Times New Roman"/>'
        )
    )
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="24"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="24"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>'))
    ppr = styles_el.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.clear()
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="120" w:line="240" w:lineRule="auto"/>'))


def _prune_styles(document) -> None:
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in KEPT_TABLE_STYLES:
            style.delete()
    latent = document.styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        document.styles.element.remove(latent)
    for rsid in list(document.styles.element.iter(qn("w:rsid"))):
        rsid.getparent().remove(rsid)


def _font(style, name: str, size: float, bold: bool | None = None) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(style, before: float | None = None, after: float | None = None) -> None:
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)


def _numbering(document) -> tuple[int, int]:
    """Replace numbering.xml with one decimal and one bullet multi-level list."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)

    def levels(kind: str) -> str:
        out = []
        for ilvl in range(9):
            if kind == "decimal":
                fmt, text, rpr = "decimal", f"%{ilvl + 1}.", ""
            else:
                fmt, text = "bullet", BULLETS[ilvl % len(BULLETS)]
                rpr = f'<w:rPr><w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}"/></w:rPr>'
            left = LIST_STEP * (ilvl + 1)
            out.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_STEP}"/></w:pPr>{rpr}</w:lvl>'
            )
        return "".join(out)

    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="0"><w:nsid w:val="5A1C0001"/>'
            f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5A1C1001"/>{levels("decimal")}</w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="1"><w:nsid w:val="5A1C0002"/>'
            f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5A1C1002"/>{levels("bullet")}</w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="1"><w:abstractNumId w:val="0"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="2"><w:abstractNumId w:val="1"/></w:num>'))
    return 1, 2


def _link_list_styles(document, number_id: int, bullet_id: int) -> None:
    # No style other than ours may point at a (now deleted) numbering definition.
    for num_pr in list(document.styles.element.iter(qn("w:numPr"))):
        num_pr.getparent().remove(num_pr)
    for base, num_id in (("List Number", number_id), ("List Bullet", bullet_id)):
        for depth in (1, 2, 3):
            name = base if depth == 1 else f"{base} {depth}"
            style = document.styles[name]
            ppr = style.element.get_or_add_pPr()
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = depth - 1
            num_pr.get_or_add_numId().val = num_id
            for spacing in ppr.findall(qn("w:contextualSpacing")):
                ppr.remove(spacing)
            style.paragraph_format.left_indent = LIST_STEP * depth * 635  # twips -> EMU
            style.paragraph_format.first_line_indent = -LIST_STEP * 635
            _para(style, after=3)
    for depth in (1, 2, 3):  # a list item's later paragraphs: aligned with the item's text, unnumbered
        style = document.styles["List Continue" if depth == 1 else f"List Continue {depth}"]
        style.paragraph_format.left_indent = LIST_STEP * depth * 635
        _para(style, after=3)


def _styles(document) -> None:
    styles = document.styles
    _prune_styles(document)
    _scrub_theme_fonts(styles.element)
    _defaults(document)

    normal = styles["Normal"]
    _font(normal, BODY_FONT, 12)
    _para(normal, before=0, after=6)

    for level, (size, before) in HEADINGS.items():
        style = styles[f"Heading {level}"]
        _font(style, HEADING_FONT, size, bold=True)
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _para(style, before=before, after=6 if level < 4 else 3)
        style.paragraph_format.keep_with_next = True

    for name, size in (("Header", 10), ("Footer", 8)):
        style = styles[name]
        _font(style, HEADING_FONT, size)
        tabs = style.paragraph_format.tab_stops
        for stop in list(tabs):
            tabs._pPr.tabs.remove(stop._tab)
        tabs.add_tab_stop(MIDDLE_TAB, WD_TAB_ALIGNMENT.LEFT)
        tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        _para(style, before=0, after=0)

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.base_style = styles["Default Paragraph Font"]
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    link.unhide_when_used = True

    for name, (font, size, bold, caps, before, after, align, extra) in CUSTOM_PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal if not name.startswith("Underskrift") else style
        style.quick_style = True
        _font(style, font, size, bold=bold)
        if caps:
            style.font.all_caps = True
        _para(style, before=before, after=after)
        if align is not None:
            style.paragraph_format.alignment = align
        if extra.get("keep_with_next"):
            style.paragraph_format.keep_with_next = True
        if extra.get("keep_together"):
            style.paragraph_format.keep_together = True
        if "left_indent" in extra:
            style.paragraph_format.left_indent = extra["left_indent"]
        if "tab" in extra:
            style.paragraph_format.tab_stops.add_tab_stop(extra["tab"], WD_TAB_ALIGNMENT.LEFT)

    _quote_and_footnote_styles(styles, normal)

    layout = styles.add_style("Layouttabell", WD_STYLE_TYPE.TABLE)
    layout.base_style = styles["Normal Table"]
    layout.element.append(
        parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
            + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    )

    number_id, bullet_id = _numbering(document)
    _link_list_styles(document, number_id, bullet_id)

    # Language on every paragraph and character style (docDefaults hold it too).
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_lang(style.element.get_or_add_rPr())


def _quote_and_footnote_styles(styles, normal) -> None:
    """Block quotes (``> …``) and footnotes (``[^1]``), under Word's built-in names and ids."""
    names = {s.name for s in styles}
    quote = styles["Quote"] if "Quote" in names else styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH)
    quote.style_id = "Quote"
    quote.base_style = normal
    quote.next_paragraph_style = normal
    quote.quick_style = True
    _font(quote, BODY_FONT, 12)
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    _para(quote, before=6, after=6)

    text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = "FootnoteText"
    text.base_style = normal
    text.unhide_when_used = True
    _font(text, BODY_FONT, 9)
    _para(text, before=0, after=0)

    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id = "FootnoteReference"
    reference.base_style = styles["Default Paragraph Font"]
    reference.font.superscript = True
    reference.unhide_when_used = True


def _placeholder(container, text: str, style: str, bold_part: str | None = None):
    paragraph = container.add_paragraph(style=style)
    if bold_part is None:
        paragraph.add_run(text)
    else:
        before, after = text.split(bold_part)
        paragraph.add_run(before)
        paragraph.add_run(bold_part).bold = True
        paragraph.add_run(after)
    return paragraph


def _clear(part_owner) -> None:
    element = part_owner._element
    for child in list(element):
        element.remove(child)


def _section(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance, section.footer_distance = HDR_DISTANCE, FTR_DISTANCE
    section.gutter = 0
    section.different_first_page_header_footer = True

    first = section.first_page_header
    first.is_linked_to_previous = False
    _clear(first)
    _placeholder(first, "{{ sekretessrad }}", "Header")
    _placeholder(first, "{{ logotyp }}", "Header")
    _placeholder(
        first,
        "{{ organisation }}\t{{ dokumenttyp }}\t{{ sidetikett }}{{ sida }} ({{ sidor }})",
        "Header",
        bold_part="{{ dokumenttyp }}",
    ).paragraph_format.space_after = Pt(12)
    _placeholder(first, "{{ sidhuvud }}", "Header")

    header = section.header
    header.is_linked_to_previous = False
    _clear(header)
    _placeholder(header, "{{ sekretessrad }}", "Header")
    org_line = _placeholder(
        header, "{{ organisation }}\t{{ diarienummer }}\t{{ sidetikett }}{{ sida }} ({{ sidor }})", "Header"
    )
    org_line.paragraph_format.space_after = Pt(12)
    _placeholder(header, "{{ sidhuvud_foljande }}", "Header")

    # The later pages' footer has its own block, so footer lines can stand on the first page only.
    for footer, block in ((section.first_page_footer, "{{ sidfot }}"), (section.footer, "{{ sidfot_foljande }}")):
        footer.is_linked_to_previous = False
        _clear(footer)
        _placeholder(footer, block, "Footer")


def _body(document) -> None:
    body = document._body
    body.clear_content()
    document.add_paragraph(
        "Referensdokument för tjs. Brödtexten ersätts när ett dokument skrivs; "
        "sidhuvud, sidfot, sidinställningar och formatmallar behålls.",
        style="Normal",
    )


def _package(document) -> None:
    part = document.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            part.drop_rel(rId)
    package_rels = part.package.rels
    for rId, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rId]

    props = document.core_properties
    props.title = "Referensdokument för tjs"
    props.subject = ""
    props.author = "tjansteskrivelse"
    props.last_modified_by = "tjansteskrivelse"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = LANGUAGE
    props.revision = 1
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)

    settings = document.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), LANGUAGE)
    for rsids in list(settings.iter(qn("w:rsids"))):
        rsids.getparent().remove(rsids)
    for zoom in settings.iter(qn("w:zoom")):
        zoom.set(qn("w:percent"), "100")  # required by ISO/IEC 29500; python-docx's default lacks it


def build() -> bytes:
    document = docx.Document()
    _styles(document)
    _section(document)
    _body(document)
    _package(document)
    from io import BytesIO

    buffer = BytesIO()
    document.save(buffer)
    data = deterministic_zip(buffer.getvalue())
    if b"python-docx" in data or b"python-docx" in _all_parts_text(data):
        raise SystemExit("the reference still mentions python-docx")
    return data


def _all_parts_text(data: bytes) -> bytes:
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    data = build()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    Reference.load(output)  # validates REQUIRED_STYLES and the package
    print(f"wrote {output} ({len(data)} bytes, {len(REQUIRED_STYLES)} required styles present)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

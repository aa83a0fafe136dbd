"""The parts of the ISO/IEC 29500 transitional schema (WordprocessingML) that the integrity check enforces.

Child order of the property elements, as the schema's sequences give it
(CT_PPr, CT_RPr, CT_SectPr, CT_TblPr, CT_TrPr, CT_TcPr, CT_Settings),
transcribed from python-docx's ``_tag_seq`` tuples and completed where those
leave the schema out: the header/footer references that open ``w:sectPr``,
the revision marks around a paragraph mark's ``w:rPr``. Names without a prefix
are in the ``w`` namespace. Elements of other namespaces (extensions, markup
compatibility) are not ordered here: Word skips the ones it does not know.

The required attributes are those the schema marks ``use="required"`` on the
elements tjs writes or reads; ``w:zoom``'s ``w:percent`` has a check of its own.
"""

from __future__ import annotations

P_PR = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)

R_PR = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)

SECT_PR = (
    "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType",
    "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange",
)

TBL_PR = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
    "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
)

TR_PR = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)

TC_PR = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
    "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
)

SETTINGS = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
    "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
    "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
    "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
    "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
    "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat",
    "docVars", "rsids", "m:mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "sl:schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)

# A paragraph mark's run properties (CT_ParaRPr) open with revision marks; any rPr may close with one.
R_PR_FULL = ("ins", "del", "moveFrom", "moveTo", *R_PR, "rPrChange")
# EG_HdrFtrReferences: up to three of each, in any order, before everything else.
SECT_PR_FULL = ("headerReference|footerReference", *SECT_PR)

SEQUENCES: dict[str, tuple[str, ...]] = {
    "pPr": P_PR,
    "rPr": R_PR_FULL,
    "sectPr": SECT_PR_FULL,
    "tblPr": TBL_PR,
    "trPr": TR_PR,
    "tcPr": TC_PR,
    "settings": SETTINGS,
}

VAL_REQUIRED = (
    "pStyle", "rStyle", "tblStyle", "numId", "ilvl", "outlineLvl", "basedOn", "next", "link", "jc", "sz", "szCs",
    "color", "highlight", "vertAlign", "shd", "abstractNumId", "defaultTabStop", "numFmt",
)
REQUIRED: dict[str, tuple[str, ...]] = {
    **{name: ("w:val",) for name in VAL_REQUIRED},
    "headerReference": ("w:type", "r:id"),
    "footerReference": ("w:type", "r:id"),
    "num": ("w:numId",),
    "abstractNum": ("w:abstractNumId",),
    "lvl": ("w:ilvl",),
    "compatSetting": ("w:name", "w:uri", "w:val"),
}


def ranks(sequence: tuple[str, ...]) -> dict[str, int]:
    """Each element name's place in ``sequence``; names joined by ``|`` share a place."""
    return {name: place for place, names in enumerate(sequence) for name in names.split("|")}

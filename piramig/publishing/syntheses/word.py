"""A French Word document (python-docx) in the syntheses' style: A4, Arial (LibreOffice draws it with the metric-
compatible Liberation Sans), headings in bleu France, tables with a shaded header row repeated on each page,
figures right-aligned, a footer with the document's name and its page number, and the marked boxes in which a
coordinator writes the qualitative analysis. The text is escaped by python-docx: nothing written is markup."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

BLEU_FRANCE = RGBColor(0x00, 0x00, 0x91)
ROUGE_MARIANNE = RGBColor(0xE1, 0x00, 0x0F)
GRIS = RGBColor(0x66, 0x66, 0x66)
GRIS_FONCE = RGBColor(0x3A, 0x3A, 0x3A)
HEADER_FILL = "E3E3FD"  # bleu France, its lightest tint
ANALYSIS_FILL = "FFF4D6"
FONT = "Arial"
ANALYSIS = "Analyse qualitative : à compléter"
CHART_WIDTH_CM = 16
TWIPS_PER_CM = 567
# Characters XML 1.0 cannot hold (a control character a file carried into a PASS's name): dropped.
UNWRITABLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def clean(text) -> str:
    return str(text).translate(UNWRITABLE)


def xml_text(text) -> str:
    return escape(clean(text))


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay the page out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


# The styles the documents use (and those they rest on); python-docx's template brings 164 and a copy of them all
# "with effects", which every office would load for nothing.
USED_STYLES = {"Normal", "Title", "TitleChar", "Heading1", "Heading1Char", "Heading2", "Heading2Char", "Heading3",
               "Heading3Char", "ListBullet", "ListParagraph", "TableGrid", "TableNormal", "DefaultParagraphFont",
               "NoList", "Footer", "FooterChar", "Header", "HeaderChar"}
UNUSED_PARTS = ("/stylesWithEffects", "/metadata/thumbnail")


def _slim(document) -> None:
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in USED_STYLES:
            styles.remove(style)
    for rels in (document.part.rels, document.part.package.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(UNUSED_PARTS):
                rels.pop(key)


def _language(style, language: str = "fr-FR") -> None:
    properties = style.element.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), language)
    properties.append(element)


class WordDocument:
    def __init__(self, title: str, footer: str):
        self.document = Document()
        _slim(self.document)
        properties = self.document.core_properties
        properties.title, properties.author, properties.language = title, "PIRAMIG", "fr-FR"
        properties.comments = "Projet généré à partir de l'entrepôt PIRAMIG publié ; analyses qualitatives à compléter."
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(10)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(4)
        _language(normal)
        for name, size in (("Title", 26), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
            style = styles[name]
            style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLEU_FRANCE
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)  # the template's theme font would win over ours
            style.paragraph_format.keep_with_next = True
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(f"{footer} — page ")
        run.font.size, run.font.color.rgb = Pt(8), GRIS
        _field(paragraph, "PAGE")
        for run in paragraph.runs:
            run.font.size = Pt(8)

    # Text
    def heading(self, text: str, level: int = 1):
        return self.document.add_heading(clean(text), level)

    def paragraph(self, text: str = "", bold: bool = False, italic: bool = False, size: float | None = None,
                  color: RGBColor | None = None, align=None, space_after: float | None = None):
        paragraph = self.document.add_paragraph()
        if text:
            run = paragraph.add_run(clean(text))
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
            if color is not None:
                run.font.color.rgb = color
        if align is not None:
            paragraph.alignment = align
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        return paragraph

    def bullet(self, text: str):
        return self.document.add_paragraph(clean(text), style="List Bullet")

    def source(self, text: str):
        return self.paragraph(text, italic=True, size=8, color=GRIS, space_after=10)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Tables, written as WordprocessingML directly: python-docx's cell-by-cell API costs a second a document.
    def table(self, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None,
              bold_last: bool = False, numeric_from: int = 1) -> None:
        widths = [round(w * TWIPS_PER_CM) for w in (widths_cm or [17 / len(header)] * len(header))]

        def cell(text: str, width: int, right: bool, bold: bool, fill: str | None = None) -> str:
            shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            justify = '<w:jc w:val="right"/>' if right else ""
            weight = "<w:b/>" if bold else ""
            return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr><w:p><w:pPr>'
                    f'<w:spacing w:before="0" w:after="0"/>{justify}</w:pPr><w:r><w:rPr>{weight}<w:sz w:val="17"/>'
                    f'</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p></w:tc>')

        head = "".join(cell(text, width, index >= numeric_from, True, HEADER_FILL)
                       for index, (text, width) in enumerate(zip(header, widths, strict=True)))
        body = "".join(
            '<w:tr><w:trPr><w:cantSplit/></w:trPr>'
            + "".join(cell(text, width, index >= numeric_from, bold_last and number == len(rows))
                      for index, (text, width) in enumerate(zip(values, widths, strict=True)))
            + "</w:tr>"
            for number, values in enumerate(rows, start=1))
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        self._append(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="dxa" w:w="{sum(widths)}"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>')

    def _append(self, xml: str) -> None:
        """A block element (a table) at the end of the body, before the section properties."""
        body = self.document.element.body
        body.find(qn("w:sectPr")).addprevious(parse_xml(xml))

    def chart(self, png: bytes, source: str | None = None) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = source is not None
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        if source:
            self.source(source)

    def analysis(self) -> None:
        """The marked place where the coordinator writes: a shaded box, its title, and room to type."""
        self.paragraph(space_after=0)
        self._append(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="dxa" w:w="9638"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="9638"/></w:tblGrid><w:tr><w:tc>'
            f'<w:tcPr><w:tcW w:type="dxa" w:w="9638"/><w:shd w:val="clear" w:color="auto" w:fill="{ANALYSIS_FILL}"/>'
            f'</w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="{ROUGE_MARIANNE}"/>'
            f'</w:rPr><w:t>{ANALYSIS}</w:t></w:r></w:p><w:p><w:r><w:rPr><w:i/><w:color w:val="{GRIS}"/>'
            '<w:sz w:val="18"/></w:rPr><w:t>Constats, explications des écarts, actions engagées ou prévues '
            '(remplacez ce texte).</w:t></w:r></w:p><w:p/></w:tc></w:tr></w:tbl>')
        self.paragraph(space_after=6)

    def save(self, path: Path) -> None:
        self.document.save(str(path))

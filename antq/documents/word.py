"""DOCX in the administrative layout of Nghị định 30/2020/NĐ-CP, written with python-docx.

`Writer` holds the page set-up, the two-column header, body paragraphs, tables, the recipients and signature
block; `report_docx` prints a Báo cáo from a ReportDocument and its content, and the team forms
(antq/documents/team_forms.py) use the same Writer, so every document ANTQ prints looks alike."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from antq.documents import layout
from antq.documents.content import body_blocks
from antq.reporting import charts

JUSTIFY, CENTER = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
TEXT_WIDTH_CM = (layout.PAGE["width"] - layout.PAGE["left"] - layout.PAGE["right"]) / 10  # 16,5 cm
HEADER_LEFT_CM = 6.5
HEADER_RIGHT_CM = TEXT_WIDTH_CM - HEADER_LEFT_CM


def _set_font(run_or_style: Any, *, size: float | None = None, bold: bool | None = None, italic: bool | None = None):
    font = run_or_style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _rule(paragraph: Paragraph) -> None:
    """A solid line under the paragraph, as wide as the paragraph's indents leave (the header's short rules)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _cell_width(cell: Any, cm: float) -> None:
    cell.width = Cm(cm)


def _column_widths(table: Table, widths: Sequence[float]) -> None:
    """The grid's column widths (LibreOffice lays tables out from these, Word from the cells' own widths)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


class Writer:
    """One DOCX in the Nghị định 30/2020/NĐ-CP layout: A4, margins, Times New Roman, page numbers from page 2."""

    def __init__(self, *, footer: str = "") -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(layout.PAGE["width"]), Mm(layout.PAGE["height"])
        section.top_margin, section.bottom_margin = Mm(layout.PAGE["top"]), Mm(layout.PAGE["bottom"])
        section.left_margin, section.right_margin = Mm(layout.PAGE["left"]), Mm(layout.PAGE["right"])
        section.header_distance = section.footer_distance = Mm(10)
        normal = self.doc.styles["Normal"]
        normal.font.name = layout.FONT
        normal.font.size = Pt(layout.BODY_PT)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), layout.FONT)
        self.doc.core_properties.language = "vi-VN"
        # Page numbers centred at the top from page 2 (the first page has its own, empty header).
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        number._p.append(field)
        if footer:
            for part in (section.footer, section.first_page_footer):
                line = part.paragraphs[0]
                line.alignment = CENTER
                _set_font(line.add_run(footer), size=12, italic=True)
        table_style = self.doc.styles.add_style("ANTQ bảng", 1)  # 1 = paragraph style
        table_style.base_style = normal
        table_style.font.size = Pt(10.5)
        table_style.paragraph_format.space_before = Pt(1)
        table_style.paragraph_format.space_after = Pt(1)
        table_style.paragraph_format.line_spacing = 1.0
        self.table_style = table_style

    # --- building blocks -----------------------------------------------------------------------------------

    def para(
        self,
        text: str = "",
        *,
        align: Any = JUSTIFY,
        bold: bool = False,
        italic: bool = False,
        size: float = layout.BODY_PT,
        indent: bool = True,
        before: float = layout.PARAGRAPH_SPACING_PT,
        container: Any = None,
    ) -> Paragraph:
        """A body paragraph: justified, first-line indent 1,27 cm, 6 pt before, line spacing 1,15."""
        paragraph = (container or self.doc).add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(0)
        fmt.line_spacing = layout.LINE_SPACING
        if indent:
            fmt.first_line_indent = Cm(layout.FIRST_LINE_INDENT_CM)
        if text:
            _set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
        return paragraph

    def _cell_line(
        self, cell: Any, text: str, *, first: bool = False, size: float = layout.HEADER_PT, **style: Any
    ) -> Paragraph:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = style.pop("align", CENTER)
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        if text:
            _set_font(paragraph.add_run(text), size=size, **style)
        return paragraph

    def _short_rule(self, cell: Any, width_cm: float, rule_cm: float) -> None:
        paragraph = self._cell_line(cell, "", size=2)
        margin = max((width_cm - rule_cm) / 2, 0)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(margin)
        _set_font(paragraph.add_run(""), size=2)
        _rule(paragraph)

    def _layout_table(self, rows: int, widths: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _column_widths(table, widths)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                _cell_width(cell, width)
        return table

    def header(self, *, parent_body: str, issuing_body: str, number_line: str, date_line: str) -> None:
        """The two-column header: parent body (caps, regular) over issuing body (caps, bold) and a short rule;
        the national name (caps, bold) over the motto (bold) and its rule; then "Số: …" and the date line."""
        table = self._layout_table(2, [HEADER_LEFT_CM, HEADER_RIGHT_CM])
        left, right = table.cell(0, 0), table.cell(0, 1)
        # Line breaks between word groups (layout.header_lines), the same lines as the PDF.
        if parent_body:
            self._cell_line(left, "\n".join(layout.header_lines(parent_body)), first=True)
        self._cell_line(left, "\n".join(layout.header_lines(issuing_body)), first=not parent_body, bold=True)
        self._short_rule(left, HEADER_LEFT_CM, 2.5)
        self._cell_line(right, layout.NATION_NAME, first=True, bold=True, size=12)
        self._cell_line(right, layout.MOTTO, bold=True, size=layout.BODY_PT)
        self._short_rule(right, HEADER_RIGHT_CM, 6.2)
        number = self._cell_line(table.cell(1, 0), number_line, first=True)
        number.paragraph_format.space_before = Pt(6)
        date = self._cell_line(table.cell(1, 1), date_line, first=True, italic=True, size=layout.BODY_PT)
        date.paragraph_format.space_before = Pt(6)

    def title(self, kind: str, subject: str) -> None:
        """ "BÁO CÁO" (bold caps) and the subject (bold) centred in evenly balanced lines (layout.balanced_lines),
        with a short rule below."""
        kind_line = self.para(kind.upper(), align=CENTER, bold=True, indent=False, before=18)
        kind_line.paragraph_format.keep_with_next = True
        lines = self.para(align=CENTER, indent=False, before=0)
        lines.paragraph_format.keep_with_next = True
        for index, line in enumerate(layout.balanced_lines(subject)):
            run = lines.add_run()
            if index:
                run.add_break()  # a line break inside the paragraph: the lines stay one centred title
            run.add_text(line)
            _set_font(run, size=layout.BODY_PT, bold=True)
        rule = self.para(align=CENTER, indent=False, before=0, size=2)
        margin = (TEXT_WIDTH_CM - 4) / 2
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(margin)
        _set_font(rule.add_run(""), size=2)
        _rule(rule)

    def image(self, png: bytes, caption: str, *, aspect: float) -> None:
        """A centred picture at most 15,5 cm wide and 12 cm tall (`aspect` = height ÷ width), with a caption."""
        picture = self.para(align=CENTER, indent=False)
        picture.paragraph_format.keep_with_next = True  # the picture stays with its caption
        width = min(15.5, 12 / aspect)
        picture.add_run().add_picture(io.BytesIO(png), width=Cm(width))
        self.para(caption, align=CENTER, italic=True, size=12, indent=False, before=0)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        numeric_from: int | None = 2,
    ) -> Table:
        """A bordered table (10,5 pt); columns from `numeric_from` on are right-aligned figures. Rows are written
        straight into the XML: python-docx's cell lookup walks the whole table per call, which a 150-commune
        table would pay 150 times."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _column_widths(table, widths)
        for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
            _cell_width(cell, width)
            paragraph = cell.paragraphs[0]
            paragraph._p.style = self.table_style.style_id
            paragraph.alignment = CENTER
            _set_font(paragraph.add_run(text), bold=True)
        margins = OxmlElement("w:tblCellMar")  # narrow cell margins: figures fit their columns
        for side in ("w:left", "w:right"):
            margin = OxmlElement(side)
            margin.set(qn("w:w"), "57")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
        header_row = table.rows[0]._tr.get_or_add_trPr()
        header_row.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
        tbl = table._tbl
        for values in rows:
            tr = tbl.add_tr()
            for index, (text, width) in enumerate(zip(values, widths, strict=True)):
                tc = tr.add_tc()
                tc.width = Cm(width)
                p = tc.p_lst[0] if tc.p_lst else tc.add_p()  # a new cell comes with its empty paragraph
                p.style = self.table_style.style_id  # by id: assigning the style object looks it up every time
                paragraph = Paragraph(p, table)
                numeric = numeric_from is not None and index >= numeric_from
                paragraph.alignment = RIGHT if numeric else (CENTER if index == 0 else LEFT)
                paragraph.add_run(text)
        return table

    def signature(self, *, recipients: Sequence[str], lines: Sequence[str], name: str) -> None:
        """ "Nơi nhận:" (bold italic 12) with recipient lines (11) on the left; the signer's title lines (bold
        caps) and name (bold) on the right, with room for the signature and seal."""
        table = self._layout_table(1, [7.0, TEXT_WIDTH_CM - 7.0])
        left, right = table.cell(0, 0), table.cell(0, 1)
        heading = self._cell_line(
            left, "Nơi nhận:" if recipients else "", first=True, bold=True, italic=True, size=layout.RECIPIENTS_TITLE_PT
        )
        heading.alignment = LEFT
        heading.paragraph_format.space_before = Pt(12)
        for line in recipients:
            self._cell_line(left, line, size=layout.RECIPIENTS_PT, align=LEFT)
        for index, line in enumerate(lines):
            paragraph = self._cell_line(right, line, first=index == 0, bold=True, size=layout.BODY_PT)
            if index == 0:
                paragraph.paragraph_format.space_before = Pt(12)
        for _ in range(4):
            self._cell_line(right, "")
        self._cell_line(right, name, bold=True, size=layout.BODY_PT)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def chart_png(chart: dict[str, Any]) -> bytes:
    return charts.bar_chart(
        chart["labels"],
        [float(Decimal(v)) for v in chart["values"]],
        title=chart["title"],
        unit=chart["unit"],
        fmt="png",
    )


def chart_aspect(chart: dict[str, Any]) -> float:
    """Height ÷ width of antq.reporting.charts.bar_chart's figure (7,5 in wide; 0,28 in per bar + 1, ≥ 2 in)."""
    bars = min(len(chart["labels"]), 30)
    return max(2.0, 0.28 * bars + 1.0) / 7.5


def report_docx(document: Any) -> bytes:
    """The Báo cáo sơ kết / tổng kết as DOCX: header, title, sections I–III, signature, then the appendix."""
    content = document.content
    writer = Writer(footer=layout.UNAPPROVED if content.get("source") != "approved" else "")
    writer.header(
        parent_body=document.parent_body,
        issuing_body=document.issuing_body,
        number_line=document.number_line,
        date_line=layout.document_date_line(document),
    )
    writer.title("Báo cáo", document.subject)
    for block in body_blocks(document):
        kind, text = block["kind"], block["text"]
        # A heading is kept with the paragraph after it: never alone at the foot of a page.
        if kind == "heading":
            writer.para(text, bold=True, before=12).paragraph_format.keep_with_next = True
        elif kind == "subheading":
            writer.para(text, bold=True).paragraph_format.keep_with_next = True
        elif kind == "note":
            writer.para(text, italic=True)
        elif kind == "chart":
            writer.image(chart_png(content["chart"]), text, aspect=chart_aspect(content["chart"]))
        else:
            writer.para(text)
    writer.signature(
        recipients=layout.recipient_lines(document.recipients),
        lines=layout.signature_lines(document.signer_prefix, document.signer_authority, document.signer_title),
        name=document.signer_name,
    )
    tables = content.get("tables") or []
    if tables:
        title = writer.para("PHỤ LỤC", align=CENTER, bold=True, indent=False, before=0)
        title.paragraph_format.page_break_before = True  # not a break paragraph: that can leave a blank page
        writer.para(f"SỐ LIỆU THEO ĐƠN VỊ {content['period_label'].upper()}", align=CENTER, bold=True, indent=False)
        writer.para(appendix_caption(document), align=CENTER, italic=True, indent=False, before=0, size=13)
        for number, table in enumerate(tables, start=1):
            heading = writer.para(f"{number}. {table['title']}", bold=True, indent=False, before=12, size=13)
            heading.paragraph_format.keep_with_next = True  # with the table's first rows
            header, rows, widths = appendix_table(table, content.get("child_level", ""))
            writer.grid(header, rows, widths)
        if content.get("children_unapproved"):
            writer.para("(*) Số liệu chưa được phê duyệt.", italic=True, indent=False, size=12)
    return writer.save()


def appendix_caption(document: Any) -> str:
    """ "(Kèm theo Báo cáo số 12/BC-CAT-PV05 ngày 05/01/2026 của Công an tỉnh Hưng Yên)"."""
    number = f"{document.number}/{document.symbol}" if document.number else f"…/{document.symbol}"
    day = f" ngày {document.issued_on:%d/%m/%Y}" if document.issued_on else ""
    return f"(Kèm theo Báo cáo số {number}{day} của {document.content.get('issuer', '')})"


def appendix_table(table: dict[str, Any], child_level: str) -> tuple[list[str], list[list[str]], list[float]]:
    """Header, rows (STT, unit, figures… then the unit's own level and its total, which the rows above add up to)
    and column widths for an appendix table (built by antq.documents.content from reporting's `child_table`)."""
    header = ["STT", child_level.capitalize() or "Đơn vị"] + [f"{c['label']} ({c['unit']})" for c in table["columns"]]
    rows = [[str(i), *row] for i, row in enumerate(table["rows"], start=1)]
    if table.get("own"):  # documents issued before the own-level row have none
        rows.append(["", *table["own"]])
    rows.append(["", *table["total"]])
    figure_width = (TEXT_WIDTH_CM - 1.1 - 4.0) / max(len(table["columns"]), 1)
    return header, rows, [1.1, 4.0] + [figure_width] * len(table["columns"])

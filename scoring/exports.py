"""The league table as Excel and as PDF (fpdf2 with the Chinese font the minutes PDF uses)."""

from io import BytesIO

from django.utils.translation import gettext as _

from xianju_invest.pdf import FontMissing, chinese_pdf

from .enums import ScoringGroup, Tier

__all__ = ["FontMissing", "board_pdf", "board_workbook"]


def _headers():
    return [
        _("Group"),
        _("Rank"),
        _("Unit"),
        _("Score"),
        _("Own points"),
        _("Bundle points"),
        _("Tier"),
        _("Rank change"),
        _("Score change"),
        _("Red or black list"),
    ]


def _list_mark(row):
    return str(_("Red list")) if row.red else str(_("Black list")) if row.black else ""


def _cells(group, row):
    return [
        str(ScoringGroup(group).label),
        row.rank,
        row.unit_name,
        row.score,
        row.own,
        row.bundle,
        str(Tier(row.tier).label) + (_(" (lifted)") if row.lifted else ""),
        row.rank_change if row.rank_change is not None else "",
        row.score_change if row.score_change is not None else "",
        _list_mark(row),
    ]


def board_workbook(board, period):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(period.key)
    sheet.append([_("League table, %(period)s") % {"period": period.label}])
    sheet.append(_headers())
    for group, rows in board.items():
        for row in rows:
            sheet.append(_cells(group, row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def board_pdf(board, period):
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    pdf = chinese_pdf(_("League table, %(period)s") % {"period": period.label}, landscape=True, margin=14)
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(
        pdf.epw,
        9,
        _("Xianju County league table (晾晒比拼), %(period)s") % {"period": period.label},
        align="C",
    )
    head = FontFace(emphasis="", fill_color=(230, 230, 230))
    for group, rows in board.items():
        pdf.ln(3)
        pdf.set_font("cjk", size=12)
        pdf.multi_cell(pdf.epw, 7, ScoringGroup(group).label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)
        with pdf.table(
            col_widths=(20, 12, 40, 20, 20, 20, 26, 18, 18, 22),
            text_align="LEFT",
            wrapmode=WrapMode.CHAR,
            line_height=5,
            headings_style=head,
        ) as table:
            table.row(_headers())
            for row in rows:
                table.row(["" if value is None else str(value) for value in _cells(group, row)])
    return bytes(pdf.output())

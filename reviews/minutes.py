"""The minutes (会议纪要) as a PDF, with an embedded Chinese font (fpdf2 subsets OpenType/CFF fonts)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xianju_invest.pdf import FontMissing, chinese_pdf

__all__ = ["FontMissing", "render_pdf"]


def _signed(opinion):
    if not opinion.signed_at:
        return "—"
    return f"{opinion.signed_by} {date_format(timezone.localtime(opinion.signed_at), 'Y-m-d')}"


def _fmt(value):
    return "" if value is None else f"{value:,.2f}"


def render_pdf(ctx):
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    round_, project = ctx["round"], ctx["project"]
    pdf = chinese_pdf(_("“8+X” pre-review minutes"))
    width = pdf.epw
    # The CJK face has no bold; headings are shaded instead.
    head = FontFace(emphasis="", fill_color=(230, 230, 230))

    def text(value, size=11, align="L", gap=1.5):
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(
            width, size * 0.55, str(value), align=align, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(gap)

    def heading(value):
        pdf.ln(2)
        text(value, size=13, gap=1)

    text(_("Xianju County “8+X” Project Pre-review Minutes"), size=18, align="C", gap=1)
    text(ctx["minutes"].number, size=11, align="C", gap=4)
    text(_("Project: %(name)s") % {"name": project.name})
    text(_("Investor: %(name)s") % {"name": project.investor_name})
    text(
        _(
            "Platform: %(platform)s; total investment %(total)s (10k yuan); "
            "fixed assets %(fai)s; land %(land)s mu"
        )
        % {
            "platform": project.platform or "—",
            "total": _fmt(ctx["total_investment_wan"]),
            "fai": _fmt(ctx["fai_wan"]),
            "land": project.land_area,
        }
    )
    text(
        _("Convened by %(convener)s on %(opened)s; concluded on %(concluded)s (%(kind)s).")
        % {
            "convener": round_.convener,
            "opened": date_format(round_.opened_on, "Y-m-d"),
            "concluded": date_format(timezone.localtime(round_.concluded_at), "Y-m-d"),
            "kind": round_.get_conclusion_kind_display(),
        }
    )
    if round_.conclusion_reason:
        text(_("Reason for closing: %(reason)s") % {"reason": round_.conclusion_reason})
    if round_.platform_left_out_reason:
        text(
            _("The project's platform %(platform)s did not review: %(reason)s")
            % {"platform": project.platform or "—", "reason": round_.platform_left_out_reason}
        )

    heading(_("Participants and opinions"))
    pdf.set_font("cjk", size=9.5)
    with pdf.table(
        col_widths=(34, 16, 44, 36, 24),
        text_align="LEFT",
        wrapmode=WrapMode.CHAR,
        line_height=5,
        headings_style=head,
    ) as table:
        table.row([_("Reviewer unit"), _("Opinion"), _("Reasons"), _("Conditions"), _("Signed by")])
        for o in ctx["opinions"]:
            table.row(
                [
                    o.unit.name if not o.invitee else f"{o.unit.name}({o.invitee})",
                    o.get_verdict_display() if o.verdict else _("No opinion given"),
                    o.reason or "—",
                    o.conditions or "—",
                    _signed(o),
                ]
            )

    heading(_("Entry threshold"))
    pdf.set_font("cjk", size=9.5)
    with pdf.table(
        col_widths=(40, 35, 35, 40),
        text_align="LEFT",
        wrapmode=WrapMode.CHAR,
        line_height=5,
        headings_style=head,
    ) as table:
        table.row([_("Item"), _("Threshold"), _("Project"), _("Result")])
        for c in ctx["checks"]:
            result = _("Not set") if c.meets is None else (_("Meets") if c.meets else _("Below threshold"))
            table.row(
                [
                    c.label,
                    f"{_fmt(c.required)} {c.unit}" if c.required is not None else "—",
                    _fmt(c.actual) or "—",
                    result,
                ]
            )
    if round_.environmental_limits:
        text(_("Environmental limits: %(text)s") % {"text": round_.environmental_limits})

    heading(_("Conclusion"))
    text(_("Outcome: %(outcome)s") % {"outcome": round_.get_outcome_display()}, size=12)
    text(_("Responsible unit: %(unit)s") % {"unit": ctx["responsible_unit"] or "—"})
    deadline = ctx["project_deadline"]
    text(_("Deadline: %(date)s") % {"date": date_format(deadline, "Y-m-d") if deadline else "—"})
    if round_.transition_problem:
        text(_("The project was not moved: %(why)s") % {"why": round_.transition_problem})
    return bytes(pdf.output())

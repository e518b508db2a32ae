"""The printable approval form (奖励审批表) of an installment, as a PDF with its calculation lines.

Same approach as the pre-review minutes: fpdf2 with an embedded Chinese font (reviews.minutes).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xianju_invest.pdf import FontMissing, chinese_pdf

__all__ = ["FontMissing", "render_pdf"]


def _who(user, at):
    if user is None:
        return "—"
    return f"{user} {date_format(timezone.localtime(at), 'Y-m-d')}" if at else str(user)


def render_pdf(inst, *, names=True):
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    pdf = chinese_pdf(_("Reward approval form"))
    width = pdf.epw
    head = FontFace(emphasis="", fill_color=(230, 230, 230))

    def text(value, size=11, align="L", gap=1.5):
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(
            width, size * 0.55, str(value), align=align, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(gap)

    text(_("Xianju County Investment Promotion Reward Approval Form"), size=17, align="C", gap=4)
    project = inst.project
    text(
        _("Project: %(name)s (investor %(investor)s)")
        % {"name": project.name, "investor": project.investor_name}
    )
    text(
        _("Reward: %(reward)s, %(slot)s; due on %(due)s; policy version %(version)s")
        % {
            "reward": inst.get_reward_display(),
            "slot": inst.slot_label,
            "due": date_format(inst.trigger_date, "Y-m-d"),
            "version": inst.policy.label,
        }
    )
    text(
        _("Beneficiary: %(name)s (%(kind)s, share %(share)s%%)")
        % {
            "name": inst.beneficiary.name if names else inst.beneficiary.public_name,
            "kind": inst.beneficiary.get_kind_display(),
            "share": inst.beneficiary.share,
        }
    )
    text(_("Calculation"), size=13, gap=1)
    pdf.set_font("cjk", size=9)
    with pdf.table(
        col_widths=(90, 40, 44), text_align="LEFT", wrapmode=WrapMode.CHAR, line_height=5, headings_style=head
    ) as table:
        table.row([_("Rule"), _("Parameter"), _("Figure")])
        for line in inst.explanation():
            table.row([str(line["label"]), line["parameter"] or "—", line["value"]])
    pdf.ln(3)
    text(
        _(
            "Installment %(amount)s yuan (computed %(computed)s before the cap); "
            "this beneficiary: gross %(gross)s, tax withheld %(tax)s, net %(net)s yuan."
        )
        % {
            "amount": f"{inst.installment_amount:,.2f}",
            "computed": f"{inst.computed:,.2f}",
            "gross": f"{inst.gross:,.2f}",
            "tax": f"{inst.tax:,.2f}",
            "net": f"{inst.net:,.2f}",
        },
        size=12,
    )
    if inst.reason:
        text(_("Reason for the adjustment: %(reason)s") % {"reason": inst.reason})
    text(_("Sign-off"), size=13, gap=1)
    pdf.set_font("cjk", size=10)
    with pdf.table(col_widths=(50, 124), text_align="LEFT", line_height=7, headings_style=head) as table:
        table.row([_("Step"), _("By and when")])
        table.row([_("Checked (promotion centre)"), _who(inst.checked_by, inst.checked_at)])
        table.row([_("Approved (leader)"), _who(inst.approved_by, inst.approved_at)])
        notice = (
            f"{date_format(inst.notice_from, 'Y-m-d')} – {date_format(inst.notice_until, 'Y-m-d')}"
            if inst.notice_from
            else "—"
        )
        table.row([_("Public notice"), notice])
        paid = f"{date_format(inst.paid_on, 'Y-m-d')} · {inst.voucher_no}" if inst.paid_on else "—"
        table.row([_("Paid (finance bureau)"), paid])
    text(_("State: %(state)s") % {"state": inst.get_state_display()}, size=10)
    return bytes(pdf.output())

"""What investors tell the notifications layer and the audit trail: agenda sections, deadline
sources and how its audit rows read. Registered in InvestorsConfig.ready."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_label
from notifications.deadlines import register_deadline_source
from notifications.sections import register_agenda_section
from projects.confidential import code_name_everywhere
from projects.deadlines import project_url_pattern

from . import clocks, selectors


def stalled_section(*, today, since, limit):
    stalled = selectors.stalled_leads(today=today)
    url_pattern = project_url_pattern()
    items = [
        {
            "title": code_name_everywhere(p.name, p.code_name, p.confidential),
            "due": "",
            "url": url_pattern.format(pk=p.pk),
        }
        for p in stalled[:limit]
    ]
    return stalled.count(), items


def next_steps_section(*, today, since, limit):
    due = selectors.next_steps_due(today=today)
    items = [
        {
            "title": f"{i.investor.name}：{i.next_step}",
            "due": i.next_step_due.isoformat(),
            "url": reverse("investors:detail", args=[i.investor_id]) + f"#interaction-{i.pk}",
        }
        for i in due[:limit]
    ]
    return due.count(), items


def _interaction(entry, words):
    return gettext("Interaction with %(investor)s logged") % {
        "investor": (entry.data or {}).get("investor", "")
    }


def _listed(entry, words):
    data = entry.data or {}
    if data.get("signs"):
        return gettext("Signed at %(ceremony)s") % {"ceremony": data.get("ceremony", "")}
    return gettext("Listed again at %(ceremony)s (not a new signing)") % {
        "ceremony": data.get("ceremony", "")
    }


def register():
    register_deadline_source("investors.lead_clocks", clocks.open_lead_deadlines)
    register_deadline_source("investors.referrer_answers", clocks.open_referral_answer_deadlines)
    register_deadline_source("investors.next_steps", clocks.open_next_step_deadlines)
    register_agenda_section("stalled-leads", title=_("Stalled leads"), order=45, source=stalled_section)
    register_agenda_section(
        "next-steps", title=_("Next steps with investors due"), order=50, source=next_steps_section
    )
    register_action_label("investor.created", _("Investor record created"), with_state=False)
    register_action_label("investor.updated", _("Investor record edited"), with_state=False)
    register_action_label("investor.interaction", _interaction)
    register_action_label(
        "investor.origin", _("Source, introducing firm or lead owner recorded"), with_state=False
    )
    register_action_label("investor.ceremony", _("Signing ceremony created"), with_state=False)
    register_action_label("investor.listed", _listed)

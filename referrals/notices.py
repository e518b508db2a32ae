"""What referrals register with the layers under them (called from ReferralsConfig.ready): their
notification texts, the triage staff's audience and the timeline label."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_action_label, register_state_choices
from notifications.audiences import register_audience
from notifications.messages import Message, register_event_message
from projects.models import Project

from .enums import ReferralStatus
from .selectors import triage_staff
from .services import TRIAGE_AUDIENCE

KINDS = ("submitted", "accepted", "merged", "rejected", "confirmed")


def _referral(event):
    p = event.payload
    titles = {
        "referral.submitted": _("New referral: %(company)s"),
        "referral.accepted": _("Referral accepted"),
        "referral.merged": _("Referral merged into an existing lead"),
        "referral.rejected": _("Referral not taken up"),
        "referral.confirmed": _("Referral confirmed"),
    }
    title = titles.get(event.kind, _("Referral update")) % {"company": p.get("company_name", "")}
    project = ""
    if p.get("project_id"):
        project = Project.objects.filter(pk=p["project_id"]).values_list("name", flat=True).first() or ""
    body = _("Project: %(project)s") % {"project": project} if project else ""
    try:
        url = reverse("referrals:detail", args=[p["referral_id"]]) if p.get("referral_id") else ""
    except NoReverseMatch:
        url = ""
    return Message(title=title, body=body, url=url)


def register():
    for kind in KINDS:
        register_event_message(f"referral.{kind}", _referral)
    register_audience(TRIAGE_AUDIENCE, triage_staff)  # told of every new report
    register_action_label("referral.submitted", gettext_lazy("Referral recorded"))
    # The triage steps (referrals.services.transitions.STEPS); the status is said in words.
    register_state_choices(ReferralStatus)
    register_action_label("referral.accepted", gettext_lazy("Referral accepted"), with_state=False)
    register_action_label(
        "referral.merged", gettext_lazy("Referral merged into an existing lead"), with_state=False
    )
    register_action_label("referral.rejected", gettext_lazy("Referral not taken up"), with_state=False)
    register_action_label("referral.confirmed", gettext_lazy("Referral confirmed"), with_state=False)

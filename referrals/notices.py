"""What referrals register with the layers under them (called from ReferralsConfig.ready): their
notification texts and timeline label."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_action_label
from notifications.messages import Message, register_event_message
from projects.models import Project

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
    register_action_label("referral.submitted", gettext_lazy("Referral recorded"))

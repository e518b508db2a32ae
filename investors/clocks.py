"""Lead clocks (issue 16 §3) and interaction next steps, as deadline sources for the reminder sweep.

The clocks' lengths are dated policy data (LeadClockPolicy, seeded by a migration, edited in the
admin); due dates are counted on the working-day calendar (workdays), and the notifications sweep
reminds before and escalates after them, also on working days. Registered in InvestorsConfig.ready.
"""

import datetime as dt

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline, deadline_title
from projects.confidential import code_name_everywhere
from projects.deadlines import project_url_pattern
from projects.enums import ProjectState
from workdays.services import add_workdays

from .enums import ClockKind
from .models import Interaction, LeadClockPolicy

# While talks go on: a lead up to the decision.
TALKING = [
    ProjectState.LEAD,
    ProjectState.INTAKE,
    ProjectState.ASSESSMENT,
    ProjectState.PRE_REVIEW,
    ProjectState.DECISION,
]
BEFORE_ASSESSMENT = {ProjectState.LEAD, ProjectState.INTAKE}


class _Days:
    """add_workdays memoised: many leads share few start dates."""

    def __init__(self):
        self._memo = {}

    def after(self, start, n):
        key = (start, n)
        if key not in self._memo:
            self._memo[key] = add_workdays(start, n)
        return self._memo[key]


def _centre_head():
    from org.models import Unit

    return Unit.objects.filter(code="touchu").values_list("head_id", flat=True).first()


def _local(value):
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def lead_rows(today=None):
    """Open leads with what the clocks need, one row each (values)."""
    from .selectors import talking_projects

    return (
        talking_projects(today=today)
        .order_by("pk")
        .values(
            "pk",
            "name",
            "code_name",
            "confidential",
            "state",
            "created_at",
            "created_by_id",
            "responsible_unit__head_id",
            "task_force__lead_id",
            "investor_side__owner_id",
            "stage_entered",
            "last_note",
        )
    )


def lead_clocks(row, policy, days):
    """[(clock, due)] still running for one lead row."""
    created = _local(row["created_at"])
    owner = row["investor_side__owner_id"] or row["task_force__lead_id"]
    clocks = []
    if owner is None:
        clocks.append((ClockKind.OWNER, days.after(created, policy.owner_workdays)))
    if row["state"] in BEFORE_ASSESSMENT:
        clocks.append((ClockKind.ASSESSMENT, days.after(created, policy.assessment_workdays)))
    since = max(d for d in (_local(row["stage_entered"]), row["last_note"], created) if d)
    clocks.append((ClockKind.PROGRESS_NOTE, days.after(since, policy.progress_note_workdays)))
    return clocks


def open_lead_deadlines():
    today = timezone.localdate()
    policy, days = LeadClockPolicy.on(today), _Days()
    centre = (_centre_head(),) if _centre_head() else ()
    url_pattern = project_url_pattern()
    labels = {kind: ClockKind(kind).label for kind in ClockKind.values}
    for row in lead_rows(today).iterator(chunk_size=2000):
        owner = row["investor_side__owner_id"] or row["task_force__lead_id"] or row["created_by_id"]
        head = (row["responsible_unit__head_id"],) if row["responsible_unit__head_id"] else ()
        subject = code_name_everywhere(row["name"], row["code_name"], row["confidential"])
        for clock, due in lead_clocks(row, policy, days):
            # Naming an owner is the centre's task; the others are the owner's.
            first = centre if clock == ClockKind.OWNER or owner is None else (owner,)
            yield Deadline(
                key=f"lead-{clock}:{row['pk']}",
                due=due,
                title=deadline_title(subject=subject, what=labels[clock]),
                url=url_pattern.format(pk=row["pk"]),
                escalation=(first, head or centre, centre),
            )


def open_referral_answer_deadlines():
    """A referrer is answered (the report triaged) within the policy's working days."""
    from referrals.enums import ReferralStatus
    from referrals.models import Referral

    today = timezone.localdate()
    policy, days = LeadClockPolicy.on(today), _Days()
    centre = (_centre_head(),) if _centre_head() else ()
    rows = (
        Referral.objects.filter(status=ReferralStatus.SUBMITTED, triaged_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "company_name", "submitted_at")
        .iterator(chunk_size=2000)
    )
    what = ClockKind(ClockKind.REFERRER_ANSWER).label
    for pk, company, submitted in rows:
        yield Deadline(
            key=f"referral-answer:{pk}",
            due=days.after(_local(submitted), policy.referrer_answer_workdays),
            title=deadline_title(subject=company, what=what),
            url=reverse("referrals:detail", args=[pk]),
            escalation=(centre, centre, centre),
        )


def open_next_step_deadlines():
    """Each interaction's next step, chased until it is marked done."""
    centre = (_centre_head(),) if _centre_head() else ()
    rows = (
        Interaction.objects.filter(next_step_due__isnull=False, next_step_done__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "investor_id",
            "investor__name",
            "next_step",
            "next_step_due",
            "staff_id",
            "staff__unit__head_id",
        )
        .iterator(chunk_size=2000)
    )
    url = reverse("investors:detail", args=[987654321]).replace("987654321", "{pk}")
    for pk, investor_id, investor, step, due, staff, head in rows:
        yield Deadline(
            key=f"investor-next-step:{pk}",
            due=due,
            title=_("Next step with “%(investor)s”: %(step)s") % {"investor": investor, "step": step},
            url=url.format(pk=investor_id) + f"#interaction-{pk}",
            escalation=((staff,), (head,) if head and head != staff else centre, centre),
        )


def last_note_annotation():
    return Max("interactions__date")

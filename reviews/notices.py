"""What pre-review registers with the layers under it (called from ReviewsConfig.ready): its
notification texts, the agenda's pending reviews, its timeline labels and its demo step."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_action_label, register_state_choices
from notifications.messages import Message, register_event_message
from notifications.sections import register_agenda_section
from notifications.selectors import upcoming_deadlines
from projects.models import Project

from .enums import Outcome, RoundState, Verdict

OPINION_DEADLINES = "reviews.opinions"  # the deadline source of the opinions still to be signed

# action: (label, the choices its to_state is a value of)
TIMELINE = {
    "review.round_opened": (gettext_lazy("“8+X” pre-review round opened"), RoundState),
    "review.terms_set": (gettext_lazy("Pre-review terms set"), RoundState),
    "review.participant_added": (gettext_lazy("Pre-review participant added"), RoundState),
    "review.opinion_signed": (gettext_lazy("Pre-review opinion signed"), Verdict),
    "review.opinion_revised": (gettext_lazy("Pre-review opinion revised"), Verdict),
    "review.round_concluded": (gettext_lazy("Pre-review round concluded"), Outcome),
}


def _link(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _project_name(payload):
    return Project.objects.filter(pk=payload.get("project_id")).values_list("name", flat=True).first() or ""


def _round_opened(event):
    p = event.payload
    values = {"project": _project_name(p), "due": p.get("due", "")}
    return Message(
        title=_("“8+X” pre-review opened for “%(project)s”") % values,
        body=_("Please sign your unit's opinion online by %(due)s.") % values,
        url=_link("reviews:inbox"),
    )


def _round_concluded(event):
    p = event.payload
    outcome = p.get("outcome", "")
    values = {
        "project": _project_name(p),
        "outcome": Outcome(outcome).label if outcome in Outcome.values else outcome,
    }
    return Message(
        title=_("“8+X” pre-review concluded for “%(project)s”") % values,
        body=_("Conclusion: %(outcome)s.") % values,
        url=_link("reviews:round", p["round_id"]) if p.get("round_id") else "",
    )


def register():
    register_event_message("review.round_opened", _round_opened)
    register_event_message("review.round_concluded", _round_concluded)
    register_agenda_section(
        "pending-reviews",
        title=gettext_lazy("Pending reviews"),
        order=20,
        source=upcoming_deadlines(OPINION_DEADLINES),
    )
    register_state_choices(Verdict, Outcome, RoundState)
    for action, (label, states) in TIMELINE.items():
        register_action_label(action, label, states=states)
    from projects.demo import register_demo_step
    from projects.enums import ProjectState

    register_demo_step(ProjectState.PRE_REVIEW, ProjectState.DECISION, "reviews.demo.pass_pre_review")

"""The steps a person takes on a request, by name: the form that validates the input and the
service that acts. Pages and the API both go through `step_run`, so they cannot differ."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .models import RequestAssignment, RequestExtension


@dataclass(frozen=True)
class Step:
    label: object
    form: type
    run: object  # run(request, user, cleaned data, files)
    file: bool = False


def _assignment(request, pk):
    found = RequestAssignment.objects.filter(request=request, pk=pk).first()
    if found is None:
        raise ValidationError({"assignment": _("No such assignment on this request.")})
    return found


def _extension(request, pk):
    found = RequestExtension.objects.filter(request=request, pk=pk).first()
    if found is None:
        raise ValidationError({"extension": _("No such extension on this request.")})
    return found


def _files(files, name="file"):
    return [f for f in files.getlist(name)] if files else []


STEPS = {
    "route": Step(
        _("Route"),
        forms.RouteForm,
        lambda r, u, d, f: services.request_route(
            request=r,
            by=u,
            lead_unit=d["lead_unit"],
            assisting_units=list(d["assisting_units"]),
            complexity=d["complexity"],
            committed_date=d["committed_date"],
        ),
    ),
    "object": Step(
        _("Object to the assignment"),
        forms.ReasonForm,
        lambda r, u, d, f: services.objection_raise(request=r, by=u, reason=d["reason"]),
    ),
    "settle": Step(
        _("Settle the objection"),
        forms.SettleForm,
        lambda r, u, d, f: services.objection_settle(
            assignment=_assignment(r, d["assignment"]),
            by=u,
            upheld=d["upheld"] == "yes",
            new_unit=d["new_unit"],
            note=d["note"],
        ),
    ),
    "contact": Step(
        _("Record the contact"),
        forms.NoteForm,
        lambda r, u, d, f: services.request_contact(request=r, by=u, note=d["note"]),
    ),
    "reply": Step(
        _("Stage reply"),
        forms.NoteForm,
        lambda r, u, d, f: services.stage_reply(request=r, by=u, note=d["note"]),
    ),
    "assist": Step(
        _("Answer the lead unit"),
        forms.AnswerForm,
        lambda r, u, d, f: services.assist_answer(request=r, by=u, answer=d["answer"]),
    ),
    "pause": Step(
        _("Pause: waiting on the enterprise"),
        forms.ReasonForm,
        lambda r, u, d, f: services.pause_start(request=r, by=u, reason=d["reason"]),
    ),
    "resume": Step(
        _("Resume the clock"),
        forms.OptionalNoteForm,
        lambda r, u, d, f: services.pause_end(request=r, by=u, note=d["note"]),
    ),
    "extend": Step(
        _("Ask for an extension"),
        forms.ExtensionForm,
        lambda r, u, d, f: services.extension_ask(request=r, by=u, new_due=d["new_due"], reason=d["reason"]),
    ),
    "decide_extension": Step(
        _("Decide the extension"),
        forms.DecideExtensionForm,
        lambda r, u, d, f: services.extension_decide(
            extension=_extension(r, d["extension"]), by=u, approve=d["approve"] == "yes", note=d["note"]
        ),
    ),
    "propose": Step(
        _("Propose a resolution"),
        forms.ProposeForm,
        lambda r, u, d, f: services.resolution_propose(
            request=r, by=u, resolution=d["resolution"], files=_files(f)
        ),
        file=True,
    ),
    "confirm": Step(
        _("Confirm and rate"),
        forms.ConfirmForm,
        lambda r, u, d, f: services.request_confirm(
            request=r, by=u, rating=d["rating"], comment=d["comment"]
        ),
    ),
    "ask_withdrawal": Step(
        _("Ask the enterprise to withdraw"),
        forms.ReasonForm,
        lambda r, u, d, f: services.withdrawal_ask(request=r, by=u, reason=d["reason"]),
    ),
    "answer_withdrawal": Step(
        _("Answer the withdrawal"),
        forms.WithdrawalAnswerForm,
        lambda r, u, d, f: services.withdrawal_answer(
            request=r, by=u, confirm=d["confirm"] == "yes", note=d["note"]
        ),
    ),
    "withdraw": Step(
        _("Withdraw the request"),
        forms.ReasonForm,
        lambda r, u, d, f: services.request_withdraw(request=r, by=u, reason=d["reason"]),
    ),
    "publish": Step(
        _("Publish as an answer"),
        forms.PublishForm,
        lambda r, u, d, f: services.answer_publish(
            request=r, by=u, question=d["question"], answer=d["answer"]
        ),
    ),
}


def step_form(name, data=None, files=None, **kwargs):
    """The step's form; pages pass prefix=name so the forms of one page keep distinct field ids."""
    return STEPS[name].form(data, files, **kwargs)


def step_run(*, name, request, user, form, files=None):
    """Run a validated step; a service's refusal comes back as ValidationError / PermissionDenied."""
    return STEPS[name].run(request, user, form.cleaned_data, files)


def offered(user, request, today):
    """The steps to show `user` on the request's page (the services still check each one)."""
    from . import permissions as can
    from .enums import ExtensionState, ObjectionState
    from .enums import RequestState as S
    from .services.transitions import CADRE, CENTRE, ENTERPRISE, LEAD, OPEN_WORK, TRANSITIONS, acts_as

    parts, state = acts_as(user, request), request.state
    names = []
    if CENTRE in parts and state == S.SUBMITTED:
        names.append("route")
    mine = [a for a in request.assignments.all() if a.active and a.unit_id == user.unit_id]
    if can.unit_role(user, request) and not request.is_closed:
        if any(not a.objection_state and today <= a.objection_due for a in mine):
            names.append("object")
        if any(a.role == "assist" for a in mine):
            names.append("assist")
    if parts & {LEAD, CADRE} and (
        state == S.ASSIGNED or (state == S.REOPENED and not request.called_back_on)
    ):
        names.append("contact")
    if LEAD in parts and state in OPEN_WORK:
        if request.replied_on is None:
            names.append("reply")
        names += ["pause", "extend", "propose"]
    if state == S.WAITING and parts & {LEAD, ENTERPRISE, CENTRE}:
        names.append("resume")
    if ENTERPRISE in parts and state == S.PROPOSED:
        names.append("confirm")
    if parts & {LEAD, CADRE, CENTRE} and (state, S.WITHDRAWAL_ASKED) in TRANSITIONS:
        names.append("ask_withdrawal")
    if ENTERPRISE in parts and state == S.WITHDRAWAL_ASKED:
        names.append("answer_withdrawal")
    if ENTERPRISE in parts and (state, S.WITHDRAWN) in TRANSITIONS:
        names.append("withdraw")
    if CENTRE in parts and state == S.SOLVED and not request.published:
        names.append("publish")
    forms_ = [(name, STEPS[name], step_form(name, prefix=name)) for name in names]
    if CENTRE in parts:
        for a in request.assignments.all():
            if a.active and a.objection_state == ObjectionState.RAISED:
                forms_.append(
                    (
                        "settle",
                        STEPS["settle"],
                        step_form("settle", prefix="settle", initial={"assignment": a.pk}),
                    )
                )
        for e in request.extensions.all():
            if e.state == ExtensionState.ASKED:
                forms_.append(
                    (
                        "decide_extension",
                        STEPS["decide_extension"],
                        step_form("decide_extension", prefix="decide_extension", initial={"extension": e.pk}),
                    )
                )
    return forms_

"""Pre-review pages: thin, calling services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org import permissions as org_can
from org.access import gated_by
from xianju_invest.errors import add_service_errors
from xianju_invest.panels import viewer_key

from . import minutes as minutes_pdf
from . import permissions as can
from . import selectors, services
from .caches import review_figures
from .enums import OpinionLight, RoundState
from .forms import AddParticipantForm, CloseForm, OpenRoundForm, SignForm, TermsForm
from .models import OpinionAttachment, ReviewOpinion, ReviewRound
from .rules import threshold_checks


def _page(request, queryset, per_page=25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _drawn_key(request, today, soon, *parts):
    """The key of a page's drawn fragment: everything its rows depend on. The version of
    `review_figures` (any save of an opinion, a round or a project moves it), the viewer (user,
    unit, permissions), the language, the day and the 'due soon' date (the lights)."""
    return review_figures.fragment_key(viewer_key(request.user), get_language(), today, soon, *parts)


@gated_by(org_can.is_reviewer)
def inbox(request):
    show = request.GET.get("show", "pending")
    if show not in selectors.INBOX_SHOWS:
        show = "pending"
    number = request.GET.get("page")
    today = timezone.localdate()
    soon = selectors.due_soon_date(today)
    # read (and drawn) only when the rows' fragment is not cached already
    page = SimpleLazyObject(
        lambda: selectors.inbox_page(request.user, show=show, number=number, today=today, soon=soon)
    )
    rows_key = _drawn_key(request, today, soon, show, number)
    return render(request, "reviews/inbox.html", {"page": page, "show": show, "rows_key": rows_key})


@login_required
def opinion_detail(request, pk):
    opinion = get_object_or_404(
        selectors.annotate_opinion_lights(
            ReviewOpinion.objects.visible_to(request.user).select_related(
                "round__project__platform", "round__convener", "unit"
            )
        ),
        pk=pk,
    )
    signer = can.can_sign(request.user, opinion)
    round_ = opinion.round
    may_sign = signer and round_.state == RoundState.OPEN
    form = None
    if may_sign:
        initial = {"verdict": opinion.verdict, "reason": opinion.reason, "conditions": opinion.conditions}
        form = SignForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.opinion_sign(
                    opinion=opinion,
                    by=request.user,
                    verdict=data["verdict"],
                    reason=data["reason"],
                    conditions=data["conditions"],
                    files=data["files"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                round_.refresh_from_db()
                if round_.state == RoundState.CONCLUDED:
                    messages.success(
                        request, _("Opinion signed. It was the last one: the round has concluded.")
                    )
                else:
                    messages.success(
                        request, _("Opinion signed. You may revise it until the round concludes.")
                    )
                return redirect("reviews:opinion", pk=opinion.pk)
    elif request.method == "POST":
        if not signer:
            raise PermissionDenied(_("You can only sign the opinion of your own department."))
        messages.error(request, _("This round has already concluded; nothing can change now."))
        return redirect("reviews:opinion", pk=opinion.pk)
    versions = (
        opinion.versions.select_related("signed_by").prefetch_related("attachments").order_by("-number")
    )
    context = {
        "opinion": opinion,
        "round": round_,
        "project": round_.project,
        "form": form,
        "versions": versions,
        "checks": threshold_checks(round_, round_.project),
    }
    return render(request, "reviews/opinion.html", context)


@gated_by(can.can_see_every_opinion)
def rounds(request):
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()
    rounds = selectors.rounds_list(user=request.user, state=state, q=q)
    # Only what a row shows: the round and project rows are wide.
    rounds = rounds.select_related("project", "convener").only(
        "state",
        "outcome",
        "project__name",
        "project__confidential",
        "project__code_name",
        "convener__username",
        "convener__first_name",
        "convener__last_name",
    )
    page = _page(request, rounds)
    return render(
        request,
        "reviews/rounds.html",
        {"page": page, "state": state, "q": q, "states": RoundState.choices},
    )


@gated_by(can.can_convene)
def round_open(request):
    project_id = request.GET.get("project")
    form = OpenRoundForm(request.POST or None)
    if project_id and request.method == "GET":
        project = form.fields["project"].queryset.filter(pk=project_id).first()
        if project is not None:
            form = OpenRoundForm(initial={"project": project})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expert = data.get("expert")
        try:
            round_ = services.review_round_open(
                project=data["project"],
                by=request.user,
                extra_units=data["extra_units"],
                invitees={expert.unit_id: expert} if expert else None,
                due=data.get("due"),
                note=data.get("note", ""),
                platform_left_out_reason=data.get("platform_left_out_reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round is open; the reviewers have been notified."))
            return redirect("reviews:round", pk=round_.pk)
    return render(request, "reviews/round_open.html", {"form": form})


def _viewable_round(request, pk):
    if not can.can_see_every_opinion(request.user):
        round_ = get_object_or_404(ReviewRound.objects, pk=pk)
        if not can.can_view_round(request.user, round_):
            raise Http404
    try:
        return selectors.round_for_page(pk)
    except ReviewRound.DoesNotExist:
        raise Http404 from None


@login_required
def round_detail(request, pk, close_form=None):
    """The convener's view: who we are waiting on, who is late, every opinion so far. A reviewer or
    an expert sees only their own opinion, on its own page."""
    if not can.can_see_every_opinion(request.user):
        mine = ReviewOpinion.objects.visible_to(request.user).filter(round_id=pk).first()
        if mine is None:
            raise Http404
        return redirect("reviews:opinion", pk=mine.pk)
    try:
        heading = selectors.round_heading(pk)
    except ReviewRound.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    soon = selectors.due_soon_date(today)
    # Read (and drawn) only when the page's fragments are not cached already.
    round_ = SimpleLazyObject(lambda: selectors.round_for_page(pk))
    opinions = SimpleLazyObject(
        lambda: list(selectors.round_opinions(heading, user=request.user, today=today, soon=soon))
    )
    waiting = SimpleLazyObject(lambda: [o for o in opinions if not o.verdict])
    context = {
        "round": heading,
        "project": heading.project,
        "drawn_round": round_,
        "opinions": opinions,
        "waiting": waiting,
        "late": SimpleLazyObject(lambda: [o for o in waiting if o.light == OpinionLight.RED]),
        "signed_count": SimpleLazyObject(lambda: len(opinions) - len(waiting)),
        "checks": SimpleLazyObject(lambda: threshold_checks(round_, round_.project)),
        "convene": can.can_convene(request.user) and heading.is_open,
        "close_form": close_form or CloseForm(),
        "drawn_key": _drawn_key(request, today, soon, pk),
    }
    return render(request, "reviews/round.html", context)


@login_required
def round_manage(request, pk, terms_form=None, add_form=None):
    """The convener sets the threshold, responsible unit and deadline, and adds "X" reviewers."""
    if not can.can_convene(request.user):
        raise PermissionDenied
    round_ = _viewable_round(request, pk)
    if not round_.is_open:
        return redirect("reviews:round", pk=pk)
    context = {
        "round": round_,
        "project": round_.project,
        "checks": threshold_checks(round_, round_.project),
        "terms_form": terms_form or TermsForm(instance=round_),
        "add_form": add_form or AddParticipantForm(round=round_),
    }
    return render(request, "reviews/round_manage.html", context)


def _convener_round(request, pk):
    if not can.can_convene(request.user):
        raise PermissionDenied
    return get_object_or_404(ReviewRound, pk=pk)


@login_required
@require_POST
def round_terms(request, pk):
    round_ = _convener_round(request, pk)
    form = TermsForm(request.POST, instance=ReviewRound.objects.get(pk=pk))
    if form.is_valid():
        terms = {f: form.cleaned_data[f] for f in TermsForm.Meta.fields}
        try:
            services.review_round_update_terms(round=round_, by=request.user, **terms)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("reviews:round", pk=pk)
    return round_manage(request, pk, terms_form=form)


@login_required
@require_POST
def round_add(request, pk):
    round_ = _convener_round(request, pk)
    form = AddParticipantForm(request.POST, round=round_)
    if form.is_valid():
        try:
            services.review_participant_add(round=round_, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reviewer added and notified."))
            return redirect("reviews:round", pk=pk)
    return round_manage(request, pk, add_form=form)


@login_required
@require_POST
def round_close(request, pk):
    round_ = _convener_round(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.review_round_close(round=round_, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round has concluded."))
            return redirect("reviews:round", pk=pk)
    return round_detail(request, pk, close_form=form)


def _concluded_round(request, pk):
    round_ = _viewable_round(request, pk)
    if round_.state != RoundState.CONCLUDED:
        raise Http404
    return round_


@login_required
def minutes(request, pk):
    round_ = _concluded_round(request, pk)
    return render(request, "reviews/minutes.html", selectors.minutes_context(round_))


@login_required
def minutes_download(request, pk):
    round_ = _concluded_round(request, pk)
    context = selectors.minutes_context(round_)
    try:
        pdf = minutes_pdf.render_pdf(context)
    except minutes_pdf.FontMissing:
        messages.warning(
            request, _("The PDF needs a Chinese font that this server lacks; print this page instead.")
        )
        return redirect("reviews:minutes", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{round_.pk}.pdf"'
    return response


@login_required
def attachment(request, pk):
    visible = ReviewOpinion.objects.visible_to(request.user)
    item = get_object_or_404(OpinionAttachment.objects.filter(version__opinion__in=visible), pk=pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)

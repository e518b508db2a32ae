"""League-table pages: thin, calling selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.access import allowed_url
from org.models import Unit
from projects.models import Project
from xianju_invest.errors import add_service_errors

from . import exports, selectors, services
from . import permissions as can
from .enterprise import figures_note
from .enums import GROUP_UNIT_KIND, PeriodKind, Rule, ScoringGroup
from .forms import AdjustmentForm, ChallengeForm, CreditFormSet, LinkProjectForm
from .models import BoardSnapshot, Challenge, ChallengeClaim, ScoringPolicy
from .periods import Period


def _period(request):
    """The period asked for (?period=2026-Q1), else the current quarter; a bad one is said so."""
    text = request.GET.get("period")
    if text:
        try:
            return Period.parse(text)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    return Period.containing(PeriodKind.QUARTER, timezone.localdate())


def _group(request):
    value = request.GET.get("group", "")
    return value if value in ScoringGroup.values else None


def period_choices(today=None):
    today = today or timezone.localdate()
    choices = []
    for kind, count in ((PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 8), (PeriodKind.YEAR, 3)):
        period = Period.containing(kind, today)
        for _i in range(count):
            choices.append((period.key, period.label))
            period = period.previous()
    return choices


def _board_or_message(request, period, group):
    try:
        return selectors.league_table(period, group)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return {}


@login_required
def board(request):
    period, group = _period(request), _group(request)
    table = _board_or_message(request, period, group)
    snapshot = None
    differences = []
    if period.kind == PeriodKind.MONTH:
        snapshot = BoardSnapshot.objects.filter(period_kind=period.kind, period_start=period.start).first()
        if snapshot:
            live = {r.unit_id: r for rows in table.values() for r in rows}
            for frozen in selectors.snapshot_rows(snapshot):
                now = live.get(frozen.unit_id)
                if now and (now.rank != frozen.rank or now.score != frozen.score):
                    differences.append({"frozen": frozen, "now": now})
    context = {
        "period": period,
        "group": group or "",
        "groups": ScoringGroup.choices,
        "periods": period_choices(),
        "board": [(ScoringGroup(g).label, g, rows) for g, rows in table.items()],
        "snapshot": snapshot,
        "differences": differences,
        "can_manage": can.can_manage(request.user),
        "policy": ScoringPolicy.objects.in_force_on(period.end),
    }
    return render(request, "scoring/board.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit, pk=pk, kind__in=GROUP_UNIT_KIND.values())
    period = _period(request)
    try:
        detail = selectors.unit_drilldown(unit, period)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("scoring:board")
    rules = dict(Rule.choices)
    # Whether this viewer may open a project's page does not depend on the project: asked once,
    # not once per line (the shared project-link partial asks it for each link).
    may_open = allowed_url(request.user, "projects:detail", 0) is not None
    for line in detail["lines"]:
        line["rule_label"] = rules[line["l_rule"]]
        line["policy_name"] = detail["policies"].get(line["l_policy"], "")
        line["url"] = (
            reverse("projects:detail", args=[line["l_project"]]) if may_open and line["l_project"] else ""
        )
    for lead in detail["leads"]:
        lead["policy_name"] = detail["policies"].get(lead["policy"], "")
        lead["url"] = reverse("projects:detail", args=[lead["project_id"]]) if may_open else ""
    for line in detail["service"]:
        line["rule_label"] = rules[line["rule"]]
        line["policy_name"] = detail["policies"].get(line["policy"], "")
        line["note"] = figures_note(line["figures"])
    total = sum((line["l_points"] for line in detail["lines"]), 0)
    total += sum((lead["points"] for lead in detail["leads"]), 0)
    total += sum((b["points"] for b in detail["bundle"]), 0)
    total += sum((s["points"] for s in detail["service"]), 0)
    context = {"unit": unit, "period": period, "periods": period_choices(), "total": total, **detail}
    return render(request, "scoring/unit_detail.html", context)


@login_required
def screen(request):
    """The big screen for the regular meeting (例会): bars per group and each unit's rank trend."""
    period = _period(request)
    table = _board_or_message(request, period, None)
    trend = selectors.rank_trend()
    names = {r.unit_id: r.unit_name for rows in table.values() for r in rows}
    charts = {
        "groups": [
            {
                "label": str(ScoringGroup(g).label),
                "units": [r.unit_name for r in rows],
                "scores": [float(r.score) for r in rows],
            }
            for g, rows in table.items()
        ],
        "trend": {
            "months": sorted({month for points in trend.values() for month, _rank in points}),
            "units": [
                {"name": names.get(unit_id, str(unit_id)), "ranks": dict(points)}
                for unit_id, points in trend.items()
            ],
        },
    }
    return render(request, "scoring/screen.html", {"period": period, "charts": charts, "board": table})


@login_required
def export(request, fmt):
    period, group = _period(request), _group(request)
    table = _board_or_message(request, period, group)
    if fmt == "xlsx":
        content = exports.board_workbook(table, period)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        try:
            content = exports.board_pdf(table, period)
        except exports.FontMissing:
            messages.warning(
                request, _("The PDF needs a Chinese font that this server lacks; export Excel instead.")
            )
            return redirect(reverse("scoring:board") + f"?period={period.key}")
        response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="league-{period.key}.{fmt}"'
    return response


@login_required
def challenges(request):
    form = ChallengeForm(request.POST or None)
    if request.method == "POST":
        if not can.can_manage(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.challenge_post(by=request.user, **form.service_kwargs())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The challenge is posted."))
                return redirect("scoring:challenges")
    user_unit = request.user.unit if can.can_claim(request.user) else None
    claims = {}
    if user_unit:
        claims = {
            c.challenge_id: c for c in ChallengeClaim.objects.filter(unit=user_unit).select_related("project")
        }
    board = selectors.challenge_board()
    for challenge in board["open"]:
        challenge.my_claim = claims.get(challenge.pk)
    context = {
        "board": board,
        "form": form,
        "can_manage": can.can_manage(request.user),
        "can_claim": user_unit is not None,
        "link_form": LinkProjectForm(unit=user_unit) if user_unit else None,
    }
    return render(request, "scoring/challenges.html", context)


@login_required
@require_POST
def challenge_claim(request, pk):
    if not can.can_claim(request.user):  # before the form is read: a leader's claim is a 403
        raise PermissionDenied
    challenge = get_object_or_404(Challenge, pk=pk)
    project = None
    if request.POST.get("project"):
        link = LinkProjectForm(request.POST, unit=request.user.unit)
        if not link.is_valid():
            messages.error(request, _("Choose one of your unit's projects."))
            return redirect("scoring:challenges")
        project = link.cleaned_data["project"]
    try:
        claim = ChallengeClaim.objects.filter(challenge=challenge, unit_id=request.user.unit_id).first()
        if claim and project:
            services.challenge_link(claim=claim, project=project, by=request.user)
            messages.success(request, _("Your project is linked to the challenge."))
        else:
            services.challenge_claim(challenge=challenge, by=request.user, project=project)
            messages.success(request, _("Your unit has claimed the challenge."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("scoring:challenges")


@login_required
def adjustment_new(request):
    if not can.can_manage(request.user):
        raise PermissionDenied
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adjustment = services.adjustment_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The adjustment is recorded."))
            period = Period.containing(PeriodKind.QUARTER, adjustment.on)
            return redirect(reverse("scoring:unit", args=[adjustment.unit_id]) + f"?period={period.key}")
    return render(request, "scoring/adjustment_form.html", {"form": form})


@login_required
def project_credits(request, pk):
    """Staff declare which units a project's points go to, by share (default 100% to the
    responsible unit); an empty set restores the default."""
    if not can.can_manage(request.user):
        raise PermissionDenied
    project = get_object_or_404(Project.objects.select_related("responsible_unit"), pk=pk)
    declared, rows = selectors.project_credits(project)
    if request.method == "POST":
        formset = CreditFormSet(request.POST, prefix="credits")
        restore = "restore_default" in request.POST
        if restore or formset.is_valid():
            try:
                services.credits_set(
                    project=project, shares={} if restore else formset.shares(), by=request.user
                )
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, _("The credited units are saved."))
                return redirect("scoring:credits", pk=project.pk)
    else:
        initial = [{"unit": r["unit"], "share_percent": r["share_percent"]} for r in rows] if declared else []
        formset = CreditFormSet(prefix="credits", initial=initial)
    context = {"project": project, "declared": declared, "rows": rows, "formset": formset}
    return render(request, "scoring/project_credits.html", context)

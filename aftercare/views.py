"""Request pages for each side (enterprise, cadre, unit, centre, leader): thin, calling selectors,
`steps` and services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.labels import action_text
from audit.models import AuditEntry
from org.access import gated_by
from projects.enums import SIGNED_STATES, ProjectState
from projects.forms import bootstrap
from projects.models import Project
from xianju_invest.errors import add_service_errors

from . import permissions as can
from . import selectors, services, steps
from .enums import CLOSED_STATES, Channel, RequestCategory, RequestState
from .forms import AccountForm, RequestForm
from .models.request import served_project_ids
from .pagination import PAGE_SIZE, RequestPaginator, request_counts


def _fileable_projects(user):
    """The projects `user` may file for: its company's, the ones it serves, all for the centre."""
    signed = Project.objects.filter(state__in=SIGNED_STATES).exclude(state=ProjectState.EXITED)
    if can.is_enterprise(user):
        return signed.filter(investor_key=user.enterprise.company_key)
    if can.is_centre(user):
        return signed
    return signed.filter(pk__in=served_project_ids(user))


def _enterprise_projects(user):
    if not can.is_enterprise(user):
        return []
    person = ("username", "last_name", "first_name", "mobile")
    return (
        Project.objects.filter(investor_key=user.enterprise.company_key)
        .select_related("service_cadre", "cadre_deputy__deputy")
        .only(
            "name",
            "state",
            *(f"service_cadre__{f}" for f in person),
            "cadre_deputy__id",
            *(f"cadre_deputy__deputy__{f}" for f in person),
        )
        .order_by("name")
    )


@login_required
def request_list(request):
    q = request.GET
    filters = {
        "state": q.get("state", ""),
        "category": q.get("category", "") if q.get("category") in RequestCategory.values else "",
        "q": q.get("q", "").strip()[:100],
    }
    # Plain rows of the list's columns: a template reads a dict's keys faster than a model's fields.
    rows = selectors.request_list(request.user, **filters).values(*selectors.LIST_COLUMNS)
    page = RequestPaginator(rows, PAGE_SIZE).get_page(q.get("page"))
    user = request.user
    projects = list(_enterprise_projects(user))
    if can.is_enterprise(user):
        can_file = any(p.state in SIGNED_STATES and p.state != ProjectState.EXITED for p in projects)
    else:  # the centre files for any signed project; a cadre for those it serves (cached like the count)
        can_file = can.is_centre(user) or request_counts.get_or_set(
            f"can-file:{user.pk}", lambda: _fileable_projects(user).exists()
        )
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "states": RequestState.choices,
        "categories": RequestCategory.choices,
        "projects": projects,
        "can_file": can_file,
        "is_centre": can.is_centre(user),
        "today": timezone.localdate(),
        "closed_states": sorted(CLOSED_STATES),
        "detail_base": reverse("aftercare:list"),  # request pages are <list>/<id>/
    }
    return render(request, "aftercare/list.html", context)


@login_required
def request_new(request):
    projects = _fileable_projects(request.user)
    if not projects.exists():
        raise PermissionDenied(_("You have no project to file a request for."))
    on_behalf = not can.is_enterprise(request.user)
    form = RequestForm(request.POST or None, request.FILES or None, projects=projects, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            filed = services.request_file(
                project=d["project"],
                by=request.user,
                title=d["title"],
                category=d["category"],
                description=d["description"],
                urgency=d["urgency"],
                blocks_milestone=d["blocks_milestone"],
                channel=d.get("channel") or Channel.ONLINE,
                files=[d["file"]] if d.get("file") else [],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request has been filed; the promotion centre will route it."))
            return redirect("aftercare:detail", filed.pk)
    bootstrap(form)
    return render(request, "aftercare/new.html", {"form": form, "on_behalf": on_behalf})


def _timeline(obj):
    entries = AuditEntry.objects.filter(
        content_type__app_label="aftercare", content_type__model="servicerequest", object_id=obj.pk
    ).select_related("actor")
    return [{"entry": e, "text": action_text(e)} for e in entries.order_by("at", "id")]


def _detail(request, obj, failed=None):
    offered = steps.offered(request.user, obj, timezone.localdate())
    if failed is not None:
        offered = [(n, s, failed[1] if n == failed[0] else f) for n, s, f in offered]
        if all(n != failed[0] for n, _s, _f in offered):
            offered.append((failed[0], steps.STEPS[failed[0]], failed[1]))
    for _name, _step, form in offered:
        bootstrap(form)
    context = {
        "r": obj,
        "offered": offered,
        "timeline": _timeline(obj),
        "assignments": list(obj.assignments.all()),
        "owner": can.owns(request.user, obj),
    }
    return render(request, "aftercare/detail.html", context)


@login_required
def request_detail(request, pk):
    obj = get_object_or_404(selectors.request_detail_queryset(request.user), pk=pk)
    return _detail(request, obj)


@login_required
@require_POST
def request_step(request, pk, name):
    obj = get_object_or_404(selectors.request_detail_queryset(request.user), pk=pk)
    if name not in {n for n, _step, _form in steps.offered(request.user, obj, timezone.localdate())}:
        raise PermissionDenied(_("You may not take this step on this request."))
    form = steps.step_form(name, request.POST, request.FILES, prefix=name)
    if form.is_valid():
        try:
            steps.step_run(name=name, request=obj, user=request.user, form=form, files=request.FILES)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": steps.STEPS[name].label})
            return redirect("aftercare:detail", obj.pk)
    obj = selectors.request_detail_queryset(request.user).get(pk=pk)
    return _detail(request, obj, failed=(name, form))


def month_after(month):
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _month(text, default):
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return default


BAD_MONTH = gettext_lazy("Give the month as YYYY-MM, for example 2026-01.")


def bad_months(params):
    """The month parameters given but not readable as YYYY-MM (the defaults stand in for them)."""
    return [key for key in ("from", "to") if params.get(key) and _month(params[key], None) is None]


@gated_by(can.can_read_statistics)
def statistics(request):
    today = timezone.localdate()
    if bad_months(request.GET):
        messages.error(request, BAD_MONTH)
    end_month = _month(request.GET.get("to"), today.replace(day=1))
    start = _month(request.GET.get("from"), end_month.replace(year=end_month.year - 1))
    end = month_after(end_month)
    if end <= start:
        messages.error(request, _("The last month must not be before the first."))
        end = month_after(start)
    unit = None
    if not can.can_read_all(request.user):
        unit = request.user.unit
    rows = selectors.unit_statistics(start=start, end=end, unit=unit, today=today)
    context = {"rows": rows, "start": start, "end_month": end_month}
    return render(request, "aftercare/statistics.html", context)


@login_required
def answers(request):
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.published_answers(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "aftercare/answers.html", {"page": page, "q": q, "query": urlencode({"q": q} if q else {})}
    )


@gated_by(can.is_centre)
def account_new(request):
    form = AccountForm(request.POST or None)
    form.fields["project"].queryset = Project.objects.filter(state__in=SIGNED_STATES).order_by("name")
    if request.method == "POST" and form.is_valid():
        try:
            account = services.enterprise_account_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Account “%(user)s” created for %(company)s.")
                % {"user": account.user.username, "company": account.company_name},
            )
            return redirect("aftercare:list")
    bootstrap(form)
    return render(request, "aftercare/account_new.html", {"form": form})

"""Ledger pages: thin views over the filters, selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.access import gated_by
from xianju_invest.errors import add_service_errors
from xianju_invest.panels import viewer_key

from . import services
from .caches import ledger_figures
from .enums import PIPELINE, ProjectState
from .filters import ProjectFilter
from .forms import (
    DecisionForm,
    DocumentForm,
    ProjectCreateForm,
    ProjectForm,
    TaskForceForm,
    TransitionForm,
)
from .models import Project, ProjectDocument, TaskForce
from .pagination import TwoEndedPaginator
from .permissions import can_edit_project, can_record_decision, can_view_project, may_transition
from .selectors import ledger_rows, project_detail_queryset, project_timeline, today_local, yellow_cutoff

PAGE_SIZE = 25

# (label, planned field, actual field) for the milestone table.
MILESTONES = [
    (ProjectState.SIGNED, "planned_signing_date", "contract_date"),
    (ProjectState.LAND_SUPPLIED, None, "land_supplied_date"),
    (ProjectState.STARTED, "planned_start_date", "actual_start_date"),
    (ProjectState.COMPLETED, "planned_completion_date", "actual_completion_date"),
    (ProjectState.IN_PRODUCTION, "planned_production_date", "actual_production_date"),
    (ProjectState.AT_CAPACITY, "planned_capacity_date", "actual_capacity_date"),
]


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def drawn_table_key(request, today):
    """The key of the ledger's drawn table: everything its rows, count and links depend on. The
    version of `ledger_figures` (projects.caches: what moves it), the viewer (user, unit, permission
    digest: who may open the ledger), the language, the day and the yellow cutoff (the lights), and
    every filter, the sort and the page asked for."""
    asked = sorted(request.GET.lists())  # by name; each name's values in the order asked
    return ledger_figures.fragment_key(
        viewer_key(request.user), get_language(), today, yellow_cutoff(today), asked
    )


@gated_by(can_view_project)
def project_list(request):
    today = today_local()
    filtered = bool(set(request.GET) - {"page"})
    # Read (and drawn) only when the table's fragment, or the filter form's, is not kept already;
    # with only a page asked there is nothing to filter, and the form is drawn unbound.
    filterset = SimpleLazyObject(
        lambda: (
            ProjectFilter(request.GET, queryset=ledger_rows(today))
            if filtered
            else ProjectFilter(queryset=Project.objects.none())
        )
    )
    page = SimpleLazyObject(
        lambda: TwoEndedPaginator(filterset.qs if filtered else ledger_rows(today), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    context = {
        "filter": filterset,
        "page": page,
        "projects": SimpleLazyObject(lambda: page.object_list),
        "table_key": drawn_table_key(request, today),
        "query": params.urlencode(),
        "sort_query": sort_params.urlencode(),
        "current_sort": request.GET.get("sort", ""),
        "can_create": can_edit_project(request.user),
    }
    template = "projects/_ledger_table.html" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


def _detail_context(request, project, transition_forms=None, **forms):
    user = request.user
    steps = [to for to in services.allowed_targets(project.state) if may_transition(user, project, to)]
    bound = transition_forms or {}
    route = services.decision_route_for(project)
    bodies = list(route.bodies.order_by("id")) if route else []
    decisions = {d.body_id: d for d in project.decisions.select_related("body", "recorded_by")}
    try:
        task_force = project.task_force  # joined and prefetched by project_detail_queryset
    except TaskForce.DoesNotExist:
        task_force = None
    context = {
        "project": project,
        "pipeline": PIPELINE,
        "pipeline_index": PIPELINE.index(project.state) if project.state in PIPELINE else -1,
        "milestones": [
            {
                "label": state.label,
                "planned": getattr(project, planned) if planned else None,
                "actual": getattr(project, actual),
            }
            for state, planned, actual in MILESTONES
        ],
        "transition_forms": [bound.get(to) or TransitionForm(project=project, to=to) for to in steps],
        "timeline": project_timeline(project),
        "documents": project.documents.select_related("uploaded_by"),
        "task_force": task_force,
        "route": route,
        # The deciding bodies matter from the decision stage on, or once any has spoken.
        "bodies": [{"body": b, "decision": decisions.get(b.pk)} for b in bodies]
        if project.state == ProjectState.DECISION or decisions
        else [],
        "can_edit": can_edit_project(user, project),
        "can_decide": can_record_decision(user, project) and project.state == ProjectState.DECISION,
    }
    context["document_form"] = forms.get("document_form") or DocumentForm()
    context["task_force_form"] = forms.get("task_force_form") or TaskForceForm(
        initial={
            "lead": task_force.lead_id if task_force else None,
            "members": list(task_force.members.all()) if task_force else [],
            "experts": list(task_force.experts.all()) if task_force else [],
        }
    )
    if context["can_decide"]:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(bodies=bodies)
    return context


def _get_project(request, pk):
    _require(can_view_project(request.user))
    return get_object_or_404(project_detail_queryset(), pk=pk)


@gated_by(can_view_project)
def project_detail(request, pk):
    project = _get_project(request, pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


@gated_by(can_edit_project)
def project_create(request):
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS}
        try:
            state = form.cleaned_data["initial_state"]
            project = services.project_create(by=request.user, state=state, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Project “%(name)s” created.") % {"name": project.name})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "creating": True})


@gated_by(can_edit_project)
def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS}
        try:
            services.project_update(project=project, by=request.user, data=data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_transition(request, pk):
    project = _get_project(request, pk)
    to = request.POST.get("to", "")
    if to not in ProjectState.values:
        messages.error(request, _("Unknown step."))
        return redirect("projects:detail", pk=pk)
    form = TransitionForm(request.POST, project=project, to=to)
    if form.is_valid():
        try:
            services.project_transition(
                project=project, to=to, by=request.user, note=form.cleaned_data["note"], data=form.step_data()
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request, _("The project moved to “%(state)s”.") % {"state": ProjectState(to).label}
            )
            return redirect("projects:detail", pk=pk)
    context = _detail_context(request, project, transition_forms={to: form})
    if to not in [f.to for f in context["transition_forms"]]:
        # A step no longer on offer (someone moved the project meanwhile): say why on the page.
        messages.error(request, " ".join(form.non_field_errors()) or _("This step is not available."))
        return redirect("projects:detail", pk=pk)
    context["open_step"] = to
    return render(request, "projects/project_detail.html", context, status=400)


@login_required
@require_POST
def document_upload(request, pk):
    project = _get_project(request, pk)
    _require(can_edit_project(request.user, project))
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("projects:detail", pk=pk)
    context = _detail_context(request, project, document_form=form)
    return render(request, "projects/project_detail.html", context, status=400)


@login_required
@require_POST
def task_force_edit(request, pk):
    project = _get_project(request, pk)
    _require(can_edit_project(request.user, project))
    form = TaskForceForm(request.POST)
    if form.is_valid():
        services.task_force_set(project=project, by=request.user, **form.cleaned_data)
        messages.success(request, _("Task force saved."))
        return redirect("projects:detail", pk=pk)
    context = _detail_context(request, project, task_force_form=form)
    return render(request, "projects/project_detail.html", context, status=400)


@login_required
@require_POST
def decision_record(request, pk):
    project = _get_project(request, pk)
    _require(can_record_decision(request.user, project))
    form = DecisionForm(request.POST, bodies=services.required_bodies(project))
    if form.is_valid():
        try:
            services.decision_record(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("projects:detail", pk=pk)
    context = _detail_context(request, project, decision_form=form)
    return render(request, "projects/project_detail.html", context, status=400)


@gated_by(can_view_project)
def document_download(request, pk, document_id):
    """Documents are served only to people who may see the project."""
    document = get_object_or_404(ProjectDocument, pk=document_id, project_id=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )

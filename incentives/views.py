"""Reward pages: thin views over the selectors and services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.access import gated_by
from projects.models import Project

from . import calculator as calc
from . import excel, selectors, services
from . import permissions as can
from .enums import InstallmentState, Reward
from .forms import (
    AdjustmentForm,
    BeneficiaryFormSet,
    FiguresForm,
    NoteForm,
    ObjectionForm,
    PayForm,
    RegisterFilterForm,
    ResolveForm,
    TaxForm,
    TaxImportForm,
    WhatIfForm,
)
from .models import Beneficiary, Installment, Objection, RetainedTax, VerifiedFigures, masked_name
from .pagination import PAGE_SIZE, RegisterPaginator
from .templatetags.incentives_tags import yuan


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _filtered(request, with_filters=False):
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in data.items() if v}
    qs = selectors.register(user=request.user, **filters)
    if with_filters:
        return form, qs, {k: getattr(v, "pk", v) for k, v in filters.items()}
    return form, qs


@gated_by(can.can_view)
def register(request):
    form, qs, filters = _filtered(request, with_filters=True)
    totals = selectors.register_totals_cached(qs, filters)
    rows = selectors.register_rows(qs)
    page = RegisterPaginator(rows, PAGE_SIZE, count=totals["count"]).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    names = can.sees_payee_names(request.user)
    context = {
        "form": form,
        "page": page,
        # read (and labelled) only when the rows' fragment is not cached already
        "rows": SimpleLazyObject(lambda: _labelled(page.object_list, names=names)),
        # the fragment is cached under the register's version: any change to an installment moves it
        "rows_key": selectors.register_totals_cache.fragment_key(int(names), page.number, query.urlencode()),
        "totals": totals,
        "query": query.urlencode(),
        "can_check": can.can_check(request.user),
        "approved_count": Installment.objects.filter(state=InstallmentState.APPROVED).count()
        if can.can_check(request.user)
        else 0,
    }
    return render(request, "incentives/register.html", context)


# The register draws 50 rows a page: labels, figures and badges prepared here, not per row in tags.
BADGES = {
    InstallmentState.PAID: "text-bg-success",
    InstallmentState.HELD: "text-bg-danger",
    InstallmentState.WITHDRAWN: "text-bg-secondary",
    InstallmentState.NOTICED: "text-bg-info",
    InstallmentState.APPROVED: "text-bg-primary",
    InstallmentState.CHECKED: "text-bg-warning",
}


def _labelled(rows, *, names):
    rewards = {k: str(v) for k, v in Reward.choices}
    states = {k: str(v) for k, v in InstallmentState.choices}
    project_url = reverse("incentives:project", args=[0]).removesuffix("0/")
    return [
        {
            **row,
            "due": row["trigger_date"].isoformat(),
            "url": f"{project_url}{row['project_id']}/",
            "platform": row["project__platform__short_name"] or "—",
            "reward_label": rewards[row["reward"]],
            "slot_label": selectors.slot_label(row["slot"]),
            "state_label": states[row["state"]],
            "badge": BADGES.get(row["state"], "text-bg-light border"),
            "gross_text": yuan(row["gross"]),
            "net_text": yuan(row["net"]),
            "payee": row["beneficiary__name"]
            if names
            else masked_name(row["beneficiary__name"], row["beneficiary__kind"]),
        }
        for row in rows
    ]


@gated_by(can.can_view)
def register_export(request):
    """The filtered register as an Excel payment list (finance sees payee details in full)."""
    _form, qs = _filtered(request)
    content = excel.payment_list(
        qs, full=can.sees_payee_details(request.user), names=can.sees_payee_names(request.user)
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="rewards-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def project_rewards(request, pk):
    _require(can.can_view(request.user))
    project = get_object_or_404(Project.objects.select_related("platform"), pk=pk)
    rows, totals = selectors.project_rewards(project)
    figures, taxes = selectors.project_facts(project)
    staff = can.can_enter_facts(request.user)
    context = {
        "project": project,
        "rows": rows,
        "totals": [(label, totals.get(value)) for value, label in Reward.choices if value in totals],
        "figures": figures,
        "taxes": taxes,
        "beneficiaries": Beneficiary.objects.filter(project=project).order_by("reward", "position"),
        "can_enter": staff,
        "can_check": can.can_check(request.user),
        "can_approve": can.can_approve(request.user),
        "can_pay": can.can_pay(request.user),
        "sees_payee": can.sees_payee_details(request.user),
        "sees_names": can.sees_payee_names(request.user),
        "figures_form": FiguresForm() if staff else None,
        "tax_form": TaxForm() if staff else None,
        "pay_form": PayForm(),
        "user_id": request.user.pk,
    }
    return render(request, "incentives/project.html", context)


def _back(pk):
    return redirect(reverse("incentives:project", args=[pk]))


@login_required
@require_POST
def figures_enter(request, pk):
    if not can.can_enter_facts(request.user):  # refused before the form is read
        raise PermissionDenied
    project = get_object_or_404(Project, pk=pk)
    form = FiguresForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.figures_enter(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, _("Figures saved; a colleague must verify them."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}：{e}" if label else e)
    return _back(pk)


@login_required
@require_POST
def figures_verify(request, pk):
    figures = get_object_or_404(VerifiedFigures, project_id=pk)
    try:
        services.figures_verify(figures=figures, by=request.user)
        messages.success(request, _("Figures verified."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(pk)


@login_required
@require_POST
def tax_enter(request, pk):
    if not can.can_enter_facts(request.user):  # refused before the form is read
        raise PermissionDenied
    project = get_object_or_404(Project, pk=pk)
    form = TaxForm(request.POST)
    if form.is_valid():
        try:
            services.tax_enter(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, _("Retained tax saved; a colleague must verify it."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"{form.fields[field].label}：{e}")
    return _back(pk)


@login_required
@require_POST
def tax_verify(request, pk, tax_id):
    tax = get_object_or_404(RetainedTax, pk=tax_id, project_id=pk)
    try:
        services.tax_verify(tax=tax, by=request.user)
        messages.success(request, _("Retained tax verified."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(pk)


@gated_by(can.can_enter_facts)
def tax_import(request):
    form = TaxImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.tax_import(form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result.ok:
                messages.success(request, _("%(n)s tax rows imported.") % {"n": len(result.created)})
    status = 400 if (result and not result.ok) or form.errors else 200
    return render(request, "incentives/tax_import.html", {"form": form, "result": result}, status=status)


@login_required
def beneficiaries_edit(request, pk, reward):
    _require(can.can_enter_facts(request.user))
    project = get_object_or_404(Project, pk=pk)
    if reward not in Reward.values:
        raise PermissionDenied
    current = Beneficiary.objects.filter(project=project, reward=reward).order_by("position")
    initial = [{"name": b.name, "kind": b.kind, "share": b.share, "bank_name": b.bank_name} for b in current]
    formset = BeneficiaryFormSet(request.POST or None, initial=initial or None, prefix="b")
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data and f.cleaned_data.get("name")]
        referral = current.first().referral if current and reward == Reward.REFERRAL else None
        if referral and rows:
            rows[0]["referral"] = referral
        try:
            services.beneficiaries_set(project=project, reward=reward, rows=rows, by=request.user)
            messages.success(request, _("Beneficiaries saved."))
            return _back(pk)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
    context = {"project": project, "formset": formset, "reward_label": Reward(reward).label}
    return render(
        request, "incentives/beneficiaries.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def installment_act(request, pk, action):
    inst = get_object_or_404(Installment, pk=pk)
    try:
        if action == "check":
            services.installment_check(installment=inst, by=request.user, note=request.POST.get("note", ""))
        elif action == "approve":
            services.installment_approve(installment=inst, by=request.user, note=request.POST.get("note", ""))
        elif action == "publish":
            services.installment_publish(installment=inst, by=request.user)
        elif action == "pay":
            form = PayForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.installment_pay(installment=inst, by=request.user, **form.cleaned_data)
        elif action == "withdraw":
            services.installment_withdraw(
                installment=inst, by=request.user, reason=request.POST.get("reason")
            )
        elif action == "adjust":
            form = AdjustmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.adjustment_create(beneficiary=inst.beneficiary, by=request.user, **form.cleaned_data)
        else:
            raise PermissionDenied
        messages.success(request, _("Done."))
    except ValidationError as exc:
        _errors(request, exc)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return _back(inst.project_id)


@login_required
@require_POST
def publish_all(request):
    """Start the public notice of every approved installment."""
    _require(can.can_check(request.user))
    done = 0
    for inst in Installment.objects.filter(state=InstallmentState.APPROVED).order_by("pk")[:500]:
        try:
            services.installment_publish(installment=inst, by=request.user)
            done += 1
        except ValidationError as exc:
            _errors(request, exc)
    messages.success(request, _("%(n)s installments are now under public notice.") % {"n": done})
    return redirect("incentives:list")


@gated_by(can.can_open_approvals)
def approval_queue(request):
    rows = Paginator(selectors.approval_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": rows,
        "can_approve": can.can_approve(request.user),
        "note_form": NoteForm(),
        "sees_names": can.sees_payee_names(request.user),
    }
    return render(request, "incentives/queue.html", context)


def public_notice(request):
    """The 公示 page: no login; masked names; anyone may object."""
    page = Paginator(selectors.public_notice(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": ObjectionForm(), "today": timezone.localdate()}
    return render(request, "incentives/notice.html", context)


def objection_file(request, pk):
    inst = get_object_or_404(Installment.objects.public(), pk=pk)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_file(installment=inst, **form.cleaned_data)
            messages.success(
                request, _("Your objection is recorded; the payment is held until it is resolved.")
            )
            return redirect("incentives:notice")
        except ValidationError as exc:
            form.add_error(None, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "incentives/objection.html", {"form": form, "inst": inst}, status=status)


@login_required
@require_POST
def objection_resolve(request, pk):
    if not can.can_check(request.user):  # refused before the form is read
        raise PermissionDenied
    objection = get_object_or_404(Objection, pk=pk)
    form = ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.objection_resolve(objection=objection, by=request.user, **form.cleaned_data)
        messages.success(request, _("Objection resolved."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(objection.installment.project_id)


@login_required
def approval_form_pdf(request, pk):
    """The printable approval form (奖励审批表) of one installment, with its calculation lines."""
    _require(can.can_view(request.user))
    inst = get_object_or_404(
        Installment.objects.select_related("project", "beneficiary", "policy", "checked_by", "approved_by"),
        pk=pk,
    )
    from .approval_form import FontMissing, render_pdf

    try:
        content = render_pdf(inst, names=can.sees_payee_names(request.user))
    except FontMissing:
        messages.warning(
            request,
            _(
                "The approval form PDF needs a Chinese font that this server lacks; "
                "print the project's rewards page instead."
            ),
        )
        return _back(inst.project_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="reward-{inst.pk}.pdf"'
    return response


@gated_by(can.can_view)
def what_if(request):
    """Staff in negotiations: all three rewards for figures typed in, under any version."""
    form = WhatIfForm(request.GET or None)
    results = None
    if request.GET and form.is_valid():
        results = _what_if(form.cleaned_data)
    return render(request, "incentives/what_if.html", {"form": form, "results": results})


def _what_if(data):
    version = data["version"]
    policy = version.to_calculator()
    start = max(version.effective_from, timezone.localdate())
    production = start.replace(month=1, day=1) + dt.timedelta(days=400)
    tax = data.get("expected_tax") or calc.ZERO
    facts = calc.Facts(
        total_investment=data["total_investment"],
        fixed_asset_investment=data["fixed_asset_investment"],
        equipment_investment=data.get("equipment_investment") or calc.ZERO,
        land_area=data["land_area"],
        intensity_threshold=data.get("intensity_threshold") or None,
        category=data["category"],
        production_date=production,
        retained_tax={y: tax for y in calc.tax_years(production, policy.contribution_years)},
    )
    referrer = calc.Payee("r", _("Referrer"), calc.ORGANISATION, calc.HUNDRED)
    results = calc.schedule(
        policies=[policy],
        facts=facts,
        milestones=calc.Milestones(start, production, production),
        referrers=[referrer],
        company=referrer,
    )
    rows = [
        {"result": r, "label": selectors.slot_label(r.slot), "reward": Reward(r.reward).label}
        for _on, r in results
    ]
    totals = {}
    for r in rows:
        totals[r["reward"]] = totals.get(r["reward"], calc.ZERO) + r["result"].amount
    return {"rows": rows, "totals": totals, "policy": version}


@gated_by(can.can_view)
def forecast(request):
    from .due import forecast as forecast_rows

    rows = forecast_rows()
    months = {}
    for r in rows:
        key = r["date"].strftime("%Y-%m")
        months[key] = months.get(key, calc.ZERO) + r["amount"]
    labels = dict(Reward.choices)
    for r in rows:
        r["reward_label"], r["slot_label"] = labels[r["reward"]], selectors.slot_label(r["slot"])
    return render(
        request,
        "incentives/forecast.html",
        {"rows": rows, "months": sorted(months.items()), "total": sum(months.values(), calc.ZERO)},
    )

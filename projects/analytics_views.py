"""Pages for the leader's figures: rates, the dashboard, and the ledger as Excel (export / import)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from org.access import gated_by
from org.permissions import can_view_all, is_promotion_staff

from . import analytics, excel
from .filters import ProjectFilter
from .forms import bootstrap
from .models import Project
from .selectors import ledger_queryset

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Query parameters of these pages that are not ledger filters.
OWN_PARAMS = {"start", "end", "rate", "part", "page", "template"}


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def period(self):
        """The chosen period; the default (1 January to today) fills what is missing or invalid."""
        default = analytics.default_period(self.today)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return analytics.Period(
            data.get("start") or default.start, data.get("end") or default.end, self.today
        )


def _ledger_filter(request, queryset=None):
    params = request.GET.copy()
    for key in OWN_PARAMS:
        params.pop(key, None)
    return ProjectFilter(params or None, queryset=queryset if queryset is not None else Project.objects.all())


def _querystring(request, **changes):
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def _period_params(period):
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


@gated_by(can_view_all)
@require_GET
def rates_view(request):
    period_form = PeriodForm(request.GET or None)
    period = period_form.period()
    filterset = _ledger_filter(request)
    bootstrap(filterset.form)
    figures = analytics.rates(filterset.qs, period)
    base = reverse("projects:rate_projects")
    for rate in figures:
        for part in analytics.PARTS:
            rate[f"{part}_url"] = (
                f"{base}?{_querystring(request, rate=rate['key'], part=part, **_period_params(period))}"
            )
    return render(
        request,
        "projects/analytics/rates.html",
        {
            "period_form": period_form,
            "period": period,
            "filter": filterset,
            "rates": figures,
            "export_query": _querystring(request),
        },
    )


@gated_by(can_view_all)
@require_GET
def rate_projects_view(request):
    """The projects behind one side of a rate, with the ledger's filters and the rate's period."""
    key, part = request.GET.get("rate"), request.GET.get("part")
    if key not in analytics.RATES_BY_KEY or part not in analytics.PARTS:
        raise Http404
    period_form = PeriodForm(request.GET or None)
    period = period_form.period()
    filterset = _ledger_filter(request, ledger_queryset())
    projects = analytics.rate_projects(filterset.qs, key=key, part=part, period=period).order_by("-id")
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    rate = analytics.RATES_BY_KEY[key]
    return render(
        request,
        "projects/analytics/rate_projects.html",
        {
            "rate": rate,
            "part": part,
            "period": period,
            "page_obj": page,
            "rates_query": _querystring(request, rate=None, part=None),
            "page_query": _querystring(request),
            "export_query": _querystring(request),
        },
    )


@gated_by(can_view_all)
@require_GET
def dashboard_view(request):
    today = timezone.localdate()
    projects = Project.objects.all()
    period = analytics.default_period(today)
    charts = {
        "funnel": analytics.funnel(projects),
        "months": analytics.rates_by_month(projects, today=today),
        "platforms": analytics.by_platform(projects),
        "chains": analytics.by_chain(projects),
        "labels": {
            "projects": _("Projects"),
            "investment": _("Total investment (100 million yuan)"),
        },
    }
    figures = analytics.rates(projects, period)
    base = reverse("projects:rate_projects")
    for rate in figures:
        rate["numerator_url"] = (
            f"{base}?{_querystring(request, rate=rate['key'], part='numerator', **_period_params(period))}"
        )
    red = list(analytics.red_light_projects(projects, today=today))
    return render(
        request,
        "projects/analytics/dashboard.html",
        {
            "charts": charts,
            "month_rows": analytics.month_table(charts["months"]),
            "rates": figures,
            "period": period,
            "red_projects": red,
        },
    )


def _filtered_for_export(request):
    """The ledger's filters, narrowed to one side of a rate when the link came from the rates page."""
    queryset = _ledger_filter(request).qs
    key, part = request.GET.get("rate"), request.GET.get("part")
    if key in analytics.RATES_BY_KEY and part in analytics.PARTS:
        period = PeriodForm(request.GET).period()
        queryset = analytics.rate_projects(queryset, key=key, part=part, period=period)
    return queryset


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@gated_by(can_view_all)
@require_GET
def export_view(request):
    if request.GET.get("template"):
        return xlsx_response(excel.export_workbook(Project.objects.none()), "ledger-template.xlsx")
    content = excel.export_workbook(_filtered_for_export(request))
    return xlsx_response(content, excel.export_filename(timezone.localdate()))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ledger workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


@gated_by(is_promotion_staff)
def import_view(request):
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = excel.import_workbook(form.cleaned_data["file"], by=request.user)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                if result.ok:
                    messages.success(
                        request,
                        _("Imported %(n)s projects from the workbook.") % {"n": len(result.created)},
                    )
                    return redirect("projects:list")
                errors = result.errors
                messages.error(
                    request,
                    _("Nothing was imported: %(n)s problems found. Correct the rows below and upload again.")
                    % {"n": len(errors)},
                )
    else:
        form = ImportForm()
    return render(
        request,
        "projects/analytics/import.html",
        {"form": form, "errors": errors, "today": dt.date.today()},
    )

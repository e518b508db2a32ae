"""Pages: the public form, confirmation and status look-up; the staff triage queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.access import gated_by
from xianju_invest.errors import add_service_errors

from . import abuse, services
from . import permissions as can
from .api import NOT_FOUND_MESSAGE, submission_message
from .enums import ConfirmingParty, ReferralStatus, ReferralStep
from .forms import AcceptForm, MergeForm, ReferralForm, RejectForm, StatusForm
from .models import Referral, ReferralAttachment
from .selectors import referral_public_status, referral_queue, referral_queue_counts

SESSION_KEY = "referrals:submitted"


def submit(request):
    """The public form at /refer/: no account needed."""
    if request.method == "POST":
        if abuse.request_too_large(request):
            form = ReferralForm(captcha=abuse.captcha_required(request))
            form.add_error(None, _("The request is too large; attach fewer or smaller files."))
            return render(request, "referrals/submit.html", {"form": form}, status=413)
        if not abuse.submit_allowed(request):
            return render(request, "referrals/limited.html", status=429)
        form = ReferralForm(request.POST, request.FILES, captcha=abuse.captcha_required(request))
        if form.is_valid():
            try:
                referral = services.referral_submit(
                    data=form.service_data(), attachments=form.cleaned_data.get("attachments") or []
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                abuse.note_accepted(request)
                request.session[SESSION_KEY] = referral.pk
                return redirect("referrals:thanks")
        return render(request, "referrals/submit.html", {"form": form}, status=400)
    form = ReferralForm(captcha=abuse.captcha_required(request))
    return render(request, "referrals/submit.html", {"form": form})


def thanks(request):
    pk = request.session.get(SESSION_KEY)
    referral = Referral.objects.filter(pk=pk).first() if pk else None
    if referral is None:
        return redirect("referrals:submit")
    return render(
        request,
        "referrals/thanks.html",
        {"referral": referral, "message": submission_message(referral)},
    )


def status(request):
    """Status by tracking code + last 4 mobile digits; one answer for every kind of mismatch."""
    result = None
    not_found = False
    code = 200
    if request.method == "POST":
        if not abuse.status_allowed(request):
            return render(request, "referrals/limited.html", status=429)
        form = StatusForm(request.POST)
        if form.is_valid():
            result = referral_public_status(
                code=form.cleaned_data["tracking_code"], mobile_last4=form.cleaned_data["mobile_last4"]
            )
        not_found = result is None
        code = 200 if result else 404
    else:
        form = StatusForm()
    return render(
        request,
        "referrals/status.html",
        {"form": form, "result": result, "not_found": not_found, "not_found_message": NOT_FOUND_MESSAGE},
        status=code,
    )


def _require_queue(user):
    if not can.can_view_queue(user):
        raise PermissionDenied


@gated_by(can.can_view_queue)
def queue(request):
    selected = request.GET.get("status", "")
    if selected not in ReferralStatus.values:
        selected = ""
    search = request.GET.get("q", "").strip()
    page = Paginator(referral_queue(status=selected or None, search=search), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/queue.html",
        {
            "page": page,
            "counts": referral_queue_counts(),
            "selected": selected,
            "search": search,
            "full_data": can.sees_personal_data(request.user),
        },
    )


def _visible_referral(request, pk):
    referral = get_object_or_404(
        Referral.objects.select_related("project", "host_unit", "centre_confirmed_by", "host_confirmed_by"),
        pk=pk,
    )
    if not can.can_view(request.user, referral):
        raise PermissionDenied
    return referral


@login_required
def detail(request, pk, forms=None):
    referral = _visible_referral(request, pk)
    full = can.sees_personal_data(request.user)
    user = request.user
    forms = forms or {}
    steps = {
        step for step in services.allowed_steps(referral.status) if can.may_take_step(user, referral, step)
    }
    context = {
        "referral": referral,
        "full_data": full,
        "referrer_name": referral.referrer_name if full else can.mask_name(referral.referrer_name),
        "referrer_mobile": referral.referrer_mobile if full else can.mask_mobile(referral.referrer_mobile),
        "referrer_email": referral.referrer_email if full else can.mask_email(referral.referrer_email),
        "attachments": referral.attachments.all(),
        "can_accept": ReferralStep.ACCEPT in steps and referral.is_first,
        "can_triage": ReferralStep.REJECT in steps,
        "accept_form": forms.get("accept") or AcceptForm(prefix="accept"),
        "merge_form": forms.get("merge") or MergeForm(prefix="merge"),
        "reject_form": forms.get("reject") or RejectForm(prefix="reject"),
        "can_confirm_centre": ReferralStep.CONFIRM_CENTRE in steps
        and referral.is_first
        and not referral.centre_confirmed_at,
        "can_confirm_host": ReferralStep.CONFIRM_HOST in steps
        and referral.is_first
        and not referral.host_confirmed_at,
    }
    return render(request, "referrals/detail.html", context, status=400 if forms else 200)


def _triage_step(request, pk, form_class, form_name, fn, success):
    referral = _visible_referral(request, pk)
    if not can.may_take_step(request.user, referral, ReferralStep(form_name)):
        raise PermissionDenied  # before the form is read: it is not theirs to send
    form = form_class(request.POST, prefix=form_name)
    if form.is_valid():
        try:
            fn(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("referrals:detail", pk=referral.pk)
    return detail(request, pk, forms={form_name: form})


@login_required
@require_POST
def accept(request, pk):
    return _triage_step(
        request, pk, AcceptForm, "accept", services.referral_accept, _("Accepted into the ledger.")
    )


@login_required
@require_POST
def merge(request, pk):
    return _triage_step(
        request, pk, MergeForm, "merge", services.referral_merge, _("Merged into the project.")
    )


@login_required
@require_POST
def reject(request, pk):
    return _triage_step(request, pk, RejectForm, "reject", services.referral_reject, _("Referral rejected."))


@login_required
@require_POST
def confirm(request, pk, party):
    referral = _visible_referral(request, pk)
    if party not in ConfirmingParty.values:
        raise Http404
    try:
        services.referral_confirm(referral=referral, by=request.user, party=party)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Confirmation recorded."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def attachment(request, pk, attachment_id):
    referral = _visible_referral(request, pk)
    item = get_object_or_404(ReferralAttachment, pk=attachment_id, referral=referral)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.original_name)

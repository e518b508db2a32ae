from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from org import permissions as can
from org.access import gated_by

from . import selectors
from .forms import PreferenceForm
from .models import Delivery
from .services import delivery_retry_now, notification_mark_read, preference_for


@login_required
def inbox(request):
    show = request.GET.get("show", "all")
    qs = selectors.inbox_for(request.user)
    if show == "unread":
        qs = qs.unread()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    pref = preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST, instance=pref)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:inbox")
    else:
        form = PreferenceForm(instance=pref)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "show": show, "form": form, "unread_total": selectors.unread_count(request.user)},
    )


@never_cache
def badge(request):
    """The navigation bar's unread count, fetched by the badge itself (htmx) and refreshed."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # htmx swaps nothing; the page's login redirect handles it
    count = selectors.unread_count(request.user)
    return render(request, "notifications/_badge.html", {"unread_total": count})


@login_required
@require_POST
def mark_read(request, pk=None):
    """Mark one notification (or, without pk, all of them) as read; htmx swaps the row in place."""
    ids = None if pk is None else [pk]
    if pk is not None:
        get_object_or_404(request.user.notifications, pk=pk)
    notification_mark_read(user=request.user, ids=ids)
    if request.htmx and pk is not None:
        notification = request.user.notifications.get(pk=pk)
        return render(
            request,
            "notifications/_notification.html",
            {"n": notification, "unread_total": selectors.unread_count(request.user), "oob": True},
        )
    return redirect("notifications:inbox")


@gated_by(can.can_view_all)
def agenda(request):
    return render(request, "notifications/agenda.html", {"agenda": selectors.meeting_agenda()})


@gated_by(can.is_administrator)
def jobs(request):
    return render(
        request,
        "notifications/jobs.html",
        {
            "schedule": selectors.job_schedule(),
            "runs": selectors.recent_runs(),
            "failed": selectors.failed_deliveries(),
            "counts": selectors.delivery_counts(),
        },
    )


@login_required
@require_POST
def delivery_retry(request, pk):
    if not can.is_administrator(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery, pk=pk)
    if delivery_retry_now(delivery=delivery, by=request.user):
        messages.success(request, _("The delivery will be sent again within five minutes."))
    else:
        messages.error(request, _("This delivery is not waiting to be sent again."))
    return redirect("notifications:jobs")

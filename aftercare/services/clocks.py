"""Clock arithmetic on the working-day calendar, with the policy in force."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workdays.services import add_workdays, workdays_between

from ..enums import Complexity
from ..models import ClockPolicy


def policy_ensure_default():
    """The default policy of issue 15 when no version exists (migration 0002 seeds it too)."""
    from ..defaults import DEFAULT_POLICY

    if not ClockPolicy.objects.exists():
        ClockPolicy.objects.create(**DEFAULT_POLICY)


def policy_on(day):
    policy_ensure_default()
    found = ClockPolicy.objects.in_force(day)
    if found is None:
        raise ValidationError(_("No request clock policy is in force on %(day)s.") % {"day": day})
    return found


def route_dues(*, policy, on, complexity, committed_date=None):
    """{"contact_due", "reply_due", "close_due"} for a request routed on `on`."""
    dues = {
        "contact_due": add_workdays(on, policy.contact_workdays),
        "reply_due": add_workdays(on, policy.reply_workdays),
    }
    if complexity == Complexity.COMPLEX:
        latest = add_workdays(on, policy.close_complex_workdays)
        if committed_date is None:
            raise ValidationError({"committed_date": _("A complex request needs a committed date.")})
        if committed_date <= on or committed_date > latest:
            raise ValidationError(
                {
                    "committed_date": _(
                        "The committed date must be after today and no later than %(latest)s."
                    )
                    % {"latest": latest}
                }
            )
        dues["close_due"] = committed_date
    else:
        dues["close_due"] = add_workdays(on, policy.close_general_workdays)
    return dues


def paused_workdays(start, end):
    """Working days the clock stood still: those in (start, end]."""
    return max(workdays_between(start, end), 0)


def shifted(due, workdays):
    return add_workdays(due, workdays) if due and workdays else due


def extension_in_time(*, policy, on, due):
    """An extension is asked at least N working days before the due date."""
    return workdays_between(on, due) >= policy.extension_notice_workdays

"""The request's clocks on the Chinese working-day calendar (National Day 2025: 1–8 October off,
Sunday 28 September and Saturday 11 October make-up working days)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from aftercare import services
from aftercare.enums import ExtensionState, RequestState
from aftercare.models import ClockPolicy

D = dt.date


def test_routing_sets_the_clocks_over_national_day_and_the_make_up_saturday(routed):
    request = routed(on=D(2025, 9, 29))

    assert request.contact_due == D(2025, 9, 30)
    # 30 Sept, then 9 and 10 October: the holiday week does not count.
    assert request.reply_due == D(2025, 10, 10)
    # The make-up Saturday 11 October counts, Sunday 12 does not.
    assert request.close_due == D(2025, 10, 13)


def test_a_pause_moves_every_running_clock_and_an_extension_moves_the_close_date(routed, lead, staff):
    request = routed(on=D(2025, 9, 29))
    services.request_contact(request=request, by=lead, note="电话联系", on=D(2025, 9, 30))

    services.pause_start(request=request, by=lead, reason="等待企业提供负荷清单", on=D(2025, 10, 9))
    request.refresh_from_db()
    assert request.state == RequestState.WAITING
    services.pause_end(request=request, by=lead, on=D(2025, 10, 13))
    request.refresh_from_db()

    # Paused over 10, 11 (make-up) and 13 October: three working days.
    assert request.pauses.get().workdays == 3
    assert request.state == RequestState.IN_PROGRESS
    assert request.reply_due == D(2025, 10, 14)
    assert request.close_due == D(2025, 10, 16)
    assert request.contact_due == D(2025, 9, 30)  # met before the pause: unchanged

    extension = services.extension_ask(
        request=request, by=lead, new_due=D(2025, 10, 24), reason="需供电公司排期", on=D(2025, 10, 14)
    )
    services.extension_decide(extension=extension, by=staff, approve=True, on=D(2025, 10, 15))
    request.refresh_from_db()
    extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
    assert request.close_due == D(2025, 10, 24)

    actions = list(request.pk and _timeline(request))
    assert actions.count("aftercare.extension_asked") == 1
    assert actions.count("aftercare.extension_approved") == 1
    assert sum(1 for a in actions if a == "aftercare.transition") >= 3  # routed, contacted, paused, resumed


def _timeline(request):
    from audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_id=request.pk, content_type__model="servicerequest")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_an_extension_on_the_due_date_itself_is_refused(routed, lead):
    request = routed(on=D(2025, 9, 29))

    with pytest.raises(ValidationError) as caught:
        services.extension_ask(
            request=request, by=lead, new_due=D(2025, 10, 20), reason="来不及", on=D(2025, 10, 13)
        )

    assert "至少" in " ".join(caught.value.messages)
    request.refresh_from_db()
    assert request.close_due == D(2025, 10, 13)
    assert not request.extensions.exists()


def test_a_new_policy_version_applies_to_requests_routed_from_its_date(routed):
    ClockPolicy.objects.create(name="新版", effective_from=D(2025, 11, 1), close_general_workdays=3)

    before = routed(on=D(2025, 10, 27))
    after = routed(on=D(2025, 11, 3))

    assert before.close_due == D(2025, 11, 3)  # five working days
    assert after.close_due == D(2025, 11, 6)  # three


def test_a_complex_request_needs_a_committed_date_within_fifteen_working_days(file_request, staff, units):
    request = file_request(on=D(2025, 11, 3))

    with pytest.raises(ValidationError) as caught:
        services.request_route(
            request=request, by=staff, lead_unit=units["kaifaqu"], complexity="complex",
            committed_date=D(2025, 12, 31), on=D(2025, 11, 3),
        )  # fmt: skip

    assert "committed_date" in caught.value.message_dict
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
    assert not request.assignments.exists()  # nothing half-saved

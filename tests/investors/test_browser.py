"""In the browser: staff log a visit with a next step, the reminder sweep runs, and the reminder
arrives in the staff member's notifications, leading back to the visit."""

import pytest
from django.utils import timezone

from notifications.models import Event
from notifications.reminders import deadline_sweep
from notifications.services import event_fan_out
from tests import factories
from tests.conftest import login
from workdays.services import add_workdays, is_workday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_log_a_visit_and_the_next_steps_reminder_arrives(page, live_server):
    import datetime as dt

    from investors.models import LeadClockPolicy, Source

    LeadClockPolicy.objects.get_or_create(effective_from=dt.date(2024, 1, 1))
    factories.make_user("promotion_staff", "touchu", username="visitor")
    investor = factories.make_investor(name="苏州瑞塑新材料科技有限公司")
    Source.objects.create(name="深圳驻点招商办", kind="outpost")
    today = timezone.localdate()
    due = add_workdays(today, 1)

    login(page, live_server, "visitor")
    page.goto(f"{live_server.url}/investors/{investor.pk}/")
    form = page.locator("#interaction-form")
    form.locator("#id_kind").select_option("negotiation")
    form.locator("#id_place_kind").select_option("outpost")
    form.locator("#id_outpost").select_option(label="深圳驻点招商办")
    form.locator("#id_outcome").fill("投资方确认落户意向，需明确用地指标。")
    form.locator("#id_next_step").fill("提交用地指标测算")
    form.locator("#id_next_step_due").fill(due.isoformat())
    form.locator("#id_supplier_needs").check()
    form.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    timeline = page.locator("#investor-timeline").inner_text()
    assert "提交用地指标测算" in timeline and "深圳驻点招商办" in timeline and "有配套需求" in timeline

    # The daily sweep (as the scheduled job runs it), on a working day before the due date.
    sweep_day = today if is_workday(today) else add_workdays(today, 1)
    counts = deadline_sweep(today=min(sweep_day, due))
    assert counts["reminders"] >= 1
    for event in Event.objects.filter(key__contains="investor-next-step"):
        event_fan_out(event.pk)  # what the worker does with each outbox event

    page.goto(f"{live_server.url}/notifications/")
    reminder = (
        page.locator("#notifications").get_by_role("link").filter(has_text="的下一步：提交用地指标测算")
    )
    assert f"{due.isoformat()} 到期" in reminder.inner_text()
    reminder.click()
    page.wait_for_load_state("networkidle")
    assert f"/investors/{investor.pk}/" in page.url
    assert page.locator("[id^=interaction-]").first.is_visible()

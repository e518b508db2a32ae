"""calculated → checked → approved → publicly noticed (objections hold it) → paid, through one door."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from audit.models import AuditEntry
from incentives import services
from incentives.enums import InstallmentState as S
from incentives.models import Installment, PolicyVersion
from notifications.models import Event

from .conftest import TODAY


@pytest.fixture
def completion(worked_example):
    services.installments_create_due(today=TODAY)
    return Installment.objects.get(project=worked_example, slot="completion")


def walk_to_notice(inst, staff, leader, today):
    services.installment_check(installment=inst, by=staff)
    services.installment_approve(installment=inst, by=leader)
    services.installment_publish(installment=inst, by=staff, today=today)


def test_full_lifecycle_is_audited_and_announced(completion, staff, leader, finance):
    walk_to_notice(completion, staff, leader, TODAY)
    assert completion.state == S.NOTICED
    assert (completion.notice_from, completion.notice_until) == (TODAY, TODAY + dt.timedelta(days=6))
    paid_day = TODAY + dt.timedelta(days=7)
    services.installment_pay(
        installment=completion, by=finance, paid_on=paid_day, voucher_no="记-0042", today=paid_day
    )
    completion.refresh_from_db()
    assert (completion.state, completion.voucher_no, completion.paid_by) == (S.PAID, "记-0042", finance)
    steps = list(
        AuditEntry.objects.filter(object_id=completion.pk, action__startswith="reward.")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert steps == ["reward.checked", "reward.approved", "reward.noticed", "reward.paid"]
    created = AuditEntry.objects.get(action="reward.calculated", project_id=completion.project_id)
    assert completion.pk in [i["id"] for i in created.data["installments"]]
    assert Event.objects.filter(kind="reward.checked", recipients=leader).exists()


def test_payment_waits_for_seven_calendar_days_of_notice(completion, staff, leader, finance):
    walk_to_notice(completion, staff, leader, TODAY)
    last_day = TODAY + dt.timedelta(days=6)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.installment_pay(
            installment=completion, by=finance, paid_on=last_day, voucher_no="1", today=last_day
        )
    assert "公示" in str(err.value)


def test_only_finance_pays_and_only_leaders_approve(completion, staff, staff2, leader):
    with pytest.raises(PermissionDenied):
        services.installment_approve(installment=completion, by=staff)
    services.installment_check(installment=completion, by=staff)
    with pytest.raises(ValidationError):  # approving twice is refused: the state moved on
        services.installment_check(installment=completion, by=staff2)
    services.installment_approve(installment=completion, by=leader)
    services.installment_publish(installment=completion, by=staff, today=TODAY)
    later = TODAY + dt.timedelta(days=8)
    with pytest.raises(PermissionDenied):
        services.installment_pay(installment=completion, by=staff, paid_on=later, voucher_no="1", today=later)


def test_an_objection_holds_the_payment_until_staff_resolve_it(completion, staff, leader, finance):
    walk_to_notice(completion, staff, leader, TODAY)
    objection = services.objection_file(
        installment=completion, name="李四", contact="13900000000", text="引荐人不实"
    )
    completion.refresh_from_db()
    assert completion.state == S.HELD
    later = TODAY + dt.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.installment_pay(
            installment=completion, by=finance, paid_on=later, voucher_no="1", today=later
        )
    services.objection_resolve(
        objection=objection, outcome="dismissed", resolution="经核实引荐属实", by=staff
    )
    completion.refresh_from_db()
    assert completion.state == S.NOTICED
    services.installment_pay(installment=completion, by=finance, paid_on=later, voucher_no="1", today=later)


def test_objections_are_taken_only_while_the_notice_runs(completion, staff, leader):
    from incentives.selectors import public_notice

    walk_to_notice(completion, staff, leader, TODAY)
    last_day, after = TODAY + dt.timedelta(days=6), TODAY + dt.timedelta(days=7)
    assert completion in public_notice(today=last_day)
    assert completion not in public_notice(today=after)  # the 公示 is over: off the public page
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.objection_file(installment=completion, name="李四", contact="x", text="不实", today=after)
    assert "公示已于" in refused.value.messages[0]
    completion.refresh_from_db()
    assert completion.state == S.NOTICED and not completion.objections.exists()
    services.objection_file(installment=completion, name="李四", contact="x", text="不实", today=last_day)
    completion.refresh_from_db()
    assert completion.state == S.HELD
    assert completion in public_notice(today=after)  # held: shown until staff resolve it


def test_an_upheld_objection_withdraws_the_installment_and_frees_the_cap(completion, staff, leader):
    walk_to_notice(completion, staff, leader, TODAY)
    objection = services.objection_file(installment=completion, name="李四", contact="x", text="不实")
    services.objection_resolve(objection=objection, outcome="upheld", resolution="属实，撤销", by=staff)
    completion.refresh_from_db()
    assert completion.state == S.WITHDRAWN


def test_a_version_used_by_a_checked_amount_is_read_only(completion, staff):
    version = PolicyVersion.objects.get()
    assert not version.is_locked
    services.installment_check(installment=completion, by=staff)
    assert version.is_locked
    with pytest.raises(ValidationError):
        version.full_clean()
    # nor through any other door: the version, its rows, a new row
    version.referral_rate = D("0.01")
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.cap_tiers.first().delete()
    with pytest.raises(ValidationError):
        version.factors.create(min_ratio=D("2"), factor=D("1.5"))
    assert PolicyVersion.objects.get().referral_rate == D("0.005")


def test_adjustment_is_a_new_audited_installment_within_the_cap(completion, staff, staff2, leader):
    walk_to_notice(completion, staff, leader, TODAY)
    with pytest.raises(ValidationError):  # the cap (2,000,000) is already used up
        services.adjustment_create(beneficiary=completion.beneficiary, amount="0.01", reason="补发", by=staff)
    adj = services.adjustment_create(
        beneficiary=completion.beneficiary, amount="-1000.00", reason="重复计算", by=staff
    )
    assert (adj.slot, adj.gross, adj.tax, adj.net, adj.state) == (
        "adj-1",
        D("-1000.00"),
        D("-200.00"),
        D("-800.00"),
        S.CALCULATED,
    )
    completion.refresh_from_db()
    assert completion.gross == D("2000000.00")  # the approved amount itself never changes
    with pytest.raises(ValidationError):  # the one who recorded it cannot check it
        services.installment_check(installment=adj, by=staff)
    services.installment_check(installment=adj, by=staff2)
    assert AuditEntry.objects.filter(object_id=adj.pk, action="reward.adjustment", note="重复计算").exists()

"""The daily job's rerun: a project is looked at again only when its facts, its milestones or the
policy versions moved since it was last reviewed."""

import datetime as dt
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from incentives import services
from incentives.enums import FactState, Reward
from incentives.models import Installment, PolicyVersion, RetainedTax, RewardReview
from incentives.services import installments_create_due

from .conftest import TODAY


def operating(project):
    return Installment.objects.filter(project=project, reward=Reward.OPERATING)


def test_a_rerun_with_nothing_new_finds_nothing_in_one_statement(
    worked_example, django_assert_max_num_queries
):
    installments_create_due(today=TODAY)
    assert RewardReview.objects.get(project=worked_example).due_through == TODAY
    with django_assert_max_num_queries(5):  # the policy versions with their rows, then one UNION
        assert installments_create_due(today=TODAY) == 0


def test_an_edit_that_changes_nothing_the_calculator_sees_creates_nothing(
    worked_example, django_assert_max_num_queries
):
    installments_create_due(today=TODAY)
    before = RewardReview.objects.get(project=worked_example).reviewed_at
    worked_example.name = "改名后的项目"
    worked_example.save()
    assert installments_create_due(today=TODAY) == 0
    assert RewardReview.objects.get(project=worked_example).reviewed_at > before  # looked at again
    with django_assert_max_num_queries(5):
        assert installments_create_due(today=TODAY) == 0


def test_a_tax_year_verified_later_is_found(worked_example, staff, staff2):
    installments_create_due(today=TODAY)
    RetainedTax.objects.create(
        project=worked_example,
        year=2027,
        amount=D("80000000"),  # 40万/亩 on 200 亩: the operating reward's threshold is met
        state=FactState.VERIFIED,
        entered_by=staff,
        verified_by=staff2,
        verified_at=timezone.now(),
    )
    assert installments_create_due(today=TODAY) == 2
    made = dict(
        Installment.objects.filter(project=worked_example, slot="tax-2027").values_list("reward", "gross")
    )
    assert made == {"referral": D("0.00"), "operating": D("32000000.00")}  # cap reached; 40% of 8,000万


def test_a_tax_year_that_ends_after_the_last_run_is_found_when_it_ends(worked_example, staff, staff2):
    RetainedTax.objects.create(
        project=worked_example,
        year=2027,
        amount=D("80000000"),
        state=FactState.VERIFIED,
        entered_by=staff,
        verified_by=staff2,
        verified_at=timezone.now(),
    )
    installments_create_due(today=dt.date(2027, 12, 30))
    assert not Installment.objects.filter(project=worked_example, slot="tax-2027").exists()
    assert installments_create_due(today=dt.date(2027, 12, 30)) == 0
    assert installments_create_due(today=dt.date(2027, 12, 31)) == 2


def test_reverified_figures_make_a_not_payable_slot_payable(worked_example, staff, staff2):
    installments_create_due(today=TODAY)
    assert not operating(worked_example).exists()
    figures = services.figures_enter(
        project=worked_example,
        fixed_asset_investment="800000000",
        equipment_investment="300000000",
        land_area="40",  # 1,500万 on 40 亩 is 37.5万/亩, above the 30万/亩 threshold
        document=SimpleUploadedFile("复核报告.pdf", b"%PDF-1.4 figures", content_type="application/pdf"),
        by=staff,
    )
    assert installments_create_due(today=TODAY) == 0  # entered, not yet verified: nothing moves
    services.figures_verify(figures=figures, by=staff2)
    assert installments_create_due(today=TODAY) == 1
    [row] = operating(worked_example)
    assert (row.slot, row.gross) == ("tax-2026", D("7500000.00"))  # 50% of 1,500万


def test_a_new_policy_version_looks_again_at_what_was_not_payable(worked_example):
    installments_create_due(today=TODAY)
    old = PolicyVersion.objects.get()
    new = PolicyVersion.objects.create(name="降低门槛", effective_from=old.effective_from.replace(year=2026))
    new.tax_threshold = D("5")  # 万元 per 亩: 7.5 now passes
    new.save()
    for f in old.factors.all():
        new.factors.create(min_ratio=f.min_ratio, factor=f.factor)
    for t in old.cap_tiers.all():
        new.cap_tiers.create(from_total=t.from_total, cap=t.cap)
    for r in old.operating_rates.all():
        new.operating_rates.create(year=r.year, rate=r.rate)
    assert installments_create_due(today=TODAY) == 1
    assert operating(worked_example).get().policy == new

"""The daily job's rerun: what was decided is not computed again until its facts or policies change."""

from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile

from incentives import services
from incentives.enums import Reward
from incentives.models import Installment, NotPayable, PolicyVersion
from incentives.services import installments_create_due

from .conftest import TODAY


def operating(project):
    return Installment.objects.filter(project=project, reward=Reward.OPERATING)


def test_a_rerun_with_nothing_new_finds_nothing_in_one_statement(
    worked_example, django_assert_max_num_queries
):
    installments_create_due(today=TODAY)
    # the year-1 operating reward is not payable (7.5万/亩 < 30万/亩): remembered, not recomputed
    assert NotPayable.objects.filter(
        project=worked_example, reward=Reward.OPERATING, slot="tax-2026"
    ).exists()
    with django_assert_max_num_queries(5):  # the policy versions with their rows, then one UNION
        assert installments_create_due(today=TODAY) == 0


def test_an_edit_that_changes_nothing_the_calculator_sees_creates_nothing(
    worked_example, django_assert_max_num_queries
):
    installments_create_due(today=TODAY)
    decided = NotPayable.objects.get(project=worked_example, reward=Reward.OPERATING)
    worked_example.name = "改名后的项目"
    worked_example.save()
    assert installments_create_due(today=TODAY) == 0
    again = NotPayable.objects.get(pk=decided.pk)
    assert again.fingerprint == decided.fingerprint and again.decided_at > decided.decided_at
    with django_assert_max_num_queries(5):
        assert installments_create_due(today=TODAY) == 0


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
    assert not NotPayable.objects.filter(project=worked_example, reward=Reward.OPERATING).exists()


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

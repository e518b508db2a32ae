"""The daily job: what fell due is created once, with its explanation, under the right version."""

import datetime as dt
from decimal import Decimal as D

from audit.models import AuditEntry
from incentives.enums import InstallmentState, Reward
from incentives.models import Beneficiary, Installment, PolicyVersion
from incentives.services import installments_create_due
from projects.models import Project
from tests import factories

from .conftest import TODAY


def amounts(project, reward=Reward.REFERRAL):
    return dict(
        Installment.objects.filter(project=project, reward=reward)
        .values_list("slot", "gross")
        .order_by("slot")
    )


def test_worked_example_grants_two_million_at_completion_and_nothing_later(worked_example):
    installments_create_due(today=TODAY)
    assert amounts(worked_example) == {
        "completion": D("2000000.00"),
        "capacity": D("0.00"),
        "tax-2026": D("0.00"),
    }
    capacity = Installment.objects.get(project=worked_example, slot="capacity")
    assert capacity.computed == D("2000000.00")
    assert "cap_trim" in [line["rule"] for line in capacity.explanation()]
    # the individual referrer has 20% withheld
    completion = Installment.objects.get(project=worked_example, slot="completion")
    assert (completion.tax, completion.net) == (D("400000.00"), D("1600000.00"))
    assert completion.beneficiary.referral is not None


def test_company_rewards_go_to_the_project_company(worked_example):
    installments_create_due(today=TODAY)
    investment = Installment.objects.get(project=worked_example, reward=Reward.INVESTMENT)
    # 3% of 3亿 equipment = 9,000,000 (under the 10,000,000 cap); no tax withheld from a company
    assert (investment.gross, investment.tax) == (D("9000000.00"), D("0.00"))
    assert investment.beneficiary.name == worked_example.investor_name
    # year-1 operating reward: 1,500万 on 200 亩 is 7.5万/亩 < 30万/亩: not eligible, nothing created
    assert not Installment.objects.filter(project=worked_example, reward=Reward.OPERATING).exists()


def test_running_the_job_twice_creates_each_installment_once(worked_example):
    first = installments_create_due(today=TODAY)
    assert first == 4
    assert installments_create_due(today=TODAY) == 0
    assert Installment.objects.filter(project=worked_example).count() == 4
    [entry] = AuditEntry.objects.filter(action="reward.calculated", project_id=worked_example.pk)
    assert sorted(i["slot"] for i in entry.data["installments"]) == [
        "capacity",
        "completion",
        "production",
        "tax-2026",
    ]


def test_nothing_is_due_before_the_figures_are_verified(staff, worked_example):
    worked_example.reward_figures.state = "entered"
    worked_example.reward_figures.save()
    assert installments_create_due(today=TODAY) == 0


def test_milestones_in_the_future_are_not_due(worked_example):
    assert installments_create_due(today=dt.date(2025, 5, 31)) == 0
    installments_create_due(today=dt.date(2025, 6, 1))
    assert set(amounts(worked_example)) == {"completion"}


def test_unconfirmed_referral_earns_nothing(default_policy, staff, staff2):
    project = factories.make_rewarded_project(entered_by=staff, verified_by=staff2)
    factories.make_confirmed_referral(project, host_confirmed_at=None)
    installments_create_due(today=TODAY)
    assert amounts(project) == {}
    assert Installment.objects.filter(project=project, reward=Reward.INVESTMENT).exists()


def test_co_referrers_share_with_the_leftover_fen_to_the_first_listed(worked_example, staff):
    from incentives.services import beneficiaries_set

    beneficiaries_set(
        project=worked_example,
        reward=Reward.REFERRAL,
        by=staff,
        rows=[
            {"name": "甲", "kind": "organisation", "share": "33.33"},
            {"name": "乙", "kind": "individual", "share": "33.33"},
            {"name": "丙", "kind": "organisation", "share": "33.34"},
        ],
    )
    installments_create_due(today=TODAY)
    rows = Installment.objects.filter(project=worked_example, slot="completion").order_by(
        "beneficiary__position"
    )
    assert [r.gross for r in rows] == [D("666600.00"), D("666600.00"), D("666800.00")]
    assert sum(r.gross for r in rows) == D("2000000.00")
    assert [r.tax for r in rows] == [D("0.00"), D("133320.00"), D("0.00")]


def test_a_new_version_applies_from_its_effective_date_and_never_changes_earlier_amounts(worked_example):
    installments_create_due(today=dt.date(2025, 6, 30))
    before = amounts(worked_example)
    old = PolicyVersion.objects.get()
    new = PolicyVersion.objects.create(
        name="2026 修订", effective_from=dt.date(2026, 3, 1), referral_rate=D("0.001")
    )
    for f in old.factors.all():
        new.factors.create(min_ratio=f.min_ratio, factor=f.factor)
    for t in old.cap_tiers.all():
        new.cap_tiers.create(from_total=t.from_total, cap=t.cap)
    installments_create_due(today=TODAY)
    after = amounts(worked_example)
    assert after["completion"] == before["completion"] == D("2000000.00")
    capacity = Installment.objects.get(project=worked_example, slot="capacity")
    assert capacity.policy == new  # capacity reached on 2026-03-01, the new version's first day
    assert capacity.computed == D("400000.00")  # 0.1% × 8亿 × 1.0 × 50%


def test_beneficiaries_are_added_once(worked_example):
    installments_create_due(today=TODAY)
    installments_create_due(today=TODAY)
    assert Beneficiary.objects.filter(project=worked_example).count() == 3


def test_an_exited_project_gets_no_new_installments(worked_example):
    worked_example.state = "exited"
    worked_example.save()
    assert installments_create_due(today=TODAY) == 0
    assert not Installment.objects.filter(state=InstallmentState.CALCULATED).exists()


def test_forecast_lists_what_planned_milestones_will_bring(default_policy):
    from incentives.due import forecast

    today = dt.date.today()
    referred = factories.make_project(
        state="started",
        total_investment=D("1200000000"),
        fixed_asset_investment=D("800000000"),
        equipment_investment=D("100000000"),
        land_area=D("200"),
        planned_completion_date=today + dt.timedelta(days=30),
        planned_production_date=today + dt.timedelta(days=60),
        planned_capacity_date=today + dt.timedelta(days=300),
    )
    factories.make_confirmed_referral(referred)
    unreferred = factories.make_project(
        state="started", planned_completion_date=today + dt.timedelta(days=30), equipment_investment=D("0")
    )
    rows = [(r["project_id"], r["reward"], r["slot"], r["amount"]) for r in forecast(today=today)]
    assert (referred.pk, "referral", "completion", D("2000000.00")) in rows
    assert (referred.pk, "investment", "production", D("3000000.00")) in rows
    assert not [r for r in rows if r[0] == unreferred.pk and r[1] == "referral"]


def test_the_explanation_is_recomputed_from_the_facts_the_job_used(worked_example, default_policy):
    installments_create_due(today=TODAY)
    completion = Installment.objects.get(project=worked_example, slot="completion")
    assert completion.lines == [] and completion.basis_id is not None
    shown = completion.explanation()
    rules = [line["rule"] for line in shown]
    assert rules[0] == "min_total" and rules[-1] == "withholding"
    assert shown[-1]["value"] == "400000.00" and str(shown[-1]["label"])
    # the project's figures move afterwards: the lines still show those the amount rests on
    Project.objects.filter(pk=worked_example.pk).update(total_investment=D("900000000"))
    assert Installment.objects.get(pk=completion.pk).explanation() == shown
    # a version edited while its installments are only calculated: the lines say they now differ
    default_policy.withholding_rate = D("0.10")
    default_policy.save()
    again = Installment.objects.get(pk=completion.pk).explanation()
    assert again[-1]["rule"] == "changed_since" and again[-1]["value"] == "2000000.00"


def test_the_default_beneficiaries_carry_the_referrer_and_the_company_s_encrypted_credit_code(worked_example):
    worked_example.investor_credit_code = "91331024MA2K0XJ21X"
    worked_example.save()
    installments_create_due(today=TODAY)
    company = Beneficiary.objects.get(project=worked_example, reward=Reward.INVESTMENT)
    assert (company.name, company.kind, company.share) == (worked_example.investor_name, "organisation", 100)
    assert company.identifier == "91331024MA2K0XJ21X"
    assert company.identifier_encrypted != "91331024MA2K0XJ21X"
    assert (company.bank_name, company.account) == ("", "")
    referrer = Beneficiary.objects.get(project=worked_example, reward=Reward.REFERRAL)
    assert (referrer.referral.project_id, referrer.identifier, referrer.bank_name) == (
        worked_example.pk,
        "",
        "",
    )
    completion = Installment.objects.get(project=worked_example, slot="completion")
    assert (completion.state, completion.lines, completion.reason) == (InstallmentState.CALCULATED, [], "")
    assert completion.created_at is not None

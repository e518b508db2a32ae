"""Demo rewards for seed_demo: the finance account and three rewarded projects with installments in
every state (calculated, checked, approved, publicly noticed, held by an objection, paid, withdrawn).

The first referrer follows their reward on /refer/status/ with code XIAN-JUDE-MORE-WARD and 9999.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from org.enums import Role
from org.models import User
from projects.company import company_name_key
from projects.enums import Category, ProjectState
from projects.models import Project
from referrals.enums import ReferralStatus
from referrals.models import Referral

from . import services
from .enums import InstallmentState, Reward
from .models import Installment

YI = Decimal("100000000")
# name, investor, category, total, FAI, equipment, land, completion, production, capacity, taxes, referrers
DEMO = [
    (
        "医用高分子导管产业化项目",
        "苏州康维医疗科技有限公司",
        Category.INDUSTRIAL,
        12 * YI,
        8 * YI,
        3 * YI,
        Decimal("200"),
        dt.date(2024, 6, 1),
        dt.date(2024, 9, 10),
        dt.date(2025, 3, 1),
        {2025: Decimal("15000000")},
        [("刘建国", "individual", 100)],
    ),
    (
        "精密注塑模具智能工厂",
        "宁波精塑模具股份有限公司",
        Category.INDUSTRIAL,
        Decimal("3.5") * YI,
        3 * YI,
        YI,
        Decimal("60"),
        dt.date(2024, 5, 1),
        dt.date(2024, 8, 1),
        None,
        {2025: Decimal("20000000")},
        [("台州市浙商研究会", "organisation", 60), ("陈晓梅", "individual", 40)],
    ),
    (
        "高铁新城数字服务中心",
        "杭州数联云科技有限公司",
        Category.SERVICE,
        Decimal("4.5") * YI,
        2 * YI,
        Decimal("0.5") * YI,
        Decimal("30"),
        dt.date(2026, 1, 10),
        None,
        None,
        {},
        [("周海峰", "individual", 100)],
    ),
]
TRACKING_CODE = "XIANJUDEMOREWARD"


def _finance_account(units):
    user, created = User.objects.get_or_create(username="caizheng")
    user.unit, user.last_name = units["caizheng"], "财政局出纳"
    if created:
        user.set_password(settings.DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=Role.FINANCE)])
    return user


def seed(units):
    finance = _finance_account(units)
    services.policy_ensure_default()
    staff, admin, leader = (User.objects.filter(username=n).first() for n in ("staff", "admin", "leader"))
    if Installment.objects.exists() or not (staff and admin and leader):
        return f"Rewards: {Installment.objects.count()} installments; finance login caizheng"
    today = timezone.localdate()
    projects = [_project(row, i, units, staff, admin) for i, row in enumerate(DEMO)]
    created = services.installments_create_due(today=today)
    _walk(projects, staff, admin, leader, finance, today)
    states = ", ".join(
        f"{label} {Installment.objects.filter(state=value).count()}"
        for value, label in InstallmentState.choices
    )
    return f"Rewards: {created} installments ({states}); finance login caizheng"


def _project(row, i, units, staff, admin):
    (
        name,
        investor,
        category,
        total,
        fai,
        equipment,
        land,
        completion,
        production,
        capacity,
        taxes,
        referrers,
    ) = row
    state = (
        ProjectState.AT_CAPACITY
        if capacity
        else ProjectState.IN_PRODUCTION
        if production
        else ProjectState.COMPLETED
    )
    project = Project.objects.create(
        name=name,
        investor_name=investor,
        state=state,
        category=category,
        platform=units["kaifaqu"],
        responsible_unit=units["kaifaqu"],
        total_investment=total,
        fixed_asset_investment=fai,
        equipment_investment=equipment,
        land_area=land,
        contract_date=completion - dt.timedelta(days=600),
        actual_start_date=completion - dt.timedelta(days=400),
        actual_completion_date=completion,
        actual_production_date=production,
        actual_capacity_date=capacity,
        expected_tax=Decimal("8000000"),
        planned_capacity_date=None if capacity else timezone.localdate() + dt.timedelta(days=120 + 60 * i),
    )
    now = timezone.now()
    referral = Referral.objects.create(
        tracking_code=TRACKING_CODE if i == 0 else f"{TRACKING_CODE[:-1]}{i + 2}",
        status=ReferralStatus.ACCEPTED,
        is_first=True,
        referrer_kind=referrers[0][1],
        referrer_name=referrers[0][0],
        referrer_mobile=f"1390000999{9 - i}",
        declared_not_official=True,
        declared_not_investor=True,
        privacy_consent_at=now,
        company_name=investor,
        company_name_key=company_name_key(investor),
        description="演示：奖励兑现示例",
        project=project,
        host_unit=units["kaifaqu"],
        centre_confirmed_by=staff,
        centre_confirmed_at=now,
        host_confirmed_by=admin,
        host_confirmed_at=now,
    )
    rows = [
        {
            "name": n,
            "kind": k,
            "share": s,
            "identifier": f"33102419800101{1000 + j}",
            "bank_name": "仙居农商银行",
            "account": f"62210000{i}{j}00012345",
        }
        for j, (n, k, s) in enumerate(referrers)
    ]
    rows[0]["referral"] = referral
    services.beneficiaries_set(project=project, reward=Reward.REFERRAL, rows=rows, by=staff)
    figures = services.figures_enter(
        project=project,
        fixed_asset_investment=fai,
        equipment_investment=equipment,
        land_area=land,
        document=ContentFile(b"%PDF-1.4 demo", name="竣工验收报告.pdf"),
        by=staff,
    )
    services.figures_verify(figures=figures, by=admin)
    for year, amount in taxes.items():
        tax = services.tax_enter(project=project, year=year, amount=amount, by=staff, imported=True)
        services.tax_verify(tax=tax, by=admin)
    return project


def _walk(projects, staff, admin, leader, finance, today):
    """Move the demo's installments so that every state shows."""
    one, two, _three = projects  # the third project's completion installment stays calculated

    def get(project, reward, slot):
        return list(Installment.objects.filter(project=project, reward=reward, slot=slot).order_by("pk"))

    def to_notice(inst, on):
        services.installment_check(installment=inst, by=staff)
        services.installment_approve(installment=inst, by=leader)
        services.installment_publish(installment=inst, by=admin, today=on)

    for inst in get(one, Reward.REFERRAL, "completion"):  # paid
        to_notice(inst, today - dt.timedelta(days=12))
        services.installment_pay(
            installment=inst,
            by=finance,
            paid_on=today - dt.timedelta(days=3),
            voucher_no="财付-2026-0117",
            today=today,
        )
    for inst in get(one, Reward.REFERRAL, "capacity"):  # checked (trimmed to zero by the cap)
        services.installment_check(installment=inst, by=staff)
    for inst in get(one, Reward.INVESTMENT, "production"):  # publicly noticed
        to_notice(inst, today - dt.timedelta(days=2))
    for inst in get(two, Reward.REFERRAL, "completion"):  # approved
        services.installment_check(installment=inst, by=staff)
        services.installment_approve(installment=inst, by=leader)
    for inst in get(two, Reward.REFERRAL, "tax-2025"):  # held by an objection
        to_notice(inst, today - dt.timedelta(days=1))
        services.objection_file(
            installment=inst, name="匿名群众", contact="13700001111", text="听说该引荐人是国企工作人员。"
        )
    for inst in get(two, Reward.OPERATING, "tax-2025"):  # checked
        services.installment_check(installment=inst, by=admin)
    for inst in get(two, Reward.INVESTMENT, "production"):  # withdrawn
        services.installment_withdraw(installment=inst, by=staff, reason="企业书面申请放弃该项奖励")

"""Demo league table for seed_demo: a year of signings, starts, production, exits and leads over
townships, departments and platforms, a bundle, adjustments, challenges in every state, frozen
monthly boards for the rank trend, and a township account (anzhou) that claims challenges."""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from audit.services import audit_record
from org.models import User
from projects.enums import Category, IndustryChain, ProjectState
from projects.models import Project

from . import services
from .enums import PeriodKind
from .models import Bundle, Challenge, ChallengeClaim
from .periods import Period

MARK = "（晾晒演示）"
YI = Decimal("100000000")
SIZES = [Decimal("0.6"), Decimal("2"), Decimal("3.5"), Decimal("6"), Decimal("12")]
CATEGORIES = [
    Category.INDUSTRIAL,
    Category.INDUSTRIAL,
    Category.SERVICE,
    Category.CULTURE_TOURISM,
    Category.AGRICULTURE,
]
SCORED = [
    "anzhou", "fuying", "nanfeng", "hengxi", "baita", "tianshi", "guanlu", "xiage", "zhuxi", "danzhu",
    "fagai", "jingxin", "zigui", "jianshe", "kaifaqu", "gaotie", "dujiaqu",
]  # fmt: skip


def _backdate(entry, day):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    type(entry).objects.filter(pk=entry.pk).update(at=at)


def _project(rng, units, staff, unit_code, n, contract, *, state, intake=None):
    size = rng.choice(SIZES)
    project = Project.objects.create(
        name=f"{units[unit_code]}招商项目{n}{MARK}",
        investor_name=f"演示投资{n}有限公司",
        responsible_unit=units[unit_code],
        platform=units[rng.choice(["kaifaqu", "gaotie", "dujiaqu"])],
        category=rng.choice(CATEGORIES),
        industry_chain=rng.choice(
            [IndustryChain.MEDICAL_DEVICES, IndustryChain.AUTO_PARTS, IndustryChain.OTHER]
        ),
        total_investment=size * YI,
        fixed_asset_investment=size * YI * Decimal("0.7"),
        contracted_investment=size * YI,
        is_fortune500=rng.random() < 0.08,
        investor_origin="foreign" if rng.random() < 0.1 else "outside",
        contract_date=contract,
        planned_start_date=contract + dt.timedelta(days=60) if contract else None,
        state=state,
        created_by=staff,
    )
    intake = intake or contract - dt.timedelta(days=rng.randint(20, 80))
    _backdate(audit_record(obj=project, action="project.created", actor=staff, to_state="intake"), intake)
    if contract:
        entry = audit_record(
            obj=project, action="project.transition", actor=staff, from_state="decision", to_state="signed"
        )
        _backdate(entry, contract)
    return project


def seed(units):
    if Challenge.objects.filter(title__endswith=MARK).exists():
        return "scoring: demo league table already loaded"
    rng = random.Random(13)
    services.policy_ensure_default()
    staff = User.objects.get(username="staff")
    today = timezone.localdate()
    township, created = User.objects.get_or_create(username="anzhou", defaults={"unit": units["anzhou"]})
    if created:
        township.last_name = "安洲街道招商员"
        township.set_password(settings.DEMO_PASSWORD)
        township.save()
    n = 0
    signed = []
    for months_back in range(12, 0, -1):
        month = Period.containing(PeriodKind.MONTH, today).start
        for _i in range(months_back):
            month = (month - dt.timedelta(days=1)).replace(day=1)
        for unit_code in rng.sample(SCORED, 7):
            n += 1
            contract = month + dt.timedelta(days=rng.randint(0, 27))
            project = _project(rng, units, staff, unit_code, n, contract, state=ProjectState.SIGNED)
            signed.append(project)
            start = contract + dt.timedelta(days=rng.choice([30, 50, 75, 90]))
            if start < today:
                production = start + dt.timedelta(days=120)
                Project.objects.filter(pk=project.pk).update(
                    actual_start_date=start,
                    actual_production_date=production if production < today else None,
                    state=ProjectState.IN_PRODUCTION if production < today else ProjectState.STARTED,
                )
        for unit_code in rng.sample(SCORED, 4):  # leads still in intake
            n += 1
            intake = min(month + dt.timedelta(days=rng.randint(0, 27)), today)
            _project(rng, units, staff, unit_code, n, None, state=ProjectState.INTAKE, intake=intake)
    for project in signed[5:40:9]:  # a few exits after signing
        exit_on = project.contract_date + dt.timedelta(days=100)
        if exit_on < today:
            Project.objects.filter(pk=project.pk).update(
                state=ProjectState.EXITED, exit_reason="投资方战略调整"
            )
            entry = audit_record(
                obj=project,
                action="project.transition",
                actor=staff,
                from_state="signed",
                to_state="exited",
                note="投资方战略调整",
            )
            _backdate(entry, exit_on)
    if not Bundle.objects.filter(year=today.year).exists():
        services.bundle_create(
            name="医疗器械产业链专班",
            year=today.year,
            units=[units["jingxin"], units["kaifaqu"], units["baita"]],
            by=staff,
        )
    shared = signed[3]  # a signing credited to two units (联合招引), 60/40
    partner = units["fuying"] if shared.responsible_unit_id != units["fuying"].pk else units["anzhou"]
    services.credits_set(project=shared, shares={shared.responsible_unit: 60, partner: 40}, by=staff)
    services.adjustment_add(
        unit=units["xiage"],
        on=today - dt.timedelta(days=40),
        points=-10,
        reason="上报项目投资额虚报（演示）",
        by=staff,
    )
    _challenges(staff, signed, today)
    for months_back in range(6, 0, -1):
        day = today.replace(day=1)
        for _i in range(months_back):
            day = (day - dt.timedelta(days=1)).replace(day=1)
        services.board_freeze(period=Period(PeriodKind.MONTH, day))
    return (
        f"scoring: {n} demo projects over a year (one credited 60/40 to two units), 3 challenges,"
        " 6 frozen months; township login anzhou"
    )


def _challenges(staff, signed, today):
    won_project = next(
        p for p in signed if p.total_investment >= 2 * YI and p.contract_date > today - dt.timedelta(200)
    )
    won = services.challenge_post(
        by=staff,
        title=f"引进亿元以上产业项目{MARK}",
        min_investment=2 * YI,
        posted_on=won_project.contract_date - dt.timedelta(days=30),
        deadline=won_project.contract_date + dt.timedelta(days=30),
        bonus=8,
    )
    ChallengeClaim.objects.create(
        challenge=won, unit=won_project.responsible_unit, project=won_project, claimed_by=staff
    )
    services.challenge_post(
        by=staff,
        title=f"引进医疗器械链主企业（≥5亿）{MARK}",
        industry_chain=IndustryChain.MEDICAL_DEVICES,
        min_investment=5 * YI,
        posted_on=today - dt.timedelta(days=200),
        deadline=today - dt.timedelta(days=20),
        bonus=10,
    )
    open_ = services.challenge_post(
        by=staff,
        title=f"引进新材料布链项目{MARK}",
        industry_chain=IndustryChain.NEW_MATERIALS,
        min_investment=3 * YI,
        posted_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=90),
        bonus=6,
        description="面向全县乡镇（街道）、部门、平台揭榜",
    )
    platform_user = User.objects.filter(username="kaifaqu", unit__code="kaifaqu").first()
    if platform_user is not None:
        services.challenge_claim(challenge=open_, by=platform_user)
    services.challenges_settle(today=today)

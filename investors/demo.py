"""Demo investor records for seed_demo: sources, landed firms and a 乡贤, contacts, visits with next
steps (one due soon, one overdue), an expansion project signed at a ceremony that also lists an
earlier signing again, a project signed months ago with no funds, and a confidential project in
pre-review that department reviewers see under its code name."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from org.models import User
from projects import services as project_services
from projects.demo import _decide, _take_step
from projects.enums import Category, DecisionOutcome, ProjectKind, ProjectState
from projects.models import Project
from workdays.services import add_workdays

from . import services
from .enums import InteractionKind, InvestorKind, PlaceKind, SourceKind
from .models import Interaction, Investor, SigningCeremony, Source

S = ProjectState
WAN = Decimal("10000")
SOURCES = [
    ("仙居乡贤联谊会", SourceKind.HOMETOWN_NETWORK, "仙居"),
    ("上海仙居商会", SourceKind.CHAMBER, "上海"),
    ("深圳驻点招商办", SourceKind.OUTPOST, "深圳"),
    ("康联医疗供应商名录", SourceKind.CHAIN_LEADER, "杭州"),
    ("台州产业引导基金", SourceKind.FUND, "台州"),
]
LANDED = "杭州康联医疗器械有限公司"
EXPANSION = "康联医疗二期增资扩产项目（演示）"
CONFIDENTIAL = "某头部企业新型储能电池项目（演示）"
INTRODUCED = "康联引荐：精密注塑配套项目（演示）"


def _project(staff, units, name, investor, *, kind=ProjectKind.NEW, total=30000, **extra):
    today = timezone.localdate()
    return project_services.project_create(
        by=staff,
        name=name,
        investor_name=investor,
        kind=kind,
        platform=units["kaifaqu"],
        industry_chain_id="medical_devices",
        category=Category.INDUSTRIAL,
        total_investment=Decimal(total) * WAN,
        fixed_asset_investment=Decimal(total) * WAN * Decimal("0.8"),
        land_area=Decimal(60),
        planned_start_date=today + dt.timedelta(days=90),
        **extra,
    )


def _walk(project, staff, units, to):
    today = timezone.localdate()
    for state in (S.INTAKE, S.ASSESSMENT, S.PRE_REVIEW, S.DECISION):
        data = {"responsible_unit": units["kaifaqu"], "deadline": today + dt.timedelta(days=60)}
        if state == S.DECISION:
            project = _take_step(project, S.DECISION, staff)
        else:
            project = project_services.project_transition(
                project=project, to=state, by=staff, data=data if state == S.ASSESSMENT else None
            )
        if state == to:
            break
    return project


def seed(units):
    if SigningCeremony.objects.filter(name__endswith="（演示）").exists():
        return "investor records already seeded"
    staff = User.objects.get(username="staff")
    leader = User.objects.get(username="leader")
    today = timezone.localdate()
    sources = {
        kind: Source.objects.get_or_create(name=name, defaults={"kind": kind, "place": place})[0]
        for name, kind, place in SOURCES
    }
    # Landed firms (存量企业), their sources and contacts; the ledger's companies already have records.
    landed = services.investor_for_company(name=LANDED)
    services.investor_save(
        by=staff,
        investor=landed,
        data={
            "is_local": True,
            "source": sources[SourceKind.CHAIN_LEADER],
            "industry": "医疗器械",
            "city": "仙居",
        },
    )
    services.contact_add(by=staff, investor=landed, name="陈志远", title="总经理", mobile="13905761234")
    services.contact_add(by=staff, investor=landed, name="林晓", title="投资部经理", mobile="13857612345")
    for name, source in [
        ("苏州瑞塑新材料科技有限公司", SourceKind.OUTPOST),
        ("温州宏电电器有限公司", SourceKind.HOMETOWN_NETWORK),
        ("上海华鼎药业股份有限公司", SourceKind.FUND),
        ("浙江云栖文旅集团有限公司", SourceKind.CHAMBER),
    ]:
        found = Investor.objects.filter(name=name).first()
        if found is not None:
            services.investor_save(by=staff, investor=found, data={"source": sources[source]})
    person = services.investor_save(
        by=staff,
        investor=Investor(kind=InvestorKind.PERSON),
        data={
            "name": "王建国",
            "source": sources[SourceKind.HOMETOWN_NETWORK],
            "hometown": units.get("anzhou"),
            "city": "上海",
            "industry": "电子电器",
            "id_number": "331024197203150018",
            "mobile": "13916881234",
            "note": "在沪仙居籍企业家，上海仙居商会副会长",
        },
    )

    # Visits: a service call on the landed firm (expansion and supplier needs), a negotiation at the
    # outpost office with a next step due soon, and an overdue next step.
    services.interaction_log(
        by=staff,
        investor=landed,
        data={
            "kind": InteractionKind.SERVICE,
            "date": today - dt.timedelta(days=40),
            "place_kind": PlaceKind.INVESTOR,
            "place": "康联医疗仙居工厂",
            "attendees": "陈志远、招商专员",
            "outcome": "企业计划二期扩产，新增导管产线；需本地注塑配套供应商。",
            "next_step": "对接开发区二期用地",
            "next_step_due": today - dt.timedelta(days=30),
            "expanding": True,
            "supplier_needs": True,
        },
    )
    Interaction.objects.filter(investor=landed).update(next_step_done=today - dt.timedelta(days=28))
    ruisu = Project.objects.filter(investor_name="苏州瑞塑新材料科技有限公司").first()
    if ruisu is not None:
        services.interaction_log(
            by=staff,
            project=ruisu,
            data={
                "kind": InteractionKind.NEGOTIATION,
                "date": today - dt.timedelta(days=3),
                "place_kind": PlaceKind.OUTPOST,
                "outpost": sources[SourceKind.OUTPOST],
                "attendees": "瑞塑董事长、驻点招商办主任",
                "outcome": "投资方确认改性塑料项目落户意向，需县里明确用地指标。",
                "next_step": "提交用地指标测算",
                "next_step_due": add_workdays(today, 2),
            },
        )
    services.interaction_log(
        by=staff,
        investor=person,
        data={
            "kind": InteractionKind.VISIT,
            "date": today - dt.timedelta(days=20),
            "place_kind": PlaceKind.EVENT,
            "place": "上海仙居商会年会",
            "outcome": "王建国愿意牵线两家电子电器企业来仙考察。",
            "next_step": "邀请企业来仙考察",
            "next_step_due": add_workdays(today - dt.timedelta(days=20), 5),
        },
    )

    # An expansion of the landed firm, signed at a ceremony that also lists an earlier signing again.
    expansion = _project(
        staff, units, EXPANSION, "杭州康联医疗器械有限公司", kind=ProjectKind.EXPANSION, total=50000
    )
    expansion = _walk(expansion, staff, units, S.DECISION)
    _decide(expansion, leader, DecisionOutcome.APPROVED)
    ceremony = services.ceremony_create(
        by=staff,
        name="2026年重大项目集中签约活动（演示）",
        date=today - dt.timedelta(days=240),
        place="仙居县行政中心",
    )
    services.ceremony_list_project(
        by=staff, ceremony=ceremony, project=expansion, amount=Decimal(50000) * WAN
    )
    signed_before = Project.objects.filter(state=S.SIGNED).exclude(pk=expansion.pk).order_by("pk").first()
    if signed_before is not None:
        services.ceremony_list_project(by=staff, ceremony=ceremony, project=signed_before, relisting=True)
    services.project_origin_set(
        by=staff, project=expansion, source=sources[SourceKind.CHAIN_LEADER], owner=staff
    )

    # 以企引企: a supplier the landed firm brought in, a fresh lead with no owner yet.
    introduced = _project(staff, units, INTRODUCED, "宁波甬塑精密注塑有限公司", total=8000)
    # Reported a month ago and silent since: overdue for an owner, on the stalled list.
    Project.objects.filter(pk=introduced.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    services.project_origin_set(
        by=staff, project=introduced, source=sources[SourceKind.CHAIN_LEADER], introduced_by=landed
    )

    # A confidential project in pre-review: department reviewers read its code name.
    secret = _project(
        staff,
        units,
        CONFIDENTIAL,
        "某新能源科技股份有限公司",
        total=200000,
        confidential=True,
        code_name="X-07项目",
    )
    secret = _walk(secret, staff, units, S.PRE_REVIEW)
    from reviews.demo import _open_with_some_signed

    _open_with_some_signed(secret, staff, units, today, signed={})
    return (
        f"{Investor.objects.count()} investor records, {Interaction.objects.count()} interactions, 1 ceremony"
    )

"""Demo projects for seed_demo: realistic names over all three platforms and every stage.

Dates are relative to today so the status lights show every colour whenever the demo is loaded.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string

from org.models import User
from workdays.services import add_workdays

from . import services
from .enums import (
    PIPELINE,
    Category,
    DecisionOutcome,
    InvestorOrigin,
    ProjectState,
    Source,
)
from .milestones import NEXT_PLANNED
from .models import Project

S = ProjectState
WAN = Decimal("10000")

# name, investor, platform, responsible unit, chain code, GB/T 4754 industry code, category, source,
# total 万元, FAI 万元, land 亩, target state, light wanted
DEMO_PROJECTS = [
    ("年产500万套医用导管项目", "杭州康联医疗器械有限公司", "kaifaqu", "kaifaqu",
     "medical_devices", "3584", Category.INDUSTRIAL, Source.BUSINESS,
     120000, 80000, 200, S.COMPLETED, "green"),
    ("高端原料药智能制造基地", "上海华鼎药业股份有限公司", "kaifaqu", "kaifaqu",
     "modern_medicine", "2710", Category.INDUSTRIAL, Source.FUND,
     56000, 42000, 120, S.STARTED, "red"),
    ("新能源汽车精密零部件项目", "宁波恒拓汽车部件有限公司", "kaifaqu", "baita", "auto_parts",
     "3670", Category.INDUSTRIAL, Source.INDUSTRIAL_PARK, 32000, 25000, 80, S.SIGNED, "yellow"),
    ("特种工程塑料改性项目", "苏州瑞塑新材料科技有限公司", "kaifaqu", "kaifaqu", "new_materials",
     "2651", Category.INDUSTRIAL, Source.RESIDENT, 18000, 15000, 45, S.DECISION, "yellow"),
    ("智能电器整机装配项目", "温州宏电电器有限公司", "kaifaqu", "hengxi", "electronics",
     "3854", Category.INDUSTRIAL, Source.HOMETOWN, 26000, 20000, 60, S.PRE_REVIEW, "green"),
    ("高端数控装备产业园", "无锡精工装备集团有限公司", "kaifaqu", "kaifaqu", "high_end_equipment",
     "3421", Category.INDUSTRIAL, Source.ONLINE, 300000, 220000, 450, S.AT_CAPACITY, "green"),
    ("高铁站前创业创新园", "浙江台创产业发展有限公司", "gaotie", "gaotie", "city_services",
     "7221", Category.SERVICE, Source.FUND, 45000, 30000, 40, S.IN_PRODUCTION, "red"),
    ("电商直播基地", "杭州星播网络科技有限公司", "gaotie", "nanfeng", "city_services",
     "5292", Category.SERVICE, Source.ONLINE, 8000, 3000, 10, S.ASSESSMENT, "red"),
    ("总部经济大楼", "台州汇金投资有限公司", "gaotie", "gaotie", "city_services",
     "7211", Category.SERVICE, Source.BUSINESS, 60000, 50000, 35, S.INTAKE, "green"),
    ("神仙居康养旅居综合体", "浙江云栖文旅集团有限公司", "dujiaqu", "dujiaqu",
     "culture_tourism", "8053", Category.CULTURE_TOURISM, Source.HOMETOWN,
     150000, 100000, 260, S.LAND_SUPPLIED, "yellow"),
    ("夜游经济灯光秀项目", "深圳光影文化科技有限公司", "dujiaqu", "dujiaqu", "culture_tourism",
     "9010", Category.CULTURE_TOURISM, Source.RESIDENT, 9000, 6000, 12, S.LEAD, "green"),
    ("山地户外运动营地", "北京野趣户外运动有限公司", "dujiaqu", "danzhu", "culture_tourism",
     "8930", Category.CULTURE_TOURISM, Source.REFERRAL, 5000, 3500, 20, S.EXITED, None),
    ("橡塑密封件智能工厂", "宁海中塑橡胶制品有限公司", "kaifaqu", "xiage", "rubber_plastics",
     "2913", Category.INDUSTRIAL, Source.BUSINESS, 22000, 18000, 55, S.ASSESSED, None),
    ("高耗能涂料生产线项目", "江西赣彩化工有限公司", "kaifaqu", "kaifaqu", None,
     "", Category.INDUSTRIAL, Source.ONLINE, 40000, 32000, 150, S.REJECTED, None),
    ("杨梅精深加工产业园", "仙居绿源农业开发有限公司", "dujiaqu", "guanlu", None,
     "", Category.AGRICULTURE, Source.HOMETOWN, 12000, 8000, 30, S.SIGNED, "green"),
]  # fmt: skip

# Days after the project's start date at which each actual milestone happened.
ACTUAL_OFFSETS = {
    S.SIGNED: ("contract_date", 60),
    S.LAND_SUPPLIED: ("land_supplied_date", 120),
    S.STARTED: ("actual_start_date", 160),
    S.COMPLETED: ("actual_completion_date", 520),
    S.IN_PRODUCTION: ("actual_production_date", 560),
    S.AT_CAPACITY: ("actual_capacity_date", 800),
}
PLANNED_OFFSETS = [
    ("planned_signing_date", 60),
    ("planned_start_date", 150),
    ("planned_completion_date", 510),
    ("planned_production_date", 550),
    ("planned_capacity_date", 790),
]
# How long ago a project at each stage began, so that its actual dates lie in the past.
DAYS_AGO = {
    S.LEAD: 20,
    S.INTAKE: 40,
    S.ASSESSMENT: 70,
    S.PRE_REVIEW: 90,
    S.DECISION: 100,
    S.SIGNED: 90,
    S.LAND_SUPPLIED: 150,
    S.STARTED: 300,
    S.COMPLETED: 600,
    S.IN_PRODUCTION: 700,
    S.AT_CAPACITY: 900,
    S.ASSESSED: 1000,
    S.EXITED: 200,
    S.REJECTED: 200,
}


def _path(target):
    if target in PIPELINE:
        return PIPELINE[1 : PIPELINE.index(target) + 1]
    if target == S.REJECTED:
        return PIPELINE[1 : PIPELINE.index(S.DECISION) + 1] + [S.REJECTED]
    return [S.INTAKE, S.ASSESSMENT, S.EXITED]


# How the demo takes a step another app guards, e.g. pre_review → decision through a concluded
# "8+X" round: (from, to) -> dotted path of `pass_step(project, staff)`, registered by that app.
_GUARDED_STEPS = {}


def register_demo_step(from_state, to_state, dotted_path):
    _GUARDED_STEPS[from_state, to_state] = dotted_path


def _take_step(project, to, staff):
    """A step that must pass another app's guard: straight on when no guard stops it."""
    try:
        return services.project_transition(project=project, to=to, by=staff)
    except ValidationError:
        path = _GUARDED_STEPS.get((project.state, to))
        if path is None:
            raise
    import_string(path)(project, staff)
    project.refresh_from_db()
    return project


def _decide(project, leader, outcome):
    for body in services.required_bodies(project):
        services.decision_record(
            project=project,
            body=body,
            outcome=outcome,
            by=leader,
            note="同意引进" if outcome == DecisionOutcome.APPROVED else "不符合能耗双控要求",
        )


def _set_light(project, light, staff, today):
    """Move the project's nearest open date so its light shows the colour wanted."""
    field = NEXT_PLANNED.get(project.state, "deadline")
    if light == "red":
        due = today - dt.timedelta(days=15)
    elif light == "yellow":
        due = add_workdays(today, 6)
    else:
        due = today + dt.timedelta(days=120)
    data = {field: due}
    if field != "deadline":
        data["deadline"] = None
        # Later planned milestones keep their order.
        later = [f for f, _ in PLANNED_OFFSETS]
        for name in later[later.index(field) + 1 :]:
            current = getattr(project, name)
            if current and current < due:
                data[name] = due
        earlier = later[: later.index(field)]
        for name in earlier:
            current = getattr(project, name)
            if current and current > due:
                data[name] = due
    services.project_update(project=project, by=staff, data=data)


def seed(units):
    staff = User.objects.get(username="staff")
    leader = User.objects.get(username="leader")
    expert = User.objects.filter(username="expert").first()
    services.decision_routes_ensure_default(units)
    today = timezone.localdate()
    count = 0
    for row in DEMO_PROJECTS:
        (
            name,
            investor,
            platform,
            unit,
            chain,
            industry_code,
            category,
            source,
            total,
            fai,
            land,
            target,
            light,
        ) = row
        count += 1
        if Project.objects.filter(name=name).exists():
            continue
        start = today - dt.timedelta(days=DAYS_AGO[target])
        total_yuan = Decimal(total) * WAN
        project = services.project_create(
            by=staff,
            name=name,
            investor_name=investor,
            investor_origin=InvestorOrigin.OUTSIDE,
            platform=units[platform],
            industry_chain_id=chain,
            industry_code=industry_code,
            category=category,
            source=source,
            total_investment=total_yuan,
            fixed_asset_investment=Decimal(fai) * WAN,
            equipment_investment=Decimal(fai) * WAN * Decimal("0.4"),
            land_area=Decimal(land),
            expected_output=total_yuan * Decimal("1.5"),
            expected_tax=total_yuan * Decimal("0.08"),
            **{f: start + dt.timedelta(days=d) for f, d in PLANNED_OFFSETS},
        )
        members = [staff, *User.objects.filter(username=platform)]
        services.task_force_set(
            project=project, by=staff, lead=leader, members=members, experts=[expert] if expert else []
        )
        for state in _path(target):
            data = {}
            if state == S.ASSESSMENT:
                data = {"responsible_unit": units[unit], "deadline": today + dt.timedelta(days=60)}
            elif state == S.SIGNED:
                data = {
                    "contract_date": start + dt.timedelta(days=60),
                    "contracted_investment": total_yuan,
                    "service_cadre": staff,
                }
            elif state in ACTUAL_OFFSETS:
                field, days = ACTUAL_OFFSETS[state]
                data = {field: start + dt.timedelta(days=days)}
            if state == S.DECISION:
                project = _take_step(project, S.DECISION, staff)
                continue
            if state == S.SIGNED:
                _decide(project, leader, DecisionOutcome.APPROVED)
            note = ""
            if state == S.REJECTED:
                _decide(project, leader, DecisionOutcome.REJECTED)
                note = "县委常委会未通过:能耗指标不符合要求"
            elif state == S.EXITED:
                note = "投资方战略调整,主动退出"
            actor = leader if state == S.REJECTED else staff
            project = services.project_transition(project=project, to=state, by=actor, note=note, data=data)
        if project.contract_date and project.state not in (S.EXITED, S.REJECTED):
            share = {S.SIGNED: "0.2", S.LAND_SUPPLIED: "0.35"}.get(project.state, "0.8")
            services.project_update(
                project=project, by=staff, data={"funds_received": total_yuan * Decimal(share)}
            )
        if light:
            project.refresh_from_db()
            _set_light(project, light, staff, today)
    return f"{count} demo projects"

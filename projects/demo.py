"""Demo projects for seed_demo: realistic names spread over all three platforms and the pipeline."""

import datetime as dt
from decimal import Decimal

from org.models import User

from .enums import PIPELINE, Category, ChainLink, IndustryChain, ProjectState, Source
from .models import Project
from .services import project_create, project_transition

WAN = Decimal("10000")

# name, investor, platform, chain, link, category, source, total 万元, FAI 万元, land 亩, target state
DEMO_PROJECTS = [
    (
        "年产500万套医用导管项目",
        "杭州康联医疗器械有限公司",
        "kaifaqu",
        IndustryChain.MEDICAL_DEVICES,
        ChainLink.STRENGTHEN,
        Category.INDUSTRIAL,
        Source.BUSINESS,
        120000,
        80000,
        200,
        ProjectState.COMPLETED,
    ),
    (
        "高端原料药智能制造基地",
        "上海华鼎药业股份有限公司",
        "kaifaqu",
        IndustryChain.MODERN_MEDICINE,
        ChainLink.EXTEND,
        Category.INDUSTRIAL,
        Source.FUND,
        56000,
        42000,
        120,
        ProjectState.STARTED,
    ),
    (
        "新能源汽车精密零部件项目",
        "宁波恒拓汽车部件有限公司",
        "kaifaqu",
        IndustryChain.AUTO_PARTS,
        ChainLink.EXTEND,
        Category.INDUSTRIAL,
        Source.INDUSTRIAL_PARK,
        32000,
        25000,
        80,
        ProjectState.SIGNED,
    ),
    (
        "特种工程塑料改性项目",
        "苏州瑞塑新材料科技有限公司",
        "kaifaqu",
        IndustryChain.NEW_MATERIALS,
        ChainLink.SEED,
        Category.INDUSTRIAL,
        Source.RESIDENT,
        18000,
        15000,
        45,
        ProjectState.DECISION,
    ),
    (
        "智能电器整机装配项目",
        "温州宏电电器有限公司",
        "kaifaqu",
        IndustryChain.ELECTRONICS,
        ChainLink.STRENGTHEN,
        Category.INDUSTRIAL,
        Source.HOMETOWN,
        26000,
        20000,
        60,
        ProjectState.PRE_REVIEW,
    ),
    (
        "高端数控装备产业园",
        "无锡精工装备集团有限公司",
        "kaifaqu",
        IndustryChain.HIGH_END_EQUIPMENT,
        ChainLink.SEED,
        Category.INDUSTRIAL,
        Source.ONLINE,
        300000,
        220000,
        450,
        ProjectState.AT_CAPACITY,
    ),
    (
        "高铁站前创业创新园",
        "浙江台创产业发展有限公司",
        "gaotie",
        IndustryChain.CITY_SERVICES,
        ChainLink.SEED,
        Category.SERVICE,
        Source.FUND,
        45000,
        30000,
        40,
        ProjectState.IN_PRODUCTION,
    ),
    (
        "电商直播基地",
        "杭州星播网络科技有限公司",
        "gaotie",
        IndustryChain.CITY_SERVICES,
        ChainLink.SEED,
        Category.SERVICE,
        Source.ONLINE,
        8000,
        3000,
        10,
        ProjectState.ASSESSMENT,
    ),
    (
        "总部经济大楼",
        "台州汇金投资有限公司",
        "gaotie",
        IndustryChain.CITY_SERVICES,
        ChainLink.SEED,
        Category.SERVICE,
        Source.BUSINESS,
        60000,
        50000,
        35,
        ProjectState.INTAKE,
    ),
    (
        "神仙居康养旅居综合体",
        "浙江云栖文旅集团有限公司",
        "dujiaqu",
        IndustryChain.CULTURE_TOURISM,
        ChainLink.SEED,
        Category.CULTURE_TOURISM,
        Source.HOMETOWN,
        150000,
        100000,
        260,
        ProjectState.LAND_SUPPLIED,
    ),
    (
        "夜游经济灯光秀项目",
        "深圳光影文化科技有限公司",
        "dujiaqu",
        IndustryChain.CULTURE_TOURISM,
        ChainLink.SEED,
        Category.CULTURE_TOURISM,
        Source.RESIDENT,
        9000,
        6000,
        12,
        ProjectState.LEAD,
    ),
    (
        "山地户外运动营地",
        "北京野趣户外运动有限公司",
        "dujiaqu",
        IndustryChain.CULTURE_TOURISM,
        ChainLink.SEED,
        Category.CULTURE_TOURISM,
        Source.REFERRAL,
        5000,
        3500,
        20,
        ProjectState.EXITED,
    ),
]


# Data each step needs, relative to a base date so the demo stays realistic.
def _step_data(state, base, total):
    return {
        ProjectState.ASSESSMENT: {"deadline": base + dt.timedelta(days=120)},
        ProjectState.SIGNED: {"contract_date": base + dt.timedelta(days=30), "contracted_investment": total},
        ProjectState.LAND_SUPPLIED: {"land_supplied_date": base + dt.timedelta(days=60)},
        ProjectState.STARTED: {"actual_start_date": base + dt.timedelta(days=90)},
        ProjectState.COMPLETED: {"actual_completion_date": base + dt.timedelta(days=400)},
        ProjectState.IN_PRODUCTION: {"actual_production_date": base + dt.timedelta(days=430)},
        ProjectState.AT_CAPACITY: {"actual_capacity_date": base + dt.timedelta(days=700)},
    }.get(state, {})


def seed(units):
    staff = User.objects.get(username="staff")
    count = 0
    for i, row in enumerate(DEMO_PROJECTS):
        name, investor, platform, chain, link, category, source, total, fai, land, target = row
        count += 1
        if Project.objects.filter(name=name).exists():
            continue
        total_yuan = Decimal(total) * WAN
        project = project_create(
            by=staff,
            name=name,
            investor_name=investor,
            platform=units[platform],
            industry_chain=chain,
            chain_link=link,
            category=category,
            source=source,
            total_investment=total_yuan,
            fixed_asset_investment=Decimal(fai) * WAN,
            land_area=Decimal(land),
            responsible_unit=units[platform],
        )
        base = dt.date(2025, 1, 6) + dt.timedelta(days=37 * i)
        path = PIPELINE[1 : PIPELINE.index(target) + 1] if target in PIPELINE else [ProjectState.INTAKE]
        for state in path:
            project_transition(project=project, to=state, by=staff, data=_step_data(state, base, total_yuan))
        if target == ProjectState.EXITED:
            project_transition(
                project=project, to=ProjectState.EXITED, by=staff, note="投资方战略调整,主动退出"
            )
    return f"{count} demo projects"

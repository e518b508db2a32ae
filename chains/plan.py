"""The county plan's chains per platform (2022 plan, domain.md §6) with their links and GB/T
4754-2017 industry codes, and the default link-state rule: seeded by migration chains 0002 (with the
historical models) and restored by the tests after a transactional test empties the tables."""

import datetime as dt

U, M, D = "upstream", "midstream", "downstream"

# (code, name, platform unit code, strategy, [(position, name, codes, [(child name, codes)...])])
PLAN = [
    ("modern_medicine", "现代医药", "kaifaqu", "extend", [
        (U, "原料药与医药中间体", "2710", [("医药中间体", "2614")]),
        (U, "中药材种植与饮片", "0170, 2730", []),
        (M, "化学药品制剂", "2720", []),
        (M, "中成药", "2740", []),
        (M, "生物药品与疫苗", "2761, 2762", []),
        (M, "药用辅料及包装材料", "2780", []),
        (D, "医药研发外包", "7340", []),
        (D, "医药流通", "5151, 5152", []),
    ]),
    ("rubber_plastics", "橡塑", "kaifaqu", "extend", [
        (U, "合成树脂与合成橡胶", "2651, 2652", []),
        (U, "橡塑助剂", "2661", []),
        (M, "橡胶制品", "291", [("橡胶零件与密封件", "2913"), ("医用及日用橡胶制品", "2915")]),
        (M, "塑料制品", "292", [("塑料板管型材", "2922"), ("塑料零件", "2929")]),
        (M, "橡塑机械与模具", "3523, 3525", []),
        (D, "橡塑废料回收利用", "4220", []),
    ]),
    ("auto_parts", "汽摩配", "kaifaqu", "extend", [
        (U, "汽车用钢材与铝材", "3130, 3252", []),
        (M, "汽车零部件及配件", "3670", [("制动与传动系统", ""), ("车身与内饰件", "")]),
        (M, "摩托车零部件及配件", "3752", []),
        (D, "整车制造", "3611, 3612, 3751", []),
        (D, "汽车后市场", "8111", []),
    ]),
    ("medical_devices", "医疗器械", "kaifaqu", "strengthen", [
        (U, "卫生材料及医用耗材", "2770", []),
        (U, "医用电子元器件", "3981", []),
        (M, "诊断监护治疗设备", "3581", [("医学影像设备", ""), ("监护与生命支持设备", "")]),
        (M, "手术与外科器械", "3584", []),
        (M, "口腔与康复器械", "3582, 3586", []),
        (M, "实验室与消毒设备", "3583", []),
        (D, "医疗器械流通", "5154", []),
        (D, "检验检测服务", "7452", []),
    ]),
    ("electronics", "电子电器", "kaifaqu", "strengthen", [
        (U, "电子元器件与电路", "398", []),
        (U, "电机", "381", []),
        (M, "家用电力器具", "385", [("厨房电器", "3854"), ("清洁卫生电器", "3855")]),
        (M, "输配电及控制设备", "382", []),
        (M, "照明器具", "387", []),
        (D, "电器批发与售后", "5137, 8122", []),
    ]),
    ("new_materials", "新材料", "kaifaqu", "seed", [
        (U, "基础化工原料", "261", []),
        (M, "改性塑料与高分子材料", "2651", []),
        (M, "纤维增强复合材料", "3062, 2826", []),
        (M, "先进陶瓷", "3073", []),
        (M, "功能化学品", "2669", []),
        (D, "新材料应用与检测", "7453", []),
    ]),
    ("high_end_equipment", "高端装备", "kaifaqu", "seed", [
        (U, "轴承齿轮与传动部件", "345", []),
        (M, "数控机床", "342", []),
        (M, "工业机器人与智能装备", "3491, 3492", []),
        (M, "专用设备", "3599", []),
        (D, "系统集成与运维服务", "6531", []),
    ]),
    ("city_services", "城市功能服务", "gaotie", "", [
        (U, "总部与金融商务", "7211, 6620", []),
        (M, "创新创业园区", "7221", []),
        (M, "产教融合实训", "8391", []),
        (M, "商贸零售与购物中心", "5211, 5212", []),
        (M, "酒店式公寓", "6110, 6190", []),
        (D, "电商直播", "5292", []),
    ]),
    ("culture_tourism", "文化旅游", "dujiaqu", "", [
        (U, "景区开发运营", "7861", []),
        (M, "休闲度假住宿", "6110", []),
        (M, "康体养生", "8053", []),
        (M, "夜游经济与文化演艺", "9010", []),
        (D, "户外运动", "8930", []),
        (D, "旅行服务", "7291", []),
    ]),
]  # fmt: skip


def ensure_county_plan(IndustryChain=None, ChainLink=None, LinkStatePolicy=None, Unit=None):
    """Create the plan's chains, links and default rule where missing (idempotent)."""
    if IndustryChain is None:
        from org.models import Unit

        from .models import ChainLink, IndustryChain, LinkStatePolicy
    platforms = {u.code: u for u in Unit.objects.filter(kind="platform")}
    for order, (code, name, platform, strategy, links) in enumerate(PLAN, start=1):
        chain, _ = IndustryChain.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "platform": platforms.get(platform),
                "strategy": strategy,
                "order": order,
            },
        )
        for link_order, (position, link_name, codes, children) in enumerate(links, start=1):
            parent, _ = ChainLink.objects.get_or_create(
                chain=chain,
                name=link_name,
                defaults={"position": position, "industry_codes": codes, "order": link_order, "level": 1},
            )
            for child_order, (child_name, child_codes) in enumerate(children, start=1):
                ChainLink.objects.get_or_create(
                    chain=chain,
                    name=child_name,
                    defaults={
                        "parent": parent,
                        "position": position,
                        "industry_codes": child_codes,
                        "order": child_order,
                        "level": 2,
                    },
                )
    LinkStatePolicy.objects.get_or_create(
        effective_from=dt.date(2022, 1, 1),
        defaults={
            "weak_below_firms": 3,
            "open_project_fills_gap": True,
            "note": (
                "县招商引资工作方案（2022）：无本地企业且无在谈项目为缺失环节，本地企业少于3家为薄弱环节。"
            ),
        },
    )

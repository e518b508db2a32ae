"""The demo county's units (domain.md §1), used by seed_demo and the tests."""

from .enums import TownshipKind, UnitKind

CENTRE = ("touchu", "仙居县投资促进中心", "投促")

# (code = login name, full name, short name) — the 8 fixed pre-review departments in order.
FIXED_REVIEWERS = [
    ("fagai", "仙居县发展和改革局", "发改"),
    ("jingxin", "仙居县经济和信息化局", "经信"),
    ("zigui", "仙居县自然资源和规划局", "自规"),
    ("jianshe", "仙居县住房和城乡建设局", "建设"),
    ("yingji", "仙居县应急管理局", "应急"),
    ("shijian", "仙居县市场监督管理局", "市监"),
    CENTRE,
    ("huanbao", "台州市生态环境局仙居分局", "环保"),
]

PLATFORMS = [
    ("kaifaqu", "浙江仙居经济开发区", "开发区"),
    ("gaotie", "仙居高铁新城", "高铁新城"),
    ("dujiaqu", "神仙居旅游度假区", "度假区"),
]

TOWNSHIPS = [
    ("anzhou", "安洲街道", TownshipKind.SUBDISTRICT),
    ("fuying", "福应街道", TownshipKind.SUBDISTRICT),
    ("nanfeng", "南峰街道", TownshipKind.SUBDISTRICT),
    ("hengxi", "横溪镇", TownshipKind.TOWN),
    ("butou", "埠头镇", TownshipKind.TOWN),
    ("baita", "白塔镇", TownshipKind.TOWN),
    ("tianshi", "田市镇", TownshipKind.TOWN),
    ("guanlu", "官路镇", TownshipKind.TOWN),
    ("xiage", "下各镇", TownshipKind.TOWN),
    ("zhuxi", "朱溪镇", TownshipKind.TOWN),
    ("qiushan", "湫山乡", TownshipKind.TOWNSHIP),
    ("sidu", "四都乡", TownshipKind.TOWNSHIP),
    ("xigang", "溪港乡", TownshipKind.TOWNSHIP),
    ("danzhu", "淡竹乡", TownshipKind.TOWNSHIP),
    ("potan", "皤滩乡", TownshipKind.TOWNSHIP),
    ("shangzhang", "上张乡", TownshipKind.TOWNSHIP),
    ("bulu", "步路乡", TownshipKind.TOWNSHIP),
    ("guangdu", "广度乡", TownshipKind.TOWNSHIP),
    ("dazhan", "大战乡", TownshipKind.TOWNSHIP),
    ("shuangmiao", "双庙乡", TownshipKind.TOWNSHIP),
]

LEADERSHIP = [
    ("leading-group", "仙居县招商引资工作领导小组", "领导小组"),
    ("executive-meeting", "仙居县人民政府常务会议", "县政府常务会议"),
    ("standing-committee", "中共仙居县委常委会", "县委常委会"),
]

FINANCE = ("caizheng", "仙居县财政局", "县财政局")

EXPERTS = [
    ("experts", "仙居县招商咨询专家库", "专家库"),
    ("third-party", "浙江某产业咨询有限公司", "第三方机构"),
]


def ensure_units():
    """Create or refresh every demo unit; returns {code: Unit}. Idempotent."""
    from .models import Unit

    units = {}

    def put(code, name, short, kind, **extra):
        unit, _ = Unit.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, **extra}
        )
        units[code] = unit

    for order, (code, name, short) in enumerate(FIXED_REVIEWERS, start=1):
        kind = UnitKind.PROMOTION_CENTRE if code == CENTRE[0] else UnitKind.DEPARTMENT
        put(code, name, short, kind, is_fixed_reviewer=True, review_order=order)
    for code, name, short in PLATFORMS:
        put(code, name, short, UnitKind.PLATFORM)
    for code, name, kind in TOWNSHIPS:
        put(code, name, name, UnitKind.TOWNSHIP, township_kind=kind)
    for code, name, short in LEADERSHIP:
        put(code, name, short, UnitKind.LEADERSHIP)
    for code, name, short in EXPERTS:
        put(code, name, short, UnitKind.EXPERT)
    put(*FINANCE, UnitKind.DEPARTMENT)  # a county department, not one of the "8+X" reviewers
    return units

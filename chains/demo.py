"""The demo county's chains: platforms attached, chiefs and task forces, local firms placed so that
the development zone's chains show strong, weak and missing links, and two target lists imported
through the real import (one target contacted, one made a lead)."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from investors.services import investor_for_company
from org.models import User

from . import services
from .enums import TargetSource
from .models import IndustryChain, TargetList

PLATFORM_OF = {
    "modern_medicine": "kaifaqu",
    "rubber_plastics": "kaifaqu",
    "auto_parts": "kaifaqu",
    "medical_devices": "kaifaqu",
    "electronics": "kaifaqu",
    "new_materials": "kaifaqu",
    "high_end_equipment": "kaifaqu",
    "city_services": "gaotie",
    "culture_tourism": "dujiaqu",
}

# (name, industry code, operating since: years ago; 0 = this year)
DEMO_FIRMS = [
    ("浙江仙居康德医疗器械有限公司", "3584", 12),  # the medical-device chain leader
    ("仙居永康外科器械有限公司", "3584", 8),
    ("台州安泰手术器械有限公司", "3584", 5),
    ("仙居洁康卫生材料有限公司", "2770", 6),
    ("仙居康复辅具科技有限公司", "3586", 0),  # closes a gap this year
    ("浙江仙电电器股份有限公司", "3854", 15),  # the electronics chain leader
    ("仙居美厨电器有限公司", "3854", 9),
    ("仙居净源电器有限公司", "3855", 7),
    ("台州恒光照明电器有限公司", "3872", 4),
    ("仙居精微电机有限公司", "3812", 6),
    ("浙江仙居君业药业有限公司", "2720", 20),
    ("仙居百草中药饮片有限公司", "2730", 10),
    ("仙居华源制药有限公司", "2720", 11),
    ("仙居天元药业有限公司", "2720", 13),
    ("仙居塑宝塑料制品有限公司", "2929", 8),
    ("仙居密封件有限公司", "2913", 9),
    ("仙居恒通汽车零部件有限公司", "3670", 7),
    ("仙居飞鹰摩托车配件有限公司", "3752", 12),
]
LEADERS = {"medical_devices": "浙江仙居康德医疗器械有限公司", "electronics": "浙江仙电电器股份有限公司"}

LIST_HEADER = ["企业名称", "统一社会信用代码", "环节", "行业代码", "匹配理由", "负责人"]
LISTS = [
    (
        "medical_devices",
        "康德医疗链主供应商名单（演示）",
        TargetSource.LEADER_SUPPLIERS,
        [
            (
                "苏州精测医学检验设备有限公司",
                "",
                "实验室与消毒设备",
                "3583",
                "链主核心供应商，灭菌设备年采购超三千万",
                "staff",
            ),
            (
                "上海迈科医疗器械销售有限公司",
                "",
                "医疗器械流通",
                "",
                "链主华东区总代理，拟设分拨中心",
                "staff",
            ),
            (
                "杭州瑞影医学影像有限公司",
                "",
                "医学影像设备",
                "",
                "DR 探测器供应商，计划扩产",
                "staff",
            ),
            (
                "深圳迈瑞康医疗科技有限公司",
                "",
                "诊断监护治疗设备",
                "",
                "乡贤企业，已在线索中",
                "staff",
            ),
            (
                "仙居永康外科器械有限公司",
                "",
                "手术与外科器械",
                "",
                "本地企业（导入时应被跳过）",
                "staff",
            ),
        ],
    ),
    (
        "new_materials",
        "专精特新“小巨人”名单（新材料，演示）",
        TargetSource.LITTLE_GIANTS,
        [
            (
                "宁波碳纤复合材料科技有限公司",
                "",
                "纤维增强复合材料",
                "3062",
                "国家级小巨人，碳纤维预浸料",
                "staff",
            ),
            (
                "江苏精瓷新材料有限公司",
                "",
                "先进陶瓷",
                "3073",
                "国家级小巨人，氮化硅陶瓷基板",
                "staff",
            ),
        ],
    ),
]


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(LIST_HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("targets.xlsx", out.getvalue())


def seed(units):
    if TargetList.objects.filter(name__endswith="（演示）").exists():
        return "chains: demo chains already loaded"
    staff = User.objects.get(username="staff")
    leader = User.objects.get(username="leader")
    expert = User.objects.get(username="expert")
    today = timezone.localdate()
    chains = {chain.code: chain for chain in IndustryChain.objects.all()}
    for code, unit_code in PLATFORM_OF.items():
        chain = chains.get(code)
        if chain is not None and chain.platform_id is None:
            chain.platform = units[unit_code]
            chain.save(update_fields=["platform"])
    firms = {}
    for name, industry_code, years in DEMO_FIRMS:
        since = (
            dt.date(today.year, 1, 2) if years == 0 else today.replace(day=1) - dt.timedelta(days=365 * years)
        )
        # A local firm is the company's one investor record, marked local and placed by its code.
        firm = investor_for_company(name=name)
        if not firm.is_local:
            firm.is_local, firm.industry_code = True, industry_code
            firm.platform, firm.local_since = units["kaifaqu"], since
            firm.save()
        firms[name] = firm
    for code, firm_name in LEADERS.items():
        chain = chains[code]
        chain.leader_firm = firms[firm_name]
        chain.chief = leader
        chain.save(update_fields=["leader_firm", "chief"])
        chain.task_force.add(staff, expert)
    created = 0
    for code, list_name, source, rows in LISTS:
        result = services.target_list_import(
            chain=chains[code], name=list_name, source=source, file=_workbook(rows), by=staff
        )
        if not result.ok:
            raise RuntimeError("; ".join(str(e) for e in result.errors))
        created += len(result.created)
    first, second = TargetList.objects.get(name=LISTS[0][1]).targets.order_by("pk")[:2]
    services.target_contacted(target=second, by=staff)
    services.target_to_lead(target=first, by=staff)
    return f"chains: {len(firms)} local firms on the chains, {created} targets in 2 lists, one made a lead"

"""Demo referrals for seed_demo: a few in each triage state and one duplicate.

Each has a fixed tracking code (XIAN-JUDE-MOAA-AAA2 ... AAA7) so the status page can be tried
with it and the last 4 digits 0001 ... 0006 of the demo mobile numbers.
"""

from decimal import Decimal

from django.db.models import Q

from org.models import User
from projects.enums import ProjectState, Source
from projects.models import Project

from .enums import ReferralStatus
from .models import Referral
from .services import referral_accept, referral_confirm, referral_merge, referral_reject, referral_submit

WAN = Decimal("10000")

# (code suffix, kind, referrer, company, credit code, industry, 万元, description, what happens)
DEMO_REFERRALS = [
    (
        "2",
        "hometown",
        "陈立群",
        "深圳迈瑞康医疗科技有限公司",
        "",
        "medical_devices",
        60000,
        "在深圳经营医疗器械多年的仙居乡贤，企业计划在长三角设立第二生产基地。",
        "accept",
    ),
    (
        "3",
        "local_enterprise",
        "浙江仙居君业药业有限公司",
        "德国贝尔曼制药有限公司",
        "",
        "modern_medicine",
        30000,
        "本地药企拟与德方合资建设制剂生产线（以企引企）。",
        "merge",
    ),
    (
        "4",
        "individual",
        "王晓东",
        "上海星河文旅发展有限公司",
        "",
        "culture_tourism",
        15000,
        "企业有意在神仙居景区周边投资夜间文旅项目。",
        "submitted",
    ),
    (
        "5",
        "organisation",
        "台州市浙商研究会",
        "杭州拓维新材料有限公司",
        "",
        "new_materials",
        45000,
        "研究会会员企业，计划扩产高性能复合材料。",
        "submitted",
    ),
    ("6", "individual", "赵敏", "某某贸易公司", "", None, None, "听说该公司想来投资。", "reject"),
    (
        "7",
        "individual",
        "孙浩",
        "深圳迈瑞康医疗科技",
        "",
        "medical_devices",
        50000,
        "该企业正在考察浙江多个园区。",
        "duplicate",
    ),
]


def _code(suffix):
    return f"XIANJUDEMOAAAAA{suffix}"


def seed(units):
    centre_staff = User.objects.filter(username="staff").first()
    host_staff = User.objects.filter(username="kaifaqu").first()
    created = 0
    for i, (suffix, kind, referrer, company, code, industry, wan, text, outcome) in enumerate(
        DEMO_REFERRALS, 1
    ):
        if Referral.objects.filter(tracking_code=_code(suffix)).exists():
            continue
        referral = referral_submit(
            data={
                "referrer_kind": kind,
                "referrer_name": referrer,
                "referrer_mobile": f"1390000{i:04d}",
                "referrer_organisation": referrer if kind != "individual" and kind != "hometown" else "",
                "declared_not_official": True,
                "declared_not_investor": True,
                "privacy_consent": True,
                "company_name": company,
                "company_credit_code": code,
                "industry": industry,
                "intended_investment": wan * WAN if wan else None,
                "description": text,
            }
        )
        Referral.objects.filter(pk=referral.pk).update(tracking_code=_code(suffix))
        created += 1
        if centre_staff is None:
            continue
        if outcome == "accept" and referral.status == ReferralStatus.SUBMITTED:
            referral_accept(
                referral=referral,
                by=centre_staff,
                state=ProjectState.LEAD,
                platform=units["kaifaqu"],
                responsible_unit=units["kaifaqu"],
            )
            referral_confirm(referral=referral, by=centre_staff, party="centre")
            if host_staff is not None:
                referral_confirm(referral=referral, by=host_staff, party="host")
        elif outcome == "merge":
            project = Project.objects.filter(~Q(source=Source.REFERRAL)).order_by("pk").first()
            if project is not None:
                referral_merge(referral=referral, by=centre_staff, project=project, note="并入已有在谈项目")
        elif outcome == "reject":
            referral_reject(referral=referral, by=centre_staff, reason="经核实，该企业暂无来仙投资意向。")
    counts = {s.label: Referral.objects.filter(status=s).count() for s in ReferralStatus}
    summary = ", ".join(f"{label} {n}" for label, n in counts.items() if n)
    return f"Referrals: {Referral.objects.count()} ({created} new; {summary})"

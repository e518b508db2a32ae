"""Demo enterprise requests for seed_demo: a landed company with an enterprise login (qiye), its
service cadre and deputy, and requests in every state, some overdue and escalated."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from org.enums import Role
from org.models import User
from projects.enums import Category, ProjectState
from projects.models import Project
from workdays.services import add_workdays

from . import services
from .enums import Complexity, RequestCategory, Urgency
from .models import EnterpriseAccount, ProjectDeputy, ServiceRequest

COMPANY = "浙江仙居演示精密制造有限公司"
MARK = "（诉求演示）"
YI = Decimal("100000000")


def _projects(units, staff, deputy, today):
    found = []
    for n, (state, platform) in enumerate(
        [(ProjectState.STARTED, "kaifaqu"), (ProjectState.SIGNED, "gaotie")]
    ):
        name = f"精密制造{'一二'[n]}期项目{MARK}"
        project = Project.objects.filter(name=name).first()
        if project is None:
            project = Project.objects.create(
                name=name,
                investor_name=COMPANY,
                state=state,
                platform=units[platform],
                responsible_unit=units[platform],
                category=Category.INDUSTRIAL,
                total_investment=3 * YI,
                fixed_asset_investment=2 * YI,
                contracted_investment=3 * YI,
                land_area=Decimal("80"),
                contract_date=today - dt.timedelta(days=200),
                planned_start_date=today + dt.timedelta(days=20 + 60 * n),
                actual_start_date=today - dt.timedelta(days=90) if state == ProjectState.STARTED else None,
                planned_completion_date=today + dt.timedelta(days=300),
                service_cadre=staff,
            )
        ProjectDeputy.objects.get_or_create(project=project, defaults={"deputy": deputy})
        found.append(project)
    return found


def _enterprise_user(project):
    user, created = User.objects.get_or_create(
        username="qiye", defaults={"last_name": "企业联系人", "mobile": "13605760029"}
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    user.groups.set([Group.objects.get(name=Role.ENTERPRISE)])
    EnterpriseAccount.objects.get_or_create(
        user=user, defaults={"company_name": COMPANY, "company_key": project.investor_key}
    )
    return user


def seed(units):
    if ServiceRequest.objects.filter(title__endswith=MARK).exists():
        return "aftercare: demo requests already loaded"
    today = timezone.localdate()
    staff = User.objects.get(username="staff")
    if not staff.mobile:
        staff.mobile = "13605760021"
        staff.save(update_fields=["mobile"])
    kaifaqu = User.objects.get(username="kaifaqu")
    zigui = User.objects.get(username="zigui")
    started, signed = _projects(units, staff, kaifaqu, today)
    qiye = _enterprise_user(started)
    back = lambda n: add_workdays(today, -n)  # noqa: E731 -- n working days ago

    def filed(title, category, *, project=started, days=12, blocks="", urgency=Urgency.NORMAL):
        return services.request_file(
            project=project,
            by=qiye,
            title=f"{title}{MARK}",
            category=category,
            description=f"{title}：请相关部门协调解决。",
            blocks_milestone=blocks,
            urgency=urgency,
            on=back(days),
        )

    def routed(request, unit="kaifaqu", assist=(), days=11, complexity=Complexity.GENERAL):
        committed = add_workdays(back(days), 12) if complexity == Complexity.COMPLEX else None
        return services.request_route(
            request=request,
            by=staff,
            lead_unit=units[unit],
            assisting_units=[units[a] for a in assist],
            complexity=complexity,
            committed_date=committed,
            on=back(days),
        )

    filed("厂区临时用电增容", RequestCategory.UTILITIES, days=0, urgency=Urgency.URGENT)  # submitted
    r = routed(filed("员工宿舍配套用地", RequestCategory.LAND, days=1), days=0)  # assigned
    r = routed(filed("排污许可证办理", RequestCategory.PERMITS, days=6), assist=["huanbao"], days=5)
    services.request_contact(
        request=r, by=kaifaqu, note="电话联系企业，约定现场踏勘", on=back(5)
    )  # in progress
    r = routed(
        filed("土地交付红线调整", RequestCategory.LAND, days=14, blocks=ProjectState.COMPLETED),
        "zigui",
        days=13,
    )
    services.request_contact(request=r, by=zigui, note="上门对接", on=back(13))
    services.pause_start(request=r, by=zigui, reason="等待企业补充宗地测绘资料", on=back(10))  # waiting
    r = routed(filed("技术工人招聘对接", RequestCategory.LABOUR, days=8), days=8)
    services.resolution_propose(
        request=r, by=kaifaqu, resolution="已组织两场专场招聘会", on=back(1)
    )  # proposed
    r = routed(filed("道路开口审批", RequestCategory.INFRASTRUCTURE, days=20), days=20)
    services.resolution_propose(request=r, by=kaifaqu, resolution="已提交交通部门审批", on=back(15))
    services.request_confirm(request=r, by=qiye, rating=2, comment="审批仍未下达", on=back(14))  # reopened
    r = routed(filed("重复申报的政策咨询", RequestCategory.POLICY, days=9), days=9)
    services.withdrawal_ask(request=r, by=kaifaqu, reason="与另一诉求重复", on=back(8))  # withdrawal asked
    r = routed(filed("研发费用加计扣除政策解读", RequestCategory.POLICY, days=30), assist=["fagai"], days=29)
    services.resolution_propose(request=r, by=kaifaqu, resolution="税务专员已上门讲解并协助申报", on=back(26))
    services.request_confirm(request=r, by=qiye, rating=5, comment="非常及时", on=back(25))  # solved
    services.answer_publish(
        request=r,
        by=staff,
        question="企业如何享受研发费用加计扣除政策？",
        answer="由税务部门专员上门讲解，并协助企业按季度预缴申报时享受加计扣除。",
    )
    r = routed(filed("流动资金贷款对接", RequestCategory.FINANCE, days=40), days=39)
    services.resolution_propose(request=r, by=kaifaqu, resolution="已对接两家银行", on=back(30))
    services.unconfirmed_close_sweep(today=back(20))  # closed, unconfirmed
    services.request_withdraw(
        request=filed("门卫室规划咨询", RequestCategory.OTHER, project=signed, days=3),
        by=qiye,
        reason="企业已自行解决",
        on=back(2),
    )  # withdrawn
    overdue = routed(
        filed(
            "天然气管道接入", RequestCategory.UTILITIES, project=signed, days=25, blocks=ProjectState.STARTED
        ),
        days=24,
    )  # the signed phase's start is blocked: its light turns red and the leader's red list names it
    services.escalation_sweep(today=today)
    count = ServiceRequest.objects.filter(title__endswith=MARK).count()
    states = len(set(ServiceRequest.objects.filter(title__endswith=MARK).values_list("state", flat=True)))
    return (
        f"aftercare: {count} requests in {states} states for {COMPANY} (login qiye); #{overdue.pk} escalated"
    )

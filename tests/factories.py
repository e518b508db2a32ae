"""Builders for test data, in one place."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group

from org.demo_units import ensure_units
from org.enums import Role
from org.models import User
from projects.models import Project

_seq = itertools.count(1)


def units():
    return ensure_units()


def make_user(role, unit_code="touchu", username=None, password="pass-Xianju-1"):
    """A user in `role`'s group, of the unit `unit_code` (None: no unit, as an enterprise account)."""
    all_units = ensure_units()
    user = User.objects.create_user(
        username=username or f"{role}-{next(_seq)}",
        password=password,
        unit=all_units[unit_code] if unit_code else None,
    )
    user.groups.add(Group.objects.get(name=Role(role).value))
    return user


def make_project(**fields):
    all_units = ensure_units()
    n = next(_seq)
    values = {
        "name": f"测试项目{n}",
        "investor_name": f"测试投资有限公司{n}",
        "platform": all_units["kaifaqu"],
        "responsible_unit": all_units["kaifaqu"],
        "total_investment": Decimal("100000000.00"),
        "fixed_asset_investment": Decimal("80000000.00"),
        "land_area": Decimal("50"),
    }
    values.update(fields)
    return Project.objects.create(**values)


def make_confirmed_referral(project, **fields):
    """A first report of `project`'s investor, confirmed by the centre and the host unit."""
    import datetime as dt

    from django.utils import timezone

    from projects.company import company_name_key
    from referrals.enums import ReferralStatus
    from referrals.models import Referral

    now = timezone.now()
    values = {
        "status": ReferralStatus.ACCEPTED,
        "is_first": True,
        "referrer_kind": "individual",
        "referrer_name": "王引荐",
        "referrer_mobile": "13800001234",
        "declared_not_official": True,
        "declared_not_investor": True,
        "privacy_consent_at": now - dt.timedelta(days=400),
        "company_name": project.investor_name,
        "company_name_key": company_name_key(project.investor_name),
        "industry_id": "medical_devices",
        "description": "介绍外地投资者",
        "project": project,
        "centre_confirmed_at": now,
        "host_confirmed_at": now,
    }
    values.update(fields)
    return Referral.objects.create(**values)


def make_rewarded_project(
    *, entered_by, verified_by, completion=None, production=None, capacity=None, **fields
):
    """A signed project with reached milestones and verified reward figures (incentives)."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from incentives.enums import FactState
    from incentives.models import VerifiedFigures

    values = {
        "state": "in_production",
        "total_investment": Decimal("1200000000"),
        "fixed_asset_investment": Decimal("800000000"),
        "equipment_investment": Decimal("300000000"),
        "land_area": Decimal("200"),
        "contract_date": dt.date(2024, 3, 1),
        "actual_start_date": dt.date(2024, 6, 1),
        "actual_completion_date": completion or dt.date(2025, 6, 1),
        "actual_production_date": production or dt.date(2025, 9, 10),
        "actual_capacity_date": capacity,
    }
    values.update(fields)
    project = make_project(**values)
    figures = VerifiedFigures(
        project=project,
        fixed_asset_investment=project.fixed_asset_investment,
        equipment_investment=project.equipment_investment,
        land_area=project.land_area,
        state=FactState.VERIFIED,
        entered_by=entered_by,
        verified_by=verified_by,
    )
    figures.document.save("figures.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    figures.save()
    return project


def make_installments(project, count, *, policy, reward="investment"):
    """`count` calculated installments of one company beneficiary, one due a day from 2026-01-01."""
    import datetime as dt

    from incentives.models import Beneficiary, Installment

    company = Beneficiary.objects.create(
        project=project, reward=reward, name=project.investor_name, kind="organisation", share=100
    )
    amount = Decimal("1000.00")
    return Installment.objects.bulk_create(
        Installment(
            project=project,
            reward=reward,
            slot=f"adj-{i}",
            beneficiary=company,
            policy=policy,
            trigger_date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            computed=amount,
            installment_amount=amount,
            gross=amount,
            tax=Decimal("0.00"),
            net=amount,
        )
        for i in range(count)
    )


def make_audit_entry(project, *, action, on, to_state="", from_state="", data=None):
    """A timeline row of `project` dated at noon (Asia/Shanghai) on `on`, as a service would write it."""
    import datetime as dt

    from django.utils import timezone

    from audit.services import audit_record

    entry = audit_record(obj=project, action=action, from_state=from_state, to_state=to_state, data=data)
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    type(entry).objects.filter(pk=entry.pk).update(at=at)
    return entry


def make_challenge(**fields):
    import datetime as dt

    from scoring.models import Challenge

    values = {
        "title": f"揭榜任务{next(_seq)}",
        "posted_on": dt.date(2026, 1, 1),
        "deadline": dt.date(2026, 6, 30),
        "bonus": Decimal("5"),
    }
    values.update(fields)
    return Challenge.objects.create(**values)


def make_enterprise(project, username=None):
    """An enterprise login bound to `project`'s company."""
    from aftercare.models import EnterpriseAccount

    user = User.objects.create_user(username=username or f"qiye-{next(_seq)}", password="pass-Xianju-1")
    user.groups.add(Group.objects.get(name=Role.ENTERPRISE.value))
    EnterpriseAccount.objects.create(
        user=user, company_name=project.investor_name, company_key=project.investor_key
    )
    return user


def make_landed_project(**fields):
    """A started project with a service cadre, ready for enterprise requests."""
    from projects.enums import ProjectState

    fields.setdefault("state", ProjectState.STARTED)
    if "service_cadre" not in fields:
        fields["service_cadre"] = make_user("promotion_staff", "touchu")
    return make_project(**fields)


def make_chain(code=None, **fields):
    """A chain of the kaifaqu platform (the seeded chains exist too, from the chains migration)."""
    from chains.models import IndustryChain

    n = next(_seq)
    values = {
        "code": code or f"test_chain_{n}",
        "name": f"测试产业链{n}",
        "platform": ensure_units()["kaifaqu"],
    }
    values.update(fields)
    return IndustryChain.objects.create(**values)


def make_chain_link(chain=None, **fields):
    from chains.models import ChainLink

    n = next(_seq)
    values = {"chain": chain or make_chain(), "name": f"测试环节{n}", "position": "midstream"}
    values.update(fields)
    return ChainLink.objects.create(**values)


def make_local_firm(**fields):
    """A local firm: a company investor record that is local, placed on a chain link."""
    from investors.models import Investor

    n = next(_seq)
    values = {"name": f"仙居测试企业{n}有限公司", "platform": ensure_units()["kaifaqu"], "is_local": True}
    values.update(fields)
    return Investor.objects.create(**values)


def target_workbook(rows, header=("企业名称", "统一社会信用代码", "环节", "行业代码", "匹配理由", "负责人")):
    """A target-list .xlsx upload: `rows` of cells under the Chinese headers."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("targets.xlsx", out.getvalue())


def make_decided_project(leader, **fields):
    """A project at the decision stage that every required body approved: ready to sign."""
    from projects.enums import DecisionOutcome, ProjectState
    from projects.services import decision_record, required_bodies

    project = make_project(state=ProjectState.DECISION, **fields)
    for body in required_bodies(project):
        decision_record(project=project, body=body, outcome=DecisionOutcome.APPROVED, by=leader)
    return project


def make_investor(**fields):
    from investors.models import Investor

    values = {"name": f"测试客商有限公司{next(_seq)}"}
    values.update(fields)
    return Investor.objects.create(**values)

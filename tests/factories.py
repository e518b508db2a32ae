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
    all_units = ensure_units()
    user = User.objects.create_user(
        username=username or f"{role}-{next(_seq)}", password=password, unit=all_units[unit_code]
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

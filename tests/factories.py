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

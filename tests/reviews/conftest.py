import datetime as dt
from decimal import Decimal

import pytest

from org.demo_units import FIXED_REVIEWERS
from projects.enums import Category
from reviews.models import ThresholdPolicy
from reviews.services import review_round_open
from tests import factories

FIXED_CODES = [code for code, _name, _short in FIXED_REVIEWERS]


@pytest.fixture
def units(db):
    return factories.units()


@pytest.fixture
def signers(units):
    """One reviewer account per fixed department and for the development zone: {unit code: user}."""
    accounts = {
        code: factories.make_user("department_reviewer", code, username=f"rev-{code}") for code in FIXED_CODES
    }
    accounts["kaifaqu"] = factories.make_user("platform_reviewer", "kaifaqu", username="rev-kaifaqu")
    return accounts


@pytest.fixture
def threshold(units):
    return ThresholdPolicy.objects.create(
        name="开发区工业项目准入门槛",
        effective_from=dt.date(2022, 1, 1),
        category=Category.INDUSTRIAL,
        platform=units["kaifaqu"],
        min_investment_intensity=Decimal("300"),
        min_tax_per_mu=Decimal("30"),
    )


@pytest.fixture
def project(units):
    # 8000万 FAI on 50 亩 = 160万/亩, below the 300万 default.
    return factories.make_project(state="pre_review", expected_tax=Decimal("10000000"))


@pytest.fixture
def open_round(project, staff, units, signers):
    return review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])


def sign_all(round_, signers, verdict="agree", **extra):
    from reviews.services import opinion_sign

    for opinion in round_.opinions.select_related("unit").order_by("position"):
        if opinion.verdict:
            continue
        reason = "" if verdict == "agree" else "理由"
        opinion_sign(opinion=opinion, by=signers[opinion.unit.code], verdict=verdict, reason=reason, **extra)

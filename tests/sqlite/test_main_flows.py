"""The portal's three main flows, through the same services, on whichever database the run uses.

`make test` runs this module on PostgreSQL and again on the embedded SQLite.
"""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from notifications.models import Event
from org.demo_units import FIXED_REVIEWERS
from projects.enums import ProjectState, Source
from projects.models import Project
from projects.services import project_create, project_transition
from referrals.enums import ReferralStatus
from referrals.services import referral_accept, referral_submit
from reviews.models import ReviewMinutes, ReviewOpinion
from reviews.services import opinion_sign, review_round_open
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return factories.units()


def test_staff_create_a_project_and_move_it_to_assessment(staff, units):
    project = project_create(
        by=staff,
        name="仙居智能装备产业园项目",
        investor_name="浙江嘉远智能装备有限公司",
        platform=units["kaifaqu"],
        total_investment=Decimal("200000000.00"),
    )
    project_transition(project=project, to=ProjectState.INTAKE, by=staff)
    project_transition(
        project=project,
        to=ProjectState.ASSESSMENT,
        by=staff,
        data={"responsible_unit": units["kaifaqu"], "deadline": dt.date(2027, 3, 31)},
    )

    project.refresh_from_db()
    assert project.state == ProjectState.ASSESSMENT
    assert project.responsible_unit == units["kaifaqu"]
    timeline = AuditEntry.objects.filter(project_id=project.pk).order_by("at", "pk")
    assert [(e.action, e.to_state) for e in timeline] == [
        ("project.created", "lead"),
        ("project.transition", "intake"),
        ("project.transition", "assessment"),
    ]
    assert Event.objects.filter(kind="project.transitioned", payload__project_id=project.pk).count() == 2


def test_a_round_opens_every_department_signs_and_it_concludes_once(staff, units):
    signers = {code: factories.make_user("department_reviewer", code) for code, _n, _s in FIXED_REVIEWERS}
    signers["kaifaqu"] = factories.make_user("platform_reviewer", "kaifaqu")
    project = factories.make_project(state=ProjectState.PRE_REVIEW)
    round_ = review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])
    assert round_.opinions.count() == 9

    for opinion in round_.opinions.select_related("unit").order_by("position"):
        opinion_sign(opinion=opinion, by=signers[opinion.unit.code], verdict="agree")

    round_.refresh_from_db()
    assert round_.state == "concluded" and round_.outcome == "pass"
    assert ReviewOpinion.objects.filter(round=round_, verdict="agree").count() == 9
    assert ReviewMinutes.objects.filter(round=round_).count() == 1
    assert Project.objects.get(pk=project.pk).state == ProjectState.DECISION
    assert AuditEntry.objects.filter(action="review.round_concluded", object_id=round_.pk).count() == 1


def test_a_public_report_is_triaged_and_accepted_into_the_ledger(staff, units):
    referral = referral_submit(
        data={
            "referrer_kind": "individual",
            "referrer_name": "王小明",
            "referrer_mobile": "13812345678",
            "declared_not_official": True,
            "declared_not_investor": True,
            "privacy_consent": True,
            "company_name": "苏州瑞华精密机械有限公司",
            "industry": "medical_devices",
            "intended_investment": Decimal("300000000.00"),
            "description": "计划在仙居投资建设生产基地。",
        }
    )
    assert referral.is_first and referral.status == ReferralStatus.SUBMITTED

    referral_accept(referral=referral, by=staff, state=ProjectState.INTAKE, platform=units["kaifaqu"])

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.project.state == ProjectState.INTAKE
    assert referral.project.source == Source.REFERRAL
    assert referral.project.investor_name == "苏州瑞华精密机械有限公司"
    actions = AuditEntry.objects.filter(action__startswith="referral.", object_id=referral.pk)
    assert sorted(actions.values_list("action", flat=True)) == ["referral.accepted", "referral.submitted"]

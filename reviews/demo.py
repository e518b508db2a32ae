"""Demo pre-reviews for seed_demo (runs after projects.demo): open rounds with some opinions in,
an overdue one, and concluded rounds (with minutes) for projects that are already past pre-review."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from audit.services import audit_record
from org.models import User
from projects.enums import PIPELINE, Category, ChainLink, IndustryChain, ProjectState, Source
from projects.models import Project
from projects.services import project_create, project_transition, task_force_set
from workdays.services import add_workdays

from .enums import ConclusionKind, Outcome, RoundState, Verdict
from .models import OpinionVersion, ReviewMinutes, ReviewOpinion, ReviewRound, ThresholdPolicy
from .services import fixed_reviewer_units, opinion_sign, review_round_open

WAN = Decimal("10000")
PAST_PRE_REVIEW = set(PIPELINE[PIPELINE.index(ProjectState.DECISION) :]) | {ProjectState.REJECTED}

# Extra projects waiting in pre-review:
# name, investor, chain, total 万元, FAI 万元, land 亩, opened this many working days ago.
EXTRA_PROJECTS = [
    (
        "高值医用耗材产业化项目",
        "常州康瑞医疗科技有限公司",
        IndustryChain.MEDICAL_DEVICES,
        36000,
        28000,
        70,
        8,
    ),
]
SIGNED_OPINIONS = {
    "fagai": (Verdict.AGREE, "", ""),
    "jingxin": (Verdict.AGREE, "", ""),
    "zigui": (Verdict.CONDITIONAL, "项目用地需纳入国土空间规划", "完成用地规划调整后再行供地"),
    "yingji": (Verdict.AGREE, "", ""),
    "huanbao": (Verdict.CONDITIONAL, "涉及挥发性有机物排放", "落实VOCs总量替代和环评批复"),
}


def _signed_in(rounds_before):
    """The first round has most opinions in; later ones still wait on 发改 (the first demo login)."""
    if rounds_before == 0:
        return SIGNED_OPINIONS
    return {code: opinion for code, opinion in SIGNED_OPINIONS.items() if code != "fagai"}


def _signer(unit):
    return User.objects.filter(unit=unit, groups__permissions__codename="sign_review").order_by("pk").first()


def _ensure_threshold(units):
    """Link the default development-zone threshold (created by the migration) to the zone's unit."""
    ThresholdPolicy.objects.filter(category=Category.INDUSTRIAL, platform__isnull=True).update(
        platform=units["kaifaqu"]
    )


def _open_with_some_signed(project, staff, units, opened_on, signed=SIGNED_OPINIONS):
    expert = User.objects.filter(username="expert").first()
    extra = [project.platform] if project.platform else []
    invitees = {}
    if expert is not None:
        extra.append(expert.unit)
        invitees[expert.unit_id] = expert
    round_ = review_round_open(
        project=project,
        by=staff,
        extra_units=extra,
        invitees=invitees,
        note="请各单位对项目准入条件提出意见",
        today=opened_on,
    )
    for opinion in round_.opinions.select_related("unit"):
        wanted = signed.get(opinion.unit.code)
        signer = _signer(opinion.unit)
        if wanted and signer:
            verdict, reason, conditions = wanted
            opinion_sign(opinion=opinion, by=signer, verdict=verdict, reason=reason, conditions=conditions)
    return round_


def _record_past_round(project, staff):
    """A project moved past pre-review without a round (older data): record the round it had."""
    rejected = project.state == ProjectState.REJECTED
    now = timezone.now()
    round_ = ReviewRound.objects.create(
        project=project,
        convener=staff,
        opened_on=timezone.localdate() - dt.timedelta(days=30),
        state=RoundState.CONCLUDED,
        outcome=Outcome.FAIL if rejected else Outcome.PASS,
        conclusion_kind=ConclusionKind.AUTOMATIC,
        concluded_at=now,
        responsible_unit=project.responsible_unit,
        project_deadline=project.deadline,
    )
    for unit in fixed_reviewer_units():
        signer = _signer(unit)
        if signer is None:
            continue
        verdict = Verdict.DISAGREE if rejected and unit.code == "huanbao" else Verdict.AGREE
        reason = "能耗和排放指标不符合要求" if verdict == Verdict.DISAGREE else ""
        opinion = ReviewOpinion.objects.create(
            round=round_,
            unit=unit,
            is_fixed=True,
            position=unit.review_order,
            due=round_.opened_on + dt.timedelta(days=7),
            verdict=verdict,
            reason=reason,
            signed_by=signer,
            signed_at=now,
            version=1,
        )
        OpinionVersion.objects.create(
            opinion=opinion, number=1, verdict=verdict, reason=reason, signed_by=signer
        )
    ReviewMinutes.objects.create(round=round_, number=f"仙投预审〔{now.year}〕{round_.pk}号")
    audit_record(
        obj=round_,
        action="review.round_concluded",
        actor=staff,
        project_id=project.pk,
        to_state=round_.outcome,
        note="演示数据:补录预审记录",
    )


def pass_pre_review(project, staff):
    """The projects demo's step pre_review → decision: a round every fixed department agrees to."""
    # Back-filled history: the platform gave its view at assessment, so it sat out (with the reason).
    round_ = review_round_open(
        project=project,
        by=staff,
        note="演示:预审会议",
        platform_left_out_reason="平台已在研判阶段出具书面意见" if project.platform_id else "",
    )
    for opinion in round_.opinions.select_related("unit"):
        reviewer = User.objects.filter(unit=opinion.unit, username=opinion.unit.code).first()
        opinion_sign(opinion=opinion, by=reviewer, verdict=Verdict.AGREE, reason="符合产业导向和准入要求")


def seed(units):
    staff = User.objects.get(username="staff")
    _ensure_threshold(units)
    today = timezone.localdate()
    opened = 0
    for name, investor, chain, total, fai, land, days_ago in EXTRA_PROJECTS:
        if Project.objects.filter(name=name).exists():
            continue
        project = project_create(
            by=staff,
            name=name,
            investor_name=investor,
            platform=units["kaifaqu"],
            industry_chain=chain,
            chain_link=ChainLink.STRENGTHEN,
            category=Category.INDUSTRIAL,
            source=Source.INDUSTRIAL_PARK,
            total_investment=Decimal(total) * WAN,
            fixed_asset_investment=Decimal(fai) * WAN,
            land_area=Decimal(land),
            expected_tax=Decimal(total) * WAN * Decimal("0.06"),
            responsible_unit=units["kaifaqu"],
        )
        expert = User.objects.filter(username="expert").first()
        task_force_set(
            project=project,
            by=staff,
            lead=User.objects.filter(username="leader").first(),
            members=[staff, *User.objects.filter(username="kaifaqu")],
            experts=[expert] if expert else [],
        )
        for state in (ProjectState.INTAKE, ProjectState.ASSESSMENT, ProjectState.PRE_REVIEW):
            data = {"deadline": today + dt.timedelta(days=90)} if state == ProjectState.ASSESSMENT else {}
            project_transition(project=project, to=state, by=staff, data=data)
        _open_with_some_signed(project, staff, units, add_workdays(today, -days_ago), _signed_in(opened))
        opened += 1
    for project in Project.objects.filter(state=ProjectState.PRE_REVIEW, review_rounds__isnull=True):
        _open_with_some_signed(project, staff, units, add_workdays(today, -2), _signed_in(opened))
        opened += 1
    recorded = 0
    for project in Project.objects.filter(state__in=PAST_PRE_REVIEW).exclude(
        review_rounds__state=RoundState.CONCLUDED
    ):
        if project.state == ProjectState.REJECTED or _went_through_pre_review(project):
            _record_past_round(project, staff)
            recorded += 1
    return f"{opened} pre-review rounds opened, {recorded} past rounds recorded"


def _went_through_pre_review(project):
    from audit.models import AuditEntry

    return AuditEntry.objects.filter(
        project_id=project.pk, action="project.transition", from_state=ProjectState.PRE_REVIEW
    ).exists()

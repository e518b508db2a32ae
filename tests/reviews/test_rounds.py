import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from notifications.models import Event
from org.models import Unit
from projects.services import project_transition
from reviews.enums import ConclusionKind, Outcome, RoundState
from reviews.models import ReviewMinutes, ReviewOpinion, ReviewRound, ReviewSettings, ThresholdPolicy
from reviews.rules import below_threshold, outcome_for, threshold_checks
from reviews.services import (
    opinion_sign,
    review_participant_add,
    review_round_close,
    review_round_open,
    review_round_update_terms,
)
from tests import factories

from .conftest import FIXED_CODES, sign_all

pytestmark = pytest.mark.django_db
D = dt.date


def test_opening_adds_the_eight_fixed_departments_in_order_plus_the_x(open_round, units):
    codes = list(open_round.opinions.order_by("position").values_list("unit__code", flat=True))
    assert codes == [*FIXED_CODES, "kaifaqu"]
    assert open_round.opinions.filter(is_fixed=True).count() == 8
    assert AuditEntry.objects.filter(action="review.round_opened", project_id=open_round.project_id).exists()
    assert Event.objects.filter(key=f"review.round_opened:{open_round.pk}").count() == 1


def test_the_fixed_list_follows_the_administrators_changes(project, staff, units):
    Unit.objects.filter(code="huanbao").update(is_fixed_reviewer=False)
    Unit.objects.filter(code="gaotie").update(is_fixed_reviewer=True, review_order=9)
    round_ = review_round_open(project=project, by=staff)
    codes = set(round_.opinions.values_list("unit__code", flat=True))
    assert "huanbao" not in codes and "gaotie" in codes


def test_five_working_days_across_national_day_count_the_make_up_sunday(project, staff):
    # Opened Friday 26 Sept 2025: Sun 28 Sept (make-up), Mon 29, Tue 30 Sept, then 1–8 Oct off, Thu 9, Fri 10.
    round_ = review_round_open(project=project, by=staff, today=D(2025, 9, 26))
    assert set(round_.opinions.values_list("due", flat=True)) == {D(2025, 10, 10)}


def test_default_workdays_are_data_the_administrator_can_change(project, staff):
    settings_row = ReviewSettings.load()
    settings_row.opinion_workdays = 2
    settings_row.save()
    round_ = review_round_open(project=project, by=staff, today=D(2025, 9, 26))
    assert set(round_.opinions.values_list("due", flat=True)) == {D(2025, 9, 29)}


def test_only_staff_open_rounds_and_only_for_projects_in_pre_review(staff, reviewer, units):
    project = factories.make_project(state="assessment")
    with pytest.raises(ValidationError) as exc:
        review_round_open(project=project, by=staff)
    assert "project" in exc.value.message_dict
    project = factories.make_project(state="pre_review")
    with pytest.raises(PermissionDenied):
        review_round_open(project=project, by=reviewer)
    assert not ReviewRound.objects.exists()


def test_a_second_open_round_for_the_same_project_is_refused(open_round, staff):
    with pytest.raises(ValidationError, match="已有"):
        review_round_open(project=open_round.project, by=staff)
    assert ReviewRound.objects.count() == 1


def test_a_deadline_in_the_past_is_refused_and_nothing_is_created(project, staff):
    with pytest.raises(ValidationError) as exc:
        review_round_open(project=project, by=staff, due=D(2020, 1, 1))
    assert exc.value.message_dict["due"] == ["截止日期不能早于今天。"]
    assert not ReviewRound.objects.exists()


def test_threshold_default_is_copied_and_a_project_below_it_is_flagged(threshold, project, staff):
    round_ = review_round_open(project=project, by=staff)
    assert round_.min_investment_intensity == Decimal("300")
    assert round_.min_tax_per_mu == Decimal("30")
    checks = threshold_checks(round_, project)
    assert checks[0].actual == Decimal("160.00") and checks[0].meets is False
    assert checks[1].actual == Decimal("20.00") and checks[1].meets is False
    assert below_threshold(round_, project)
    round_ = review_round_update_terms(round=round_, by=staff, min_investment_intensity=Decimal("150"))
    review_round_update_terms(round=round_, by=staff, min_tax_per_mu=Decimal("20"))
    round_.refresh_from_db()
    assert not below_threshold(round_, project)


def test_the_threshold_of_another_platform_does_not_apply(threshold, staff, units):
    ThresholdPolicy.objects.exclude(pk=threshold.pk).delete()
    project = factories.make_project(state="pre_review", platform=units["gaotie"])
    round_ = review_round_open(project=project, by=staff)
    assert round_.min_investment_intensity is None


@pytest.mark.parametrize(
    ("verdicts", "outcome"),
    [
        (["agree", "agree"], Outcome.PASS),
        (["agree", "conditional"], Outcome.CONDITIONAL_PASS),
        (["conditional", "disagree"], Outcome.FAIL),
        (["agree", "disagree"], Outcome.FAIL),
    ],
)
def test_outcome_rule(verdicts, outcome):
    assert outcome_for(verdicts) == outcome


def test_the_last_signature_concludes_the_round_and_moves_the_project_to_decision(open_round, signers, units):
    review_round_update_terms(round=open_round, by=open_round.convener, project_deadline=D(2099, 1, 5))
    sign_all(open_round, signers)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CONCLUDED
    assert open_round.outcome == Outcome.PASS
    assert open_round.conclusion_kind == ConclusionKind.AUTOMATIC
    assert ReviewMinutes.objects.filter(round=open_round).count() == 1
    project = open_round.project
    project.refresh_from_db()
    assert project.state == "decision"
    assert project.deadline == D(2099, 1, 5)
    assert project.responsible_unit == units["kaifaqu"]
    assert Event.objects.filter(key=f"review.round_concluded:{open_round.pk}").count() == 1
    assert AuditEntry.objects.filter(action="project.transition", project_id=project.pk, to_state="decision")


def test_one_disagreement_fails_the_round_and_rejects_the_project(open_round, signers):
    opinion = open_round.opinions.get(unit__code="huanbao")
    opinion_sign(opinion=opinion, by=signers["huanbao"], verdict="disagree", reason="排放超标")
    sign_all(open_round, signers)
    open_round.refresh_from_db()
    assert open_round.outcome == Outcome.FAIL
    open_round.project.refresh_from_db()
    assert open_round.project.state == "rejected"


def test_conditions_give_a_conditional_pass(open_round, signers):
    opinion = open_round.opinions.get(unit__code="zigui")
    opinion_sign(
        opinion=opinion,
        by=signers["zigui"],
        verdict="conditional",
        reason="用地",
        conditions="先完成规划调整",
    )
    sign_all(open_round, signers)
    open_round.refresh_from_db()
    assert open_round.outcome == Outcome.CONDITIONAL_PASS


def test_a_reviewer_cannot_sign_for_another_department(open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    with pytest.raises(PermissionDenied):
        opinion_sign(opinion=opinion, by=signers["jingxin"], verdict="agree")
    opinion.refresh_from_db()
    assert opinion.verdict == "" and opinion.version == 0


@pytest.mark.parametrize(
    ("verdict", "reason", "conditions", "field", "message"),
    [
        ("disagree", "", "", "reason", "除非同意,请说明理由。"),
        ("conditional", "理由", "", "conditions", "请写明同意的条件。"),
        ("maybe", "", "", "verdict", "请选择同意、有条件同意或不同意。"),
    ],
)
def test_signing_needs_reasons_and_conditions(
    open_round, signers, verdict, reason, conditions, field, message
):
    opinion = open_round.opinions.get(unit__code="fagai")
    with pytest.raises(ValidationError) as exc:
        opinion_sign(
            opinion=opinion, by=signers["fagai"], verdict=verdict, reason=reason, conditions=conditions
        )
    assert exc.value.message_dict[field] == [message]
    opinion.refresh_from_db()
    assert opinion.version == 0 and not opinion.versions.exists()


def test_revisions_are_kept_until_the_round_concludes_then_nothing_changes(open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    opinion_sign(opinion=opinion, by=signers["fagai"], verdict="disagree", reason="产能过剩")
    opinion_sign(opinion=opinion, by=signers["fagai"], verdict="agree")
    assert list(opinion.versions.values_list("number", "verdict")) == [(1, "disagree"), (2, "agree")]
    assert AuditEntry.objects.filter(action="review.opinion_revised").count() == 1
    sign_all(open_round, signers)
    with pytest.raises(ValidationError, match="已结束"):
        opinion_sign(opinion=opinion, by=signers["fagai"], verdict="disagree", reason="改主意")
    opinion.refresh_from_db()
    assert opinion.verdict == "agree" and opinion.versions.count() == 2


def test_the_convener_closes_a_round_early_with_a_reason(open_round, signers, staff):
    with pytest.raises(ValidationError, match="尚无"):
        review_round_close(round=open_round, by=staff, reason="时间紧")
    opinion = open_round.opinions.get(unit__code="fagai")
    opinion_sign(opinion=opinion, by=signers["fagai"], verdict="agree")
    with pytest.raises(ValidationError) as exc:
        review_round_close(round=open_round, by=staff, reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        review_round_close(round=open_round, by=signers["fagai"], reason="越权")
    review_round_close(round=open_round, by=staff, reason="领导小组要求提前上会")
    open_round.refresh_from_db()
    assert open_round.conclusion_kind == ConclusionKind.CONVENER
    assert open_round.conclusion_reason == "领导小组要求提前上会"
    assert open_round.outcome == Outcome.PASS


def test_the_project_cannot_leave_pre_review_without_a_concluded_round(project, staff):
    with pytest.raises(ValidationError, match="8\\+X"):
        project_transition(project=project, to="decision", by=staff)
    with pytest.raises(ValidationError, match="8\\+X"):
        project_transition(project=project, to="rejected", by=staff, note="不行")
    project.refresh_from_db()
    assert project.state == "pre_review"


def test_a_project_that_left_pre_review_meanwhile_is_noted_not_moved(open_round, signers, staff):
    project_transition(project=open_round.project, to="exited", by=staff, note="投资方撤回")
    sign_all(open_round, signers)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CONCLUDED
    assert "已退出" in open_round.transition_problem or open_round.transition_problem


def test_experts_are_invited_by_name_and_see_only_their_rounds(open_round, staff, units, project):
    expert = factories.make_user("expert", "experts")
    colleague = factories.make_user("expert", "experts")
    opinion = review_participant_add(round=open_round, unit=units["experts"], by=staff, invitee=expert)
    other_project = factories.make_project(state="pre_review")
    review_round_open(project=other_project, by=staff)
    assert list(ReviewRound.objects.visible_to(expert)) == [open_round]
    assert not ReviewRound.objects.visible_to(colleague).exists()
    with pytest.raises(PermissionDenied):
        opinion_sign(opinion=opinion, by=colleague, verdict="agree")
    opinion_sign(opinion=opinion, by=expert, verdict="agree")


def test_adding_the_same_unit_twice_is_refused(open_round, staff, units):
    with pytest.raises(ValidationError):
        review_participant_add(round=open_round, unit=units["kaifaqu"], by=staff)
    assert ReviewOpinion.objects.filter(round=open_round).count() == 9

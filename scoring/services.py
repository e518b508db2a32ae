"""Every write of unit scoring: one transaction, an audit row, events after commit."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit
from org.models import User
from projects.enums import SIGNED_STATES

from . import permissions as can
from .enums import ChallengeState, PeriodKind
from .models import (
    BoardSnapshot,
    Bundle,
    BundleMember,
    Challenge,
    ChallengeClaim,
    ProjectCredit,
    ScoreAdjustment,
    SnapshotRow,
)
from .periods import Period


def _decimal(value, field):
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None


def policy_ensure_default():
    """The default policy of domain §5 when no version exists (migration 0002 seeds it too)."""
    from .defaults import create_default_policy
    from .models import CategoryWeight, ScoringPolicy, SizeClass

    if not ScoringPolicy.objects.exists():
        create_default_policy(ScoringPolicy, SizeClass, CategoryWeight)


def adjustment_add(*, unit, on, points, reason, by, project=None):
    """A manual line (e.g. false information), with a reason; audited."""
    if not can.can_manage(by):
        raise PermissionDenied(_("Only promotion staff enter score adjustments."))
    points = _decimal(points, "points")
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the adjustment.")
    if points == 0:
        errors["points"] = _("An adjustment of zero points changes nothing.")
    if unit is None or not can.is_scored_unit(unit):
        errors["unit"] = _("Choose a township, county department or platform.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        adjustment = ScoreAdjustment.objects.create(
            unit=unit, on=on, points=points, reason=reason.strip(), project=project, created_by=by
        )
        audit_record(
            obj=adjustment,
            action="scoring.adjustment",
            actor=by,
            note=adjustment.reason,
            project_id=getattr(project, "pk", None),
            data={"unit": unit.pk, "on": on, "points": points},
        )
    return adjustment


def credits_set(*, project, shares, by):
    """Declare the units credited with a project: {unit: percent}, each above 0, summing to 100;
    {} restores the default (100% to the responsible unit). Audited with the shares before and after."""
    if not can.can_manage(by):
        raise PermissionDenied(_("Only promotion staff declare credited units."))
    clean = {unit: _decimal(share, "shares") for unit, share in shares.items()}
    errors = {}
    outside = [str(u) for u in clean if not can.is_scored_unit(u)]
    if outside:
        errors["units"] = _("Only townships, county departments and platforms are credited: %(units)s.") % {
            "units": "、".join(outside)
        }
    if any(s <= 0 or s > 100 for s in clean.values()):
        errors["shares"] = _("Each share is a percentage above 0 and at most 100.")
    elif clean and sum(clean.values()) != 100:
        errors["shares"] = _("The shares add up to %(total)s%%; together they must make exactly 100%%.") % {
            "total": sum(clean.values())
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The project's row is the lock: two staff declaring at once write one after the other.
        type(project).objects.select_for_update().only("pk").get(pk=project.pk)
        credits = ProjectCredit.objects.filter(project=project)
        before = {str(c.unit_id): c.share_percent for c in credits}
        credits.delete()
        ProjectCredit.objects.bulk_create(
            [ProjectCredit(project=project, unit=u, share_percent=s) for u, s in clean.items()]
        )
        audit_record(
            obj=project,
            action="scoring.credits",
            actor=by,
            data={"before": before, "shares": {str(u.pk): s for u, s in clean.items()}},
        )


def bundle_create(*, name, year, units, by, note=""):
    """Tie units for a calendar year; a unit already bundled that year is refused."""
    if not can.can_manage(by):
        raise PermissionDenied(_("Only promotion staff set up bundles."))
    if len(units) < 2:
        raise ValidationError({"units": _("A bundle ties at least two units.")})
    taken = BundleMember.objects.filter(year=year, unit__in=units).select_related("unit", "bundle")
    if taken:
        raise ValidationError(
            {
                "units": _("Already in a bundle in %(year)s: %(units)s.")
                % {"year": year, "units": "、".join(f"{m.unit}（{m.bundle.name}）" for m in taken)}
            }
        )
    try:
        with transaction.atomic():
            bundle = Bundle.objects.create(name=name, year=year, note=note)
            for unit in units:
                BundleMember(bundle=bundle, unit=unit).save()
            audit_record(obj=bundle, action="scoring.bundle", actor=by, data={"units": [u.pk for u in units]})
    except IntegrityError:
        raise ValidationError(
            {"units": _("A unit is in at most one bundle a year, and bundle names are unique per year.")}
        ) from None
    return bundle


# --- Challenges (揭榜挂帅) ------------------------------------------------------------------------


def challenge_post(
    *, by, title, deadline, bonus, description="", industry_chain="", min_investment=0, posted_on=None
):
    if not can.can_manage(by):
        raise PermissionDenied(_("Only promotion staff post challenges."))
    posted_on = posted_on or timezone.localdate()
    challenge = Challenge(
        title=(title or "").strip(),
        description=description,
        industry_chain=industry_chain or "",
        min_investment=_decimal(min_investment or 0, "min_investment"),
        posted_on=posted_on,
        deadline=deadline,
        bonus=_decimal(bonus, "bonus"),
        posted_by=by,
    )
    errors = {}
    if not challenge.title:
        errors["title"] = _("Give the challenge a title.")
    if challenge.bonus <= 0:
        errors["bonus"] = _("The bonus must be more than zero points.")
    if challenge.min_investment < 0:
        errors["min_investment"] = _("The minimum investment cannot be negative.")
    if deadline is None or deadline < posted_on:
        errors["deadline"] = _("The deadline cannot be before the posting date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        challenge.full_clean()
        challenge.save()
        audit_record(obj=challenge, action="scoring.challenge_posted", actor=by, to_state=ChallengeState.OPEN)
    return challenge


def challenge_claim(*, challenge, by, project=None):
    """A unit takes up (揭榜) an open challenge, optionally linking its project at once."""
    if not can.can_claim(by):
        raise PermissionDenied(_("Only townships, county departments and platforms claim challenges."))
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.state != ChallengeState.OPEN:
            raise ValidationError(_("This challenge is no longer open."), code="closed")
        if ChallengeClaim.objects.filter(challenge=locked, unit=by.unit).exists():
            raise ValidationError(_("Your unit has already claimed this challenge."), code="claimed")
        claim = ChallengeClaim.objects.create(challenge=locked, unit=by.unit, claimed_by=by)
        audit_record(obj=locked, action="scoring.challenge_claimed", actor=by, data={"unit": by.unit_id})
    if project is not None:
        challenge_link(claim=claim, project=project, by=by)
    return claim


def challenge_link(*, claim, project, by):
    """Link the unit's project to its claim; the project must be one the unit is responsible for."""
    if not (can.can_claim(by) and by.unit_id == claim.unit_id) and not can.can_manage(by):
        raise PermissionDenied(_("Only the claiming unit links its project."))
    if (
        project.responsible_unit_id != claim.unit_id
        and not project.score_credits.filter(unit=claim.unit_id).exists()
    ):
        raise ValidationError({"project": _("Link a project your unit is responsible for or credited with.")})
    with transaction.atomic():
        locked = ChallengeClaim.objects.select_for_update().select_related("challenge").get(pk=claim.pk)
        if locked.challenge.state != ChallengeState.OPEN:
            raise ValidationError(_("This challenge is no longer open."), code="closed")
        locked.project = project
        locked.save(update_fields=["project"])
        audit_record(
            obj=locked.challenge,
            action="scoring.challenge_linked",
            actor=by,
            project_id=project.pk,
            data={"unit": locked.unit_id},
        )
    return locked


def _winning_claim(challenge):
    """The claim whose linked project was signed first meeting the target within the window."""
    target = Q(
        project__contract_date__gte=challenge.posted_on,
        project__contract_date__lte=challenge.deadline,
        project__total_investment__gte=challenge.min_investment,
        project__state__in=[*SIGNED_STATES, "exited"],
    )
    if challenge.industry_chain:
        target &= Q(project__industry_chain=challenge.industry_chain)
    return (
        challenge.claims.filter(target)
        .select_related("project")
        .order_by("project__contract_date", "claimed_at", "id")
        .first()
    )


def challenges_settle(*, today=None):
    """Mark open challenges won (a linked project signed meeting the target by the deadline; the
    bonus counts on the signing date) or expired (from the day after the deadline). Idempotent."""
    today = today or timezone.localdate()
    settled = {"won": 0, "expired": 0}
    for pk in Challenge.objects.filter(state=ChallengeState.OPEN).values_list("pk", flat=True):
        with transaction.atomic():
            challenge = Challenge.objects.select_for_update().get(pk=pk)
            if challenge.state != ChallengeState.OPEN:
                continue
            claim = _winning_claim(challenge)
            if claim is not None:
                challenge.state, challenge.won_by, challenge.won_on = (
                    ChallengeState.WON,
                    claim,
                    claim.project.contract_date,
                )
            elif today > challenge.deadline:
                challenge.state = ChallengeState.EXPIRED
            else:
                continue
            challenge.save(update_fields=["state", "won_by", "won_on"])
            settled[challenge.state] += 1
            audit_record(
                obj=challenge,
                action="scoring.challenge_settled",
                from_state=ChallengeState.OPEN,
                to_state=challenge.state,
                project_id=claim.project_id if claim else None,
            )
            event_emit(
                kind=f"scoring.challenge_{challenge.state}",
                key=f"scoring.challenge:{challenge.pk}:{challenge.state}",
                payload={"challenge_id": challenge.pk, "title": challenge.title},
                recipients=_claimants(challenge),
            )
    return settled


def _claimants(challenge):
    units = challenge.claims.values("unit")
    return list(User.objects.filter(unit__in=units, is_active=True).values_list("pk", flat=True))


# --- Frozen monthly boards -----------------------------------------------------------------------


def board_freeze(*, period):
    """Freeze a month's board once: later edits of the ledger do not rewrite the snapshot. Units are
    told their rank. Returns (snapshot, created)."""
    from .selectors import league_table

    if period.kind != PeriodKind.MONTH:
        raise ValidationError(_("Only monthly boards are frozen."))
    existing = BoardSnapshot.objects.filter(period_kind=period.kind, period_start=period.start).first()
    if existing is not None:
        return existing, False
    board = league_table(period)
    with transaction.atomic():
        snapshot, created = BoardSnapshot.objects.get_or_create(
            period_kind=period.kind, period_start=period.start
        )
        if not created:
            return snapshot, False
        rows = [
            SnapshotRow(
                snapshot=snapshot,
                group=group,
                unit_id=r.unit_id,
                score=r.score,
                rank=r.rank,
                tier=r.tier,
                lifted=r.lifted,
                red=r.red,
                black=r.black,
            )
            for group, group_rows in board.items()
            for r in group_rows
        ]
        SnapshotRow.objects.bulk_create(rows)
        audit_record(
            obj=snapshot, action="scoring.board_frozen", data={"period": period.key, "rows": len(rows)}
        )
        members = User.objects.filter(unit__in=[r.unit_id for r in rows], is_active=True).values_list(
            "pk", "unit_id"
        )
        by_unit = {}
        for user_id, unit_id in members:
            by_unit.setdefault(unit_id, []).append(user_id)
        for row in rows:
            if by_unit.get(row.unit_id):
                event_emit(
                    kind="scoring.board_frozen",
                    key=f"scoring.board:{period.key}:{row.unit_id}",
                    payload={
                        "period": period.key,
                        "unit_id": row.unit_id,
                        "rank": row.rank,
                        "of": sum(1 for r in rows if r.group == row.group),
                        "score": str(row.score),
                        "tier": row.tier,
                    },
                    recipients=by_unit[row.unit_id],
                )
    return snapshot, True


def previous_month(today=None):
    today = today or timezone.localdate()
    return Period.containing(PeriodKind.MONTH, today.replace(day=1) - dt.timedelta(days=1))

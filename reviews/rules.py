"""The pre-review rules as plain functions: outcome, threshold comparison, attachment checks."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Outcome, Verdict

WAN = Decimal("10000")


def outcome_for(verdicts):
    """The documented rule: any "disagree" fails the round; otherwise any conditions make it a
    conditional pass; otherwise it passes. Only required opinions count."""
    verdicts = set(verdicts)
    if Verdict.DISAGREE in verdicts:
        return Outcome.FAIL
    if Verdict.CONDITIONAL in verdicts:
        return Outcome.CONDITIONAL_PASS
    return Outcome.PASS


def opinion_errors(verdict, reason, conditions):
    """Field errors for a signature, as {field: message}; empty when it may be saved."""
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Choose agree, agree with conditions or disagree.")
        return errors
    if verdict != Verdict.AGREE and not (reason or "").strip():
        errors["reason"] = _("Give your reasons unless you simply agree.")
    if verdict == Verdict.CONDITIONAL and not (conditions or "").strip():
        errors["conditions"] = _("State the conditions of your agreement.")
    if verdict == Verdict.AGREE and (conditions or "").strip():
        errors["conditions"] = _("Conditions go with “agree with conditions”; choose that opinion.")
    return errors


@dataclass(frozen=True)
class ThresholdCheck:
    label: str
    required: Decimal | None
    actual: Decimal | None
    unit: str
    meets: bool | None  # None: not set or the project lacks the figure


def _q(value, places="0.01"):
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP) if value is not None else None


def project_intensity(project):
    """Fixed-asset investment per 亩, in 万元."""
    if not project.land_area:
        return None
    return _q(project.fixed_asset_investment / WAN / project.land_area)


def project_tax_per_mu(project):
    """Expected annual tax at capacity per 亩, in 万元."""
    if not project.land_area:
        return None
    return _q(project.expected_tax / WAN / project.land_area)


def threshold_checks(round_, project):
    """Compare the round's entry threshold with the project's own figures."""
    per_mu = gettext_lazy("10k yuan per mu")
    rows = []

    def at_least(label, required, actual, unit):
        meets = None if required is None or actual is None else actual >= required
        rows.append(ThresholdCheck(str(label), required, actual, str(unit), meets))

    at_least(
        gettext_lazy("Fixed-asset investment intensity"),
        round_.min_investment_intensity,
        project_intensity(project),
        per_mu,
    )
    at_least(gettext_lazy("Annual tax per mu"), round_.min_tax_per_mu, project_tax_per_mu(project), per_mu)
    required, actual = round_.max_energy_per_output, round_.project_energy_per_output
    rows.append(
        ThresholdCheck(
            str(gettext_lazy("Energy use")),
            required,
            actual,
            str(gettext_lazy("tce per 10k yuan of output")),
            None if required is None or actual is None else actual <= required,
        )
    )
    return rows


def below_threshold(round_, project):
    return any(row.meets is False for row in threshold_checks(round_, project))

"""The reward formulas of domain §4, written once: plain data in, explained lines and amounts out.

No database access: callers pass a `Policy` (the version in force), the verified `Facts`, the payees
and what was already granted. Money is Decimal yuan; an installment is rounded half-up to the fen
once, at the end; shares round down with the leftover fen to the first-listed payee; withholding is
rounded half-up to the fen."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")
CENT = Decimal("0.01")
WAN = Decimal("10000")
HUNDRED = Decimal("100")

REFERRAL, INVESTMENT, OPERATING = "referral", "investment", "operating"
COMPLETION, CAPACITY, PRODUCTION = "completion", "capacity", "production"
INDIVIDUAL, ORGANISATION = "individual", "organisation"


def fen(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def tax_slot(year):
    return f"tax-{year}"


# What each line of an explanation means; the parameter and the figure follow it on the page.
RULE_LABELS = {
    "min_total": _("Investment part requires total investment of at least (yuan)"),
    "intensity": _(
        "Investment intensity = fixed-asset investment ÷ land (10k yuan per mu), against the threshold"
    ),
    "intensity_factor": _("Intensity factor (investment intensity as a multiple of the threshold)"),
    "investment_part": _("Investment part = verified fixed-asset investment × rate × factor"),
    "installment_split": _("Share of the investment part paid at this milestone"),
    "tax_year": _("County-retained tax of the production year (verified)"),
    "contribution_part": _("Contribution part = retained tax × rate"),
    "cap_tier": _("Cap by total investment (sum of every installment)"),
    "already_granted": _("Already granted for this project"),
    "cap_trim": _("Trimmed to what is left under the cap"),
    "rounding": _("Rounded half-up to the fen"),
    "category": _("Investment reward: industrial projects only"),
    "min_fai": _("Investment reward requires verified fixed-asset investment of at least (yuan)"),
    "intensity_met": _("Investment intensity must meet the threshold (10k yuan per mu)"),
    "equipment_rate": _("Investment reward = productive equipment investment × rate"),
    "tax_per_mu": _("Retained tax per mu (10k yuan) against the threshold"),
    "operating_rate": _("Operating reward = retained tax × the year's rate"),
    "not_eligible": _("Not eligible: nothing is payable"),
    "share": _("Beneficiary share (percent)"),
    "withholding": _("Income tax withheld from an individual (rate)"),
    "adjustment": _("Adjustment recorded by staff (reason)"),
    "changed_since": _(
        "Recomputed now, these lines differ from the amount granted (the policy version changed "
        "after the calculation): this beneficiary's granted gross"
    ),
}


@dataclass(frozen=True)
class IntensityFactor:
    """Applies when intensity ≥ min_ratio × threshold (inclusive)."""

    min_ratio: Decimal
    factor: Decimal


@dataclass(frozen=True)
class CapTier:
    """Applies when total investment ≥ from_total (inclusive)."""

    from_total: Decimal
    cap: Decimal


@dataclass(frozen=True)
class Policy:
    label: str
    effective_from: dt.date
    referral_rate: Decimal = Decimal("0.005")
    referral_min_total: Decimal = Decimal("100000000")
    factors: tuple = (
        IntensityFactor(Decimal("1.5"), Decimal("1.2")),
        IntensityFactor(Decimal("1.0"), Decimal("1.0")),
        IntensityFactor(Decimal("0"), Decimal("0.5")),
    )
    caps: tuple = (
        CapTier(Decimal("0"), Decimal("1000000")),
        CapTier(Decimal("1000000000"), Decimal("2000000")),
        CapTier(Decimal("3000000000"), Decimal("3000000")),
        CapTier(Decimal("5000000000"), Decimal("5000000")),
    )
    completion_share: Decimal = Decimal("0.5")  # the rest at capacity
    contribution_rate: Decimal = Decimal("0.05")
    contribution_years: int = 3
    withholding_rate: Decimal = Decimal("0.20")
    investment_rate: Decimal = Decimal("0.03")
    investment_min_fai: Decimal = Decimal("50000000")
    investment_cap: Decimal = Decimal("10000000")
    operating_rates: tuple = (Decimal("0.5"), Decimal("0.4"), Decimal("0.3"))
    intensity_threshold: Decimal = Decimal("300")  # 万元 per 亩, when the project has none of its own
    tax_threshold: Decimal = Decimal("30")  # 万元 per 亩 per year

    def cap_for(self, total):
        tiers = [t for t in self.caps if total >= t.from_total]
        return max(tiers, key=lambda t: t.from_total).cap if tiers else ZERO

    def factor_for(self, ratio_test):
        """The factor of the highest tier whose ratio `ratio_test(min_ratio)` accepts."""
        for tier in sorted(self.factors, key=lambda t: t.min_ratio, reverse=True):
            if ratio_test(tier.min_ratio):
                return tier.factor
        return ZERO


@dataclass(frozen=True)
class Facts:
    """Verified figures of one project (None = not verified yet)."""

    total_investment: Decimal
    fixed_asset_investment: Decimal | None = None
    equipment_investment: Decimal | None = None
    land_area: Decimal | None = None
    intensity_threshold: Decimal | None = None  # the project's own (review round), 万元 per 亩
    tax_threshold: Decimal | None = None
    category: str = "industrial"
    production_date: dt.date | None = None
    retained_tax: Mapping = field(default_factory=dict)  # year -> verified yuan


@dataclass(frozen=True)
class Payee:
    key: object
    name: str
    kind: str  # individual | organisation
    share: Decimal  # percent; a list of payees sums to 100


class Line:
    """One rule applied: its parameter and figure are kept as computed and formatted when read
    (the daily job builds hundreds of thousands of lines it never shows)."""

    __slots__ = ("rule", "raw_parameter", "raw_value", "version")

    def __init__(self, rule, parameter, value, version):
        self.rule, self.raw_parameter, self.raw_value, self.version = rule, parameter, value, version

    @property
    def parameter(self):
        return _s(self.raw_parameter)

    @property
    def value(self):
        return _s(self.raw_value)

    @property
    def label(self):
        return RULE_LABELS.get(self.rule, self.rule)

    def as_dict(self):
        return {"rule": self.rule, "parameter": self.parameter, "value": self.value, "version": self.version}

    def __eq__(self, other):
        return isinstance(other, Line) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash(tuple(self.as_dict().values()))

    def __repr__(self):
        return f"Line({self.rule!r}, {self.parameter!r}, {self.value!r}, {self.version!r})"


@dataclass(frozen=True)
class Share:
    payee: Payee
    gross: Decimal
    tax: Decimal
    net: Decimal


@dataclass(frozen=True)
class Result:
    reward: str
    slot: str
    version: str
    computed: Decimal  # before the cap, rounded
    amount: Decimal  # what this installment grants, after the cap, rounded
    lines: tuple
    shares: tuple

    @property
    def trimmed(self):
        return self.computed - self.amount


def _s(value):
    """A figure as the explanation shows it: plain digits, no exponent."""
    if isinstance(value, Decimal):
        if value.as_tuple().exponent < -2 and value == value.quantize(CENT):
            value = value.quantize(CENT)  # 4000000.0000 reads as 4000000.00; 0.005 stays
        return format(value, "f")
    return str(value)


# --- Dates -----------------------------------------------------------------------------------------


def policy_in_force(policies: Sequence[Policy], on: dt.date) -> Policy | None:
    """The version with the latest effective date on or before `on` (a version applies from its day)."""
    candidates = [p for p in policies if p.effective_from <= on]
    return max(candidates, key=lambda p: p.effective_from) if candidates else None


def tax_years(production_date: dt.date | None, count: int = 3) -> list[int]:
    """The first `count` full calendar years of production: 2026-05-10 → 2027, 2028, 2029 (a start
    on 1 January makes that year a full one)."""
    if production_date is None:
        return []
    first = (
        production_date.year
        if (production_date.month, production_date.day) == (1, 1)
        else production_date.year + 1
    )
    return [first + i for i in range(count)]


def tax_year_date(year: int) -> dt.date:
    """A tax year's installment is calculated under the version in force on 31 December of that year."""
    return dt.date(year, 12, 31)


# --- Shared steps ----------------------------------------------------------------------------------


def _intensity_ratio_test(facts, threshold):
    """A predicate `ratio -> intensity ≥ ratio × threshold`, exact (no division), inclusive."""
    fai, land = facts.fixed_asset_investment or ZERO, facts.land_area or ZERO

    def test(ratio):
        if land <= 0:
            return ratio <= 0
        return fai >= ratio * threshold * WAN * land

    return test


def _intensity(facts):
    land = facts.land_area or ZERO
    if land <= 0:
        return None
    return (facts.fixed_asset_investment or ZERO) / WAN / land


def _cap(raw, *, cap, granted, line):
    """Trim `raw` to what is left under `cap` given what was `granted`; round once."""
    left = max(cap - granted, ZERO)
    line("already_granted", "", fen(granted))
    trimmed = min(raw, left)
    if trimmed < raw:
        line("cap_trim", cap, trimmed)
    return fen(max(trimmed, ZERO))


def split(amount: Decimal, payees: Sequence[Payee], withholding_rate: Decimal) -> tuple:
    """Each payee's share rounded down to the fen, the leftover fen to the first-listed; tax per share."""
    if not payees:
        return ()
    if len(payees) == 1 and payees[0].share == HUNDRED:
        grosses = [amount]  # what the rule below leaves a sole payee, without the arithmetic
    elif sum(p.share for p in payees) != HUNDRED or any(p.share <= 0 for p in payees):
        raise ValueError("shares must be positive and sum to 100")
    else:
        grosses = [(amount * p.share / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for p in payees]
        grosses[0] += amount - sum(grosses)
    shares = []
    for payee, gross in zip(payees, grosses, strict=True):
        tax = fen(gross * withholding_rate) if payee.kind == INDIVIDUAL else ZERO.quantize(CENT)
        shares.append(Share(payee, gross, tax, gross - tax))
    return tuple(shares)


class _Lines:
    def __init__(self, version):
        self.version = version
        self.items = []

    def __call__(self, rule, parameter, value):
        self.items.append(Line(rule, parameter, value, self.version))


class _Unexplained:  # the lines' sink where only the amounts are read (the daily job's ~710,000)
    items = ()

    def __call__(self, rule, parameter, value):
        pass


def _finish(reward, slot, policy, lines, raw, amount, payees):
    computed = fen(max(raw, ZERO))
    lines("rounding", "0.01", amount)
    shares = split(amount, payees, policy.withholding_rate)
    for share in shares:
        lines("share", share.payee.share, share.gross)
        if share.tax:
            lines("withholding", policy.withholding_rate, share.tax)
    return Result(reward, slot, policy.label, computed, amount, tuple(lines.items), shares)


# --- The three rewards -----------------------------------------------------------------------------


def referral_installment(
    *, policy, facts, slot, payees, already_granted=ZERO, tax_year=None, explain=True
) -> Result:
    """One installment of the referral reward: `completion`, `capacity` or a tax year (`tax_year`)."""
    lines = _Lines(policy.label) if explain else _Unexplained()
    if slot in (COMPLETION, CAPACITY):
        lines("min_total", policy.referral_min_total, facts.total_investment)
        if facts.total_investment < policy.referral_min_total:
            raw = ZERO
            lines("not_eligible", "", ZERO)
        else:
            threshold = facts.intensity_threshold or policy.intensity_threshold
            intensity = _intensity(facts)
            lines(
                "intensity", threshold, "—" if intensity is None else intensity.quantize(CENT, ROUND_HALF_UP)
            )
            factor = policy.factor_for(_intensity_ratio_test(facts, threshold))
            lines("intensity_factor", _factor_table(policy), factor)
            part = (facts.fixed_asset_investment or ZERO) * policy.referral_rate * factor
            lines("investment_part", policy.referral_rate, part)
            share = policy.completion_share if slot == COMPLETION else 1 - policy.completion_share
            raw = part * share
            lines("installment_split", share, raw)
    else:
        years = tax_years(facts.production_date, policy.contribution_years)
        tax = facts.retained_tax.get(tax_year, ZERO) if tax_year in years else ZERO
        lines("tax_year", tax_year, tax)
        raw = tax * policy.contribution_rate
        lines("contribution_part", policy.contribution_rate, raw)
    cap = policy.cap_for(facts.total_investment)
    lines("cap_tier", cap, facts.total_investment)
    amount = _cap(raw, cap=cap, granted=already_granted, line=lines)
    return _finish(REFERRAL, slot, policy, lines, raw, amount, payees)


def investment_reward(*, policy, facts, payees, already_granted=ZERO, explain=True) -> Result:
    """The investment reward, paid at production start."""
    lines = _Lines(policy.label) if explain else _Unexplained()
    threshold = facts.intensity_threshold or policy.intensity_threshold
    fai = facts.fixed_asset_investment or ZERO
    lines("category", "industrial", facts.category)
    lines("min_fai", policy.investment_min_fai, fai)
    intensity = _intensity(facts)
    lines("intensity_met", threshold, "—" if intensity is None else intensity.quantize(CENT, ROUND_HALF_UP))
    if investment_eligible(policy, facts):
        raw = (facts.equipment_investment or ZERO) * policy.investment_rate
        lines("equipment_rate", policy.investment_rate, raw)
    else:
        raw = ZERO
        lines("not_eligible", "", ZERO)
    amount = _cap(raw, cap=policy.investment_cap, granted=already_granted, line=lines)
    return _finish(INVESTMENT, PRODUCTION, policy, lines, raw, amount, payees)


def operating_reward(*, policy, facts, tax_year, payees, explain=True) -> Result:
    """The operating reward of one of the first full production years."""
    lines = _Lines(policy.label) if explain else _Unexplained()
    years = tax_years(facts.production_date, len(policy.operating_rates))
    tax = facts.retained_tax.get(tax_year, ZERO) if tax_year in years else ZERO
    lines("tax_year", tax_year, tax)
    threshold = facts.tax_threshold or policy.tax_threshold
    land = facts.land_area or ZERO
    per_mu = tax / WAN / land if land > 0 else None
    lines("tax_per_mu", threshold, "—" if per_mu is None else per_mu.quantize(CENT, ROUND_HALF_UP))
    if operating_eligible(policy, facts, tax_year):
        rate = policy.operating_rates[years.index(tax_year)]
        raw = tax * rate
        lines("operating_rate", rate, raw)
    else:
        raw = ZERO
        lines("not_eligible", "", ZERO)
    amount = fen(raw)
    return _finish(OPERATING, tax_slot(tax_year), policy, lines, raw, amount, payees)


def installment(*, reward, slot, policy, facts, payees, already_granted=ZERO, explain=True) -> Result:
    """The one installment `slot` of `reward`; `explain=False` leaves out the lines, not the amounts."""
    year = int(slot[4:]) if slot.startswith("tax-") else None
    common = {"policy": policy, "facts": facts, "payees": payees, "explain": explain}
    if reward == REFERRAL:
        return referral_installment(slot=slot, already_granted=already_granted, tax_year=year, **common)
    if reward == INVESTMENT:
        return investment_reward(already_granted=already_granted, **common)
    return operating_reward(tax_year=year, **common)


def investment_eligible(policy: Policy, facts: Facts) -> bool:
    """Industrial, enough fixed-asset investment, intensity at the threshold or above."""
    threshold = facts.intensity_threshold or policy.intensity_threshold
    return (
        facts.category == "industrial"
        and (facts.fixed_asset_investment or ZERO) >= policy.investment_min_fai
        and _intensity_ratio_test(facts, threshold)(Decimal("1"))
    )


def operating_eligible(policy: Policy, facts: Facts, tax_year: int) -> bool:
    """One of the first full production years, with retained tax per mu at the threshold or above."""
    years = tax_years(facts.production_date, len(policy.operating_rates))
    land = facts.land_area or ZERO
    tax = facts.retained_tax.get(tax_year, ZERO)
    threshold = facts.tax_threshold or policy.tax_threshold
    return tax_year in years and land > 0 and tax >= threshold * WAN * land


class _factor_table:  # noqa: N801 - a line's parameter, written out only when the line is read
    __slots__ = ("policy",)

    def __init__(self, policy):
        self.policy = policy

    def __str__(self):
        tiers = sorted(self.policy.factors, key=lambda t: t.min_ratio, reverse=True)
        return "; ".join(f"≥{_s(t.min_ratio)}×→{_s(t.factor)}" for t in tiers)


# --- Whole schedules (what-if, forecast, property tests) -------------------------------------------


@dataclass(frozen=True)
class Milestones:
    completion: dt.date | None = None
    production: dt.date | None = None
    capacity: dt.date | None = None


def schedule(
    *,
    policies: Sequence[Policy],
    facts: Facts,
    milestones: Milestones,
    referrers: Sequence[Payee],
    company: Payee,
) -> list[tuple[dt.date, Result]]:
    """Every installment the facts give, in date order, each under the version in force on its date."""
    due = []
    if milestones.completion:
        due.append((milestones.completion, REFERRAL, COMPLETION, None))
    if milestones.capacity:
        due.append((milestones.capacity, REFERRAL, CAPACITY, None))
    if milestones.production:
        due.append((milestones.production, INVESTMENT, PRODUCTION, None))
    production = facts.production_date or milestones.production
    facts = _with_production(facts, production)
    for year in sorted(facts.retained_tax):
        due.append((tax_year_date(year), REFERRAL, tax_slot(year), year))
        due.append((tax_year_date(year), OPERATING, tax_slot(year), year))
    due.sort(key=lambda d: (d[0], d[1] != REFERRAL))
    granted = {REFERRAL: ZERO, INVESTMENT: ZERO}
    out = []
    for on, reward, slot, year in due:
        policy = policy_in_force(policies, on)
        if policy is None:
            continue
        if reward == REFERRAL:
            if year is not None and year not in tax_years(production, policy.contribution_years):
                continue
            if not referrers:
                continue
            result = referral_installment(
                policy=policy,
                facts=facts,
                slot=slot,
                payees=referrers,
                already_granted=granted[REFERRAL],
                tax_year=year,
            )
        elif reward == INVESTMENT:
            result = investment_reward(
                policy=policy, facts=facts, payees=[company], already_granted=granted[INVESTMENT]
            )
        else:
            if year not in tax_years(production, len(policy.operating_rates)):
                continue
            result = operating_reward(policy=policy, facts=facts, tax_year=year, payees=[company])
        granted[reward] = granted.get(reward, ZERO) + result.amount
        out.append((on, result))
    return out


def _with_production(facts, production):
    if facts.production_date == production:
        return facts
    return Facts(**{**facts.__dict__, "production_date": production})

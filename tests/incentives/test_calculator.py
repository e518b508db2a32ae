"""Table tests of the reward formulas (domain §4), to the fen; no database."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incentives import calculator as calc

DEFAULT = calc.Policy(label="2026-01-01", effective_from=dt.date(2026, 1, 1))
YI = D("100000000")  # 1亿 yuan
ONE = [calc.Payee("a", "张三", calc.ORGANISATION, D("100"))]


def facts(total, fai, land, threshold=D("300"), **extra):
    return calc.Facts(
        total_investment=D(total),
        fixed_asset_investment=D(fai),
        land_area=D(land),
        intensity_threshold=threshold,
        **extra,
    )


def referral(f, slot=calc.COMPLETION, granted=D("0"), payees=ONE, policy=DEFAULT, year=None):
    return calc.referral_installment(
        policy=policy, facts=f, slot=slot, payees=payees, already_granted=granted, tax_year=year
    )


def test_worked_example_of_domain_section_4():
    f = facts(12 * YI, 8 * YI, 200, production_date=dt.date(2026, 5, 10), retained_tax={2027: D("15000000")})
    completion = referral(f)
    assert completion.computed == D("2000000.00")
    assert completion.amount == D("2000000.00")
    lines = {line.rule: line for line in completion.lines}
    assert lines["intensity"].value == "400.00"
    assert lines["intensity_factor"].value == "1.0"
    assert lines["investment_part"].value == "4000000.00"
    assert lines["cap_tier"].parameter == "2000000"

    capacity = referral(f, slot=calc.CAPACITY, granted=completion.amount)
    assert capacity.computed == D("2000000.00") and capacity.amount == D("0.00")
    year1 = referral(f, slot=calc.tax_slot(2027), granted=D("2000000"), year=2027)
    assert year1.computed == D("750000.00") and year1.amount == D("0.00")

    whole = calc.schedule(
        policies=[DEFAULT],
        facts=f,
        milestones=calc.Milestones(completion=dt.date(2026, 1, 5), capacity=dt.date(2026, 12, 1)),
        referrers=ONE,
        company=ONE[0],
    )
    paid = [r.amount for _on, r in whole if r.reward == calc.REFERRAL]
    assert paid == [D("2000000.00"), D("0.00"), D("0.00")]


@pytest.mark.parametrize(
    "total, cap",
    [
        (10 * YI - D("0.01"), "1000000"),
        (10 * YI, "2000000"),
        (30 * YI - D("0.01"), "2000000"),
        (30 * YI, "3000000"),
        (50 * YI - D("0.01"), "3000000"),
        (50 * YI, "5000000"),
        (500 * YI, "5000000"),
    ],
)
def test_cap_tier_edges(total, cap):
    assert DEFAULT.cap_for(total) == D(cap)


@pytest.mark.parametrize(
    "fai, factor, completion",
    [
        # 200 亩 at threshold 300万/亩: 6亿 is exactly 1.0×, 9亿 exactly 1.5×.
        (6 * YI, "1.0", "1500000.00"),
        (6 * YI - D("0.01"), "0.5", "750000.00"),
        (9 * YI, "1.2", "2700000.00"),
        (9 * YI - D("0.01"), "1.0", "2250000.00"),
    ],
)
def test_intensity_factor_boundaries_are_inclusive(fai, factor, completion):
    big = facts(60 * YI, fai, 200)
    result = referral(big)
    assert [line.value for line in result.lines if line.rule == "intensity_factor"] == [factor]
    assert result.computed == D(completion)


def test_rounding_happens_once_at_the_end():
    # 0.005 × 0.5 × 0.5 × 100,000,001.00 = 125,000.00125 → 125,000.00 (not 0.5-rounded twice)
    f = facts(YI + 1, YI + 1, 1000)  # intensity ~10万/亩: factor 0.5
    assert referral(f).amount == D("125000.00")
    f = facts(YI + 3, YI + 3, 1000)  # 125,000.00375 → 125,000.00
    assert referral(f).amount == D("125000.00")
    f = facts(YI + 2, YI + 2, 1000)  # 125,000.0025 → 125,000.00
    assert referral(f).amount == D("125000.00")
    f = facts(YI + 4, YI + 4, 1000)  # 125,000.005 → half-up 125,000.01
    assert referral(f).amount == D("125000.01")


def test_total_investment_exactly_one_yi_earns_the_investment_part():
    assert referral(facts(YI, YI, 100)).computed == D("125000.00")  # 100万/亩 < 300: factor 0.5, half
    below = referral(facts(YI - D("0.01"), YI - D("0.01"), 100))
    assert below.amount == D("0.00")
    assert "not_eligible" in [line.rule for line in below.lines]


def test_cap_reached_in_the_middle_of_an_installment():
    f = facts(12 * YI, 8 * YI, 200)  # cap 2,000,000; completion computes 2,000,000
    result = referral(f, granted=D("1234567.89"))
    assert result.computed == D("2000000.00")
    assert result.amount == D("765432.11")
    assert result.trimmed == D("1234567.89")
    assert referral(f, slot=calc.CAPACITY, granted=D("2000000.00")).amount == D("0.00")


def test_shares_round_down_and_leftover_fen_goes_to_first_listed():
    payees = [
        calc.Payee("a", "甲", calc.ORGANISATION, D("33.33")),
        calc.Payee("b", "乙", calc.ORGANISATION, D("33.33")),
        calc.Payee("c", "丙", calc.ORGANISATION, D("33.34")),
    ]
    shares = calc.split(D("100.00"), payees, D("0.2"))
    assert [s.gross for s in shares] == [D("33.33"), D("33.33"), D("33.34")]
    shares = calc.split(D("0.05"), payees, D("0.2"))
    assert [s.gross for s in shares] == [D("0.03"), D("0.01"), D("0.01")]
    thirds = [calc.Payee(k, k, calc.ORGANISATION, D(p)) for k, p in [("x", "50"), ("y", "25"), ("z", "25")]]
    assert [s.gross for s in calc.split(D("0.03"), thirds, D("0"))] == [D("0.03"), D("0.00"), D("0.00")]


def test_withholding_is_rounded_half_up_for_individuals_only():
    payees = [
        calc.Payee("a", "张三", calc.INDIVIDUAL, D("50")),
        calc.Payee("b", "某公司", calc.ORGANISATION, D("50")),
    ]
    shares = calc.split(D("0.05"), payees, D("0.20"))  # 0.03 and 0.02
    assert (shares[0].gross, shares[0].tax, shares[0].net) == (D("0.03"), D("0.01"), D("0.02"))
    assert (shares[1].tax, shares[1].net) == (D("0.00"), D("0.02"))
    shares = calc.split(D("0.06"), payees, D("0.20"))  # 0.03 × 20% = 0.006 → 0.01
    assert shares[0].tax == D("0.01")
    shares = calc.split(D("0.04"), payees, D("0.20"))  # 0.02 × 20% = 0.004 → 0.00
    assert shares[0].tax == D("0.00")
    shares = calc.split(
        D("2000000.00"), payees[:1] and [calc.Payee("a", "张三", calc.INDIVIDUAL, D("100"))], D("0.2")
    )
    assert (shares[0].tax, shares[0].net) == (D("400000.00"), D("1600000.00"))


def test_shares_not_summing_to_100_are_refused():
    with pytest.raises(ValueError):
        calc.split(D("10"), [calc.Payee("a", "甲", calc.INDIVIDUAL, D("99.99"))], D("0.2"))


def test_version_in_force_changes_on_its_effective_day():
    new = calc.Policy(label="2027-07-01", effective_from=dt.date(2027, 7, 1), referral_rate=D("0.01"))
    policies = [DEFAULT, new]
    assert calc.policy_in_force(policies, dt.date(2027, 6, 30)) is DEFAULT
    assert calc.policy_in_force(policies, dt.date(2027, 7, 1)) is new
    assert calc.policy_in_force(policies, dt.date(2025, 12, 31)) is None
    f = facts(12 * YI, 2 * YI, 200)  # 100万/亩: factor 0.5
    before = referral(f, policy=calc.policy_in_force(policies, dt.date(2027, 6, 30)))
    after = referral(f, policy=calc.policy_in_force(policies, dt.date(2027, 7, 1)))
    assert (before.amount, after.amount) == (D("250000.00"), D("500000.00"))
    assert after.lines[0].version == "2027-07-01"


def test_tax_year_uses_the_version_in_force_on_31_december():
    assert calc.tax_year_date(2027) == dt.date(2027, 12, 31)
    new = calc.Policy(label="new", effective_from=dt.date(2027, 12, 31), contribution_rate=D("0.06"))
    assert calc.policy_in_force([DEFAULT, new], calc.tax_year_date(2027)) is new
    assert calc.policy_in_force([DEFAULT, new], calc.tax_year_date(2026)) is DEFAULT


@pytest.mark.parametrize(
    "production, years",
    [
        (dt.date(2026, 5, 10), [2027, 2028, 2029]),
        (dt.date(2026, 12, 31), [2027, 2028, 2029]),
        (dt.date(2027, 1, 1), [2027, 2028, 2029]),
        (dt.date(2027, 1, 2), [2028, 2029, 2030]),
    ],
)
def test_tax_years_are_the_first_three_full_years_of_production(production, years):
    assert calc.tax_years(production) == years


def test_a_year_outside_the_first_three_earns_no_contribution():
    f = facts(12 * YI, 2 * YI, 200, production_date=dt.date(2026, 5, 10), retained_tax={2026: D("1000000")})
    assert referral(f, slot=calc.tax_slot(2026), year=2026).amount == D("0.00")


@pytest.mark.parametrize(
    "category, fai, equipment, land, expected",
    [
        ("industrial", D("50000000"), D("20000000"), D("10"), "600000.00"),  # 500万/亩 ≥ 300, FAI at minimum
        ("industrial", D("49999999.99"), D("20000000"), D("10"), "0.00"),  # FAI below 5,000万
        ("industrial", D("60000000"), D("20000000"), D("20.01"), "0.00"),  # intensity below threshold
        ("industrial", D("60000000"), D("20000000"), D("20"), "600000.00"),  # exactly at the threshold
        ("service", D("60000000"), D("20000000"), D("10"), "0.00"),
        ("industrial", D("900000000"), D("400000000"), D("100"), "10000000.00"),  # 12,000,000 capped
    ],
)
def test_investment_reward(category, fai, equipment, land, expected):
    f = calc.Facts(
        total_investment=fai,
        fixed_asset_investment=fai,
        equipment_investment=equipment,
        land_area=land,
        category=category,
    )
    assert calc.investment_reward(policy=DEFAULT, facts=f, payees=ONE).amount == D(expected)


@pytest.mark.parametrize(
    "year, tax, expected",
    [
        (2027, D("3000000"), "1500000.00"),  # 30万/亩 on 10 亩 exactly: 50%
        (2028, D("3000000"), "1200000.00"),  # 40%
        (2029, D("3000000.01"), "900000.00"),  # 30% of 3,000,000.01 = 900,000.003
        (2029, D("2999999.99"), "0.00"),  # below 30万/亩
        (2030, D("9000000"), "0.00"),  # fourth year
    ],
)
def test_operating_reward(year, tax, expected):
    f = calc.Facts(
        total_investment=YI, land_area=D("10"), production_date=dt.date(2026, 5, 10), retained_tax={year: tax}
    )
    result = calc.operating_reward(policy=DEFAULT, facts=f, tax_year=year, payees=ONE)
    assert result.amount == D(expected)


# --- Properties --------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=D("1e11"), places=2, allow_nan=False, allow_infinity=False)
land = st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2)


@st.composite
def payee_lists(draw):
    n = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    kinds = draw(st.lists(st.sampled_from([calc.INDIVIDUAL, calc.ORGANISATION]), min_size=n, max_size=n))
    return [calc.Payee(i, f"p{i}", kinds[i], D(bounds[i + 1] - bounds[i]) / 100) for i in range(n)]


@st.composite
def project_facts(draw):
    total = draw(money)
    fai = draw(st.decimals(min_value=0, max_value=total, places=2))
    production = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    years = calc.tax_years(production)
    taxes = {y: draw(st.decimals(min_value=0, max_value=D("1e9"), places=2)) for y in years}
    return calc.Facts(
        total_investment=total,
        fixed_asset_investment=fai,
        equipment_investment=draw(st.decimals(min_value=0, max_value=fai, places=2)),
        land_area=draw(land),
        production_date=production,
        retained_tax=taxes,
    ), production


@settings(max_examples=200, deadline=None)
@given(project_facts(), payee_lists(), st.integers(0, 800))
def test_schedule_properties(fp, payees, gap_days):
    f, production = fp
    milestones = calc.Milestones(
        completion=production - dt.timedelta(days=gap_days),
        production=production,
        capacity=production + dt.timedelta(days=gap_days),
    )
    company = calc.Payee("co", "公司", calc.ORGANISATION, D("100"))
    policies = [
        DEFAULT,
        calc.Policy(label="v2", effective_from=dt.date(2028, 1, 1), referral_rate=D("0.007")),
    ]
    kwargs = {
        "policies": policies,
        "facts": f,
        "milestones": milestones,
        "referrers": payees,
        "company": company,
    }
    first = calc.schedule(**kwargs)
    referral_total = sum((r.amount for _on, r in first if r.reward == calc.REFERRAL), D("0"))
    assert referral_total <= DEFAULT.cap_for(f.total_investment)
    for _on, r in first:
        assert r.amount >= 0 and r.computed >= 0
        assert r.amount == r.amount.quantize(calc.CENT)
        assert sum(s.gross for s in r.shares) == r.amount
        for s in r.shares:
            assert s.gross >= 0 and s.tax >= 0 and s.net >= 0 and s.net + s.tax == s.gross
    assert calc.schedule(**kwargs) == first  # recomputing gives the same lines and amounts


@settings(max_examples=100, deadline=None)
@given(project_facts(), payee_lists(), money)
def test_leaving_out_the_lines_changes_no_amount(fp, payees, granted):
    f, production = fp
    year = calc.tax_years(production)[0]
    for reward, slot in [
        (calc.REFERRAL, calc.COMPLETION),
        (calc.REFERRAL, calc.CAPACITY),
        (calc.REFERRAL, calc.tax_slot(year)),
        (calc.INVESTMENT, calc.PRODUCTION),
        (calc.OPERATING, calc.tax_slot(year)),
    ]:
        args = {"reward": reward, "slot": slot, "policy": DEFAULT, "facts": f, "payees": payees}
        explained = calc.installment(**args, already_granted=granted)
        bare = calc.installment(**args, already_granted=granted, explain=False)
        assert explained.lines and bare.lines == ()
        assert (bare.computed, bare.amount, bare.shares) == (
            explained.computed,
            explained.amount,
            explained.shares,
        )

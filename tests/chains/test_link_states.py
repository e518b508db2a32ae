"""A link's state follows the dated rule (chains.LinkStatePolicy) at its boundaries."""

import datetime as dt

import pytest

from chains.models import ChainLink, LinkStatePolicy
from chains.selectors import links_with_state, policy_in_force, rule_text
from projects.enums import ProjectState
from tests import factories

pytestmark = pytest.mark.django_db


def _state(link, policy=None):
    return links_with_state(ChainLink.objects.filter(pk=link.pk), policy).get().link_state


def _link_with(firms, projects, project_state=ProjectState.INTAKE):
    link = factories.make_chain_link()
    for _ in range(firms):
        factories.make_local_firm(chain_link=link, chain_link_set_by_hand=True)
    for _ in range(projects):
        factories.make_project(
            industry_chain=link.chain, chain_link=link, chain_link_set_by_hand=True, state=project_state
        )
    return link


@pytest.mark.parametrize(
    ("firms", "projects", "expected"),
    [
        (0, 0, "missing"),  # no local firm and no open project
        (0, 1, "weak"),  # an open project keeps it from missing
        (1, 0, "weak"),
        (2, 3, "weak"),  # fewer than 3 local firms, whatever the projects
        (3, 0, "strong"),  # exactly 3: no longer weak
        (4, 0, "strong"),
    ],
)
def test_default_rule_at_its_boundaries(firms, projects, expected):
    assert _state(_link_with(firms, projects)) == expected


@pytest.mark.parametrize("closed", [ProjectState.EXITED, ProjectState.REJECTED, ProjectState.ASSESSED])
def test_a_closed_project_does_not_keep_a_link_from_missing(closed):
    assert _state(_link_with(0, 1, project_state=closed)) == "missing"


def test_a_stricter_rule_from_a_later_date_applies_from_that_date():
    LinkStatePolicy.objects.create(
        effective_from=dt.date(2030, 1, 1), weak_below_firms=5, open_project_fills_gap=False
    )
    link = _link_with(3, 1)
    assert _state(link, policy_in_force(dt.date(2029, 12, 31))) == "strong"
    later = policy_in_force(dt.date(2030, 1, 1))
    assert _state(link, later) == "weak"
    assert _state(_link_with(0, 2), later) == "missing"


def test_the_page_states_the_rule_in_force():
    text = rule_text(policy_in_force())
    assert "3" in text and "2022-01-01" in text


def test_firms_and_projects_are_placed_on_links_by_industry_code_unless_set_by_hand():
    chain = factories.make_chain()
    broad = factories.make_chain_link(chain, name="医疗仪器设备", industry_codes="358")
    narrow = factories.make_chain_link(chain, name="手术器械", industry_codes="C3584", parent=broad)
    assert narrow.level == 2 and narrow.industry_codes == "3584"
    assert factories.make_local_firm(industry_code="3584").chain_link == narrow  # longest prefix wins
    assert factories.make_local_firm(industry_code="3581").chain_link == broad
    project = factories.make_project(industry_chain=chain, industry_code="3589")
    assert project.chain_link == broad
    by_hand = factories.make_local_firm(industry_code="3584", chain_link=broad, chain_link_set_by_hand=True)
    assert by_hand.chain_link == broad


def test_the_county_plan_is_seeded_with_its_chains_and_strategies():
    from chains.models import IndustryChain

    strategies = dict(IndustryChain.objects.values_list("code", "strategy"))
    assert {k: strategies[k] for k in ("modern_medicine", "rubber_plastics", "auto_parts")} == dict.fromkeys(
        ("modern_medicine", "rubber_plastics", "auto_parts"), "extend"
    )
    assert strategies["medical_devices"] == strategies["electronics"] == "strengthen"
    assert strategies["new_materials"] == strategies["high_end_equipment"] == "seed"
    assert ChainLink.objects.filter(chain__code="medical_devices", industry_codes__contains="3584").exists()

"""Chain pages and API: the map, the chain leader's view, a link's targets, one click to a lead."""

import pytest
from django.urls import reverse

from chains import services
from chains.models import ChainLink, IndustryChain
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(staff):
    chain = IndustryChain.objects.get(code="medical_devices")
    chain.platform = factories.units()["kaifaqu"]
    chain.save()
    link = ChainLink.objects.get(chain=chain, name="实验室与消毒设备")
    result = services.target_list_import(
        chain=chain,
        name="链主供应商",
        source="leader_suppliers",
        file=factories.target_workbook(
            [("苏州精测消毒设备有限公司", "", link.name, "", "链主核心供应商", "")]
        ),
        by=staff,
    )
    return result.created[0]


def test_staff_turn_a_target_on_a_missing_link_into_a_lead_with_one_click(client, staff, target):
    client.force_login(staff)
    link_page = client.get(reverse("chains:link", args=[target.chain_link_id]))
    assert link_page.status_code == 200
    assert "苏州精测消毒设备有限公司" in link_page.content.decode()
    assert "link-state-missing" in link_page.content.decode()
    response = client.post(reverse("chains:target_lead", args=[target.pk]))
    target.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse(
        "projects:detail", args=[target.project_id]
    )
    project_page = client.get(response.url).content.decode()
    assert "苏州精测消毒设备有限公司" in project_page and "实验室与消毒设备" in project_page
    again = client.get(reverse("chains:link", args=[target.chain_link_id])).content.decode()
    assert "link-state-weak" in again and "make-lead-" not in again


def test_a_leader_reads_the_chain_but_cannot_make_leads(client, leader, target):
    client.force_login(leader)
    assert client.get(reverse("chains:chain", args=[target.chain_link.chain_id])).status_code == 200
    assert client.post(reverse("chains:target_lead", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.project_id is None


def test_reviewers_do_not_see_the_chains(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("chains:map")).status_code == 403


def test_the_chain_map_states_the_rule_and_draws_every_chain_of_the_platform(
    client, staff, target, django_assert_max_num_queries
):
    client.force_login(staff)
    platform = factories.units()["kaifaqu"]
    IndustryChain.objects.filter(platform__isnull=True).update(platform=platform)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("chains:map"), {"platform": platform.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "chain-map-data" in body and "医疗器械" in body and "link-rule" in body
    assert "实验室与消毒设备" in body  # the phone list


def test_the_chain_leaders_view_shows_links_rates_and_gaps(
    client, leader, target, django_assert_max_num_queries
):
    client.force_login(leader)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("chains:chain", args=[target.chain_link.chain_id]))
    assert response.status_code == 200
    assert "chain-links" in response.content.decode()


def test_the_api_gives_the_map_and_the_leaders_view(client, staff, target):
    client.force_login(staff)
    data = client.get("/api/chains/map/").json()
    chain = next(c for c in data["chains"] if c["chain"]["code"] == "medical_devices")
    names = {link["name"]: link for link in chain["links"]}
    assert names["实验室与消毒设备"]["state"] == "missing"
    assert names["实验室与消毒设备"]["funnel"]["targets"] == 1
    leader_view = client.get(f"/api/chains/{chain['chain']['id']}/leader/").json()
    assert {"rule", "gaps_closed", "links"} <= set(leader_view)
    assert client.get("/api/chains/map/", {"platform": "x"}).json() == {
        "platform": ["没有此编号的平台。"]
    } or (client.get("/api/chains/map/", {"platform": "x"}).status_code == 400)
    made = client.post(f"/api/chains/targets/{target.pk}/lead/")
    assert made.status_code == 201 and made.json()["project"]
    refused = client.post(f"/api/chains/targets/{target.pk}/lead/")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()


def test_the_api_import_reports_bad_rows_in_the_error_shape(client, staff):
    client.force_login(staff)
    chain = IndustryChain.objects.get(code="new_materials")
    response = client.post(
        "/api/chains/targets/import/",
        {
            "chain": chain.pk,
            "name": "小巨人",
            "source": "little_giants",
            "file": factories.target_workbook([("某企业有限公司", "", "没有这个环节", "", "理由", "")]),
        },
    )
    assert response.status_code == 400
    assert response.json()["file"][0].startswith("第2行") or "2" in response.json()["file"][0]


def test_the_ledger_filters_by_chain_strategy_and_link(client, staff):
    link = ChainLink.objects.get(chain__code="medical_devices", name="手术与外科器械")
    on_link = factories.make_project(
        name="手术器械项目", industry_chain_id="medical_devices", industry_code="3584"
    )
    factories.make_project(name="汽配项目", industry_chain_id="auto_parts")
    factories.make_project(name="无链项目")
    assert on_link.chain_link == link
    client.force_login(staff)

    def names(**params):
        rows = client.get("/api/projects/", params).json()["results"]
        return {row["name"] for row in rows}

    assert names(industry_chain="medical_devices") == {"手术器械项目"}
    assert names(chain_strategy="extend") == {"汽配项目"}
    assert names(chain_link=link.pk) == {"手术器械项目"}
    page = client.get(reverse("projects:list"), {"industry_chain": "auto_parts"}).content.decode()
    assert "汽配项目" in page and "手术器械项目" not in page

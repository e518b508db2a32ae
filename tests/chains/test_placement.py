"""Placement by hand: staff move a local firm or a project to another link, or back to placement by
industry code, on a page and through the API; every move is audited; bad input is refused in Chinese."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from chains.models import ChainLink
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def links():
    chain = factories.make_chain(name="医疗器械（放置测试）")
    broad = factories.make_chain_link(chain, name="医疗仪器设备", industry_codes="358")
    narrow = factories.make_chain_link(chain, name="手术器械", industry_codes="3584")
    other = factories.make_chain_link(factories.make_chain(name="新材料（放置测试）"), name="高分子材料")
    return broad, narrow, other


def test_staff_move_a_firm_by_hand_and_back_to_its_industry_code(client, staff, links):
    broad, narrow, _ = links
    firm = factories.make_local_firm(name="仙居放置测试器械有限公司", industry_code="3584")
    assert firm.chain_link == narrow and not firm.chain_link_set_by_hand
    client.force_login(staff)
    url = reverse("chains:place_firm", args=[firm.pk])
    page = client.get(url).content.decode()
    assert "手术器械" in page and "医疗仪器设备" in page

    response = client.post(url, {"link": broad.pk, "note": "主营产品为诊断仪器"})
    assert response.status_code == 302 and response.url == reverse("investors:detail", args=[firm.pk])
    firm.refresh_from_db()
    assert firm.chain_link == broad and firm.chain_link_set_by_hand
    firm.save()  # a later save keeps the hand-set link
    assert ChainLink.objects.get(pk=broad.pk).firms.filter(pk=firm.pk).exists()
    record = client.get(reverse("investors:detail", args=[firm.pk])).content.decode()
    assert "医疗仪器设备" in record and "手动挂接" in record

    client.post(url, {"link": ""})  # back to automatic placement
    firm.refresh_from_db()
    assert firm.chain_link == narrow and not firm.chain_link_set_by_hand
    moves = AuditEntry.objects.filter(action="chains.placed").order_by("pk")
    assert [m.data["by_hand"] for m in moves] == [True, False]
    assert moves[0].data["from"][1] == "手术器械" and moves[0].data["to"][1] == "医疗仪器设备"
    assert moves[0].note == "主营产品为诊断仪器" and moves[0].actor == staff


def test_a_project_stays_within_its_chain_and_bad_input_gets_a_chinese_message(client, staff, links):
    broad, narrow, other = links
    project = factories.make_project(industry_chain=broad.chain, industry_code="3584")
    assert project.chain_link == narrow
    client.force_login(staff)
    url = reverse("chains:place_project", args=[project.pk])
    assert f'href="{url}"' in client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    response = client.post(url, {"link": other.pk})  # a link of another chain: not offered
    assert response.status_code == 200
    assert "请从列出的环节中选择" in response.content.decode()
    response = client.post(url, {"link": "abc"})
    assert "请从列出的环节中选择" in response.content.decode()
    project.refresh_from_db()
    assert project.chain_link == narrow and not AuditEntry.objects.filter(action="chains.placed").exists()

    response = client.post(url, {"link": broad.pk})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.chain_link == broad and project.chain_link_set_by_hand


def test_the_api_places_and_refuses_in_chinese(client, staff, leader, links):
    broad, narrow, other = links
    project = factories.make_project(industry_chain=broad.chain, industry_code="3584")
    firm = factories.make_local_firm(industry_code="3584")
    client.force_login(leader)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("chains:place_project", args=[project.pk]) not in page  # leaders read, staff place
    url = reverse("api-project-placement", args=[project.pk])
    assert client.post(url, {"link": broad.pk}, content_type="application/json").status_code == 403

    client.force_login(staff)
    answer = client.post(url, {"link": broad.pk}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["chain_link"] == broad.pk and answer.json()["chain_link_set_by_hand"] is True
    answer = client.post(url, {"link": other.pk}, content_type="application/json")
    assert answer.status_code == 400 and "产业链" in answer.json()["link"][0]
    answer = client.post(url, {"link": 987654}, content_type="application/json")
    assert answer.status_code == 400 and "987654" in answer.json()["link"][0]
    answer = client.post(url, {}, content_type="application/json")
    assert answer.status_code == 400 and "自动" in answer.json()["link"][0]

    firm_url = reverse("api-firm-placement", args=[firm.pk])
    answer = client.post(firm_url, {"link": broad.pk}, content_type="application/json")
    assert answer.json()["chain_link_name"] == "医疗仪器设备"
    answer = client.post(firm_url, {"link": None}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["chain_link"] == narrow.pk
    assert answer.json()["chain_link_set_by_hand"] is False
    assert AuditEntry.objects.filter(action="chains.placed").count() == 3


def test_a_person_cannot_be_placed(client, staff, links):
    person = factories.make_investor(kind="person", name="王乡贤")
    client.force_login(staff)
    assert client.get(reverse("chains:place_firm", args=[person.pk])).status_code == 404

"""One error shape in the whole API, in Chinese: field errors by name, the rest in non_field_errors,
other refusals as {"detail": ...}."""

import pytest

from projects.enums import ProjectState
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_empty_body_gets_chinese_field_errors(client, staff):
    client.force_login(staff)

    response = client.post("/api/projects/", {}, content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["name"] == ["该字段是必填项。"]
    assert all(isinstance(messages, list) for messages in body.values())


def test_no_data_at_all_is_said_in_chinese_under_non_field_errors(client, staff):
    client.force_login(staff)

    response = client.post("/api/projects/", "null", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["没有收到任何数据。"]}


def test_a_body_that_is_not_json_is_refused_in_chinese(client, staff):
    client.force_login(staff)

    response = client.post("/api/projects/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "无法读取请求内容：不是有效的 JSON 或表单数据。"}


def test_a_services_refusal_has_the_same_shape_as_a_serializers(client, staff):
    project = factories.make_project(state=ProjectState.INTAKE)
    client.force_login(staff)

    response = client.post(
        f"/api/projects/{project.pk}/transition/", {"to": "signed"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"non_field_errors"}
    assert all("\u4e00" <= ch <= "\u9fff" for ch in response.json()["non_field_errors"][0][:1])


def test_a_serializers_own_refusal_is_under_non_field_errors(client):
    response = client.post(
        "/api/auth/token/", {"username": "nobody", "password": "x"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"non_field_errors"}


def test_other_refusals_answer_detail_in_chinese(client, staff):
    anonymous = client.get("/api/projects/")
    client.force_login(staff)
    missing = client.get("/api/projects/999999999/")

    assert anonymous.status_code in (401, 403) and missing.status_code == 404
    assert set(anonymous.json()) == set(missing.json()) == {"detail"}
    assert missing.json()["detail"] == "未找到。"

"""Site-wide defences: unreadable API bodies, the client address behind a proxy, safe defaults."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PUBLIC = "/api/public/referrals/"


@pytest.mark.parametrize("url", [PUBLIC, "/api/auth/token/"])
def test_a_deeply_nested_json_body_is_a_400_in_chinese_not_a_500(url):
    body = "[" * 100_000 + "]" * 100_000

    response = APIClient().post(url, body, content_type="application/json")

    assert response.status_code == 400
    assert "嵌套" in str(response.json())


def test_a_broken_json_body_says_where_in_chinese():
    response = APIClient().post(PUBLIC, '{"company_name": "杭州",\n oops}', content_type="application/json")

    assert response.status_code == 400
    assert "第 2 行" in str(response.json())

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_ledger_detail_and_api_render(client, staff):
    project = factories.make_project()
    client.force_login(staff)
    assert client.get("/projects/").status_code == 200
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get("/projects/new/").status_code == 200
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200
    assert client.get("/api/projects/").status_code == 200

"""Administration: decision routing is edited there; projects are only shown there."""

import pytest

from org.models import User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    factories.units()
    user = User.objects.create_superuser("root-h3a", password="pass-Xianju-1")
    client.force_login(user)
    return client


def test_decision_routes_are_editable_in_the_admin(admin_client):
    assert admin_client.get("/admin/projects/decisionroute/").status_code == 200
    assert admin_client.get("/admin/projects/decisionroute/add/").status_code == 200


def test_projects_are_shown_but_not_edited_in_the_admin(admin_client):
    project = factories.make_project(name="后台查看项目")
    listing = admin_client.get("/admin/projects/project/")
    assert "后台查看项目" in listing.content.decode()
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get("/admin/projects/project/add/").status_code == 403

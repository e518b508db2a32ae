"""A request blocking a milestone shows on the project's page, turns its light and puts the project
on the leader's red list once a clock of the request is missed."""

import datetime as dt
from unittest import mock

from django.urls import reverse

from projects.analytics import red_light_projects
from projects.models import Project
from projects.selectors import annotate_lights

D = dt.date


def _light(project, today):
    return annotate_lights(Project.objects.filter(pk=project.pk), today=today).get().light


def test_a_blocking_request_turns_the_light_yellow_then_red_and_lists_the_project(routed, project):
    project.planned_completion_date = D(2026, 12, 31)
    project.save()
    assert _light(project, D(2025, 11, 3)) == "green"

    routed(on=D(2025, 11, 3), blocks_milestone="completed")

    assert _light(project, D(2025, 11, 4)) == "yellow"
    assert project not in red_light_projects(Project.objects.all(), today=D(2025, 11, 4))
    assert _light(project, D(2025, 11, 5)) == "red"  # the contact clock (4 November) was missed
    assert project in red_light_projects(Project.objects.all(), today=D(2025, 11, 5))


def test_the_leaders_red_lists_name_the_blocking_request(client, leader, routed, project):
    """The project's own next date lies ahead: the red list says why it is red, on the leader's
    home page and on the dashboard."""
    project.planned_completion_date = D(2026, 12, 31)
    project.save()
    routed(on=D(2025, 11, 3), blocks_milestone="completed", title="土地交付受阻")
    late = D(2025, 11, 5)

    red = red_light_projects(Project.objects.all(), limit=None, today=late).get(pk=project.pk)
    assert red.red_reason == "阻碍节点的企业诉求：土地交付受阻"

    client.force_login(leader)
    with mock.patch("django.utils.timezone.localdate", return_value=late):
        home = client.get("/").content.decode()
        dashboard = client.get(reverse("projects:dashboard")).content.decode()
    assert "阻碍节点的企业诉求：土地交付受阻" in home
    assert "阻碍节点的企业诉求：土地交付受阻" in dashboard


def test_a_request_that_blocks_nothing_leaves_the_light_alone(routed, project):
    project.planned_completion_date = D(2026, 12, 31)
    project.save()

    routed(on=D(2025, 11, 3))

    assert _light(project, D(2025, 11, 20)) == "green"


def test_the_project_page_lists_the_blocking_requests(client, leader, routed, project):
    request = routed(on=D(2025, 11, 3), blocks_milestone="completed", title="土地交付受阻")
    client.force_login(leader)

    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    assert 'id="blocking-requests"' in html
    assert "土地交付受阻" in html
    assert reverse("aftercare:detail", args=[request.pk]) in html


def test_a_blocking_request_turns_the_ledger_row_on_the_next_page(client, staff, routed, project):
    """The ledger keeps its drawn table; the light rule names requests as what moves it."""
    project.planned_completion_date = D(2026, 12, 31)
    project.save()
    client.force_login(staff)
    with mock.patch("django.utils.timezone.localdate", return_value=D(2025, 11, 4)):
        page = client.get(reverse("projects:list")).content.decode()
        assert "light-green" in _ledger_row(page, project.name)
        assert "0 个项目" in client.get(reverse("projects:list"), {"light": "yellow"}).content.decode()

        routed(on=D(2025, 11, 3), blocks_milestone="completed")

        page = client.get(reverse("projects:list")).content.decode()
        assert "light-yellow" in _ledger_row(page, project.name)
        assert "1 个项目" in client.get(reverse("projects:list"), {"light": "yellow"}).content.decode()


def _ledger_row(page, name):
    return next(row for row in page.split("<tr>") if name in row)

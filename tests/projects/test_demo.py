"""The demo county's projects: every platform, every stage, every light, and safe to seed twice."""

import pytest
from django.core.management import call_command

from projects.demo import DEMO_PROJECTS
from projects.enums import ProjectState
from projects.models import Project
from projects.selectors import ledger_queryset

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_ledger_across_platforms_stages_and_lights():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = [row[0] for row in DEMO_PROJECTS]
    projects = list(ledger_queryset().filter(name__in=names).select_related("task_force"))
    assert len(projects) == len(names)
    assert {p.platform.code for p in projects} >= {"kaifaqu", "gaotie", "dujiaqu"}
    assert {p.state for p in projects} >= set(ProjectState.values)
    assert {p.light for p in projects} >= {"green", "yellow", "red", None}
    signed = [p for p in projects if p.contract_date and p.state not in ("exited", "rejected")]
    assert signed and all(p.funds_received > 0 and p.service_cadre_id for p in signed)
    assert all(p.task_force.lead_id for p in projects)
    before = Project.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Project.objects.count() == before

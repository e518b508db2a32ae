"""Charts that don't mislead (issue 14, point 4): a month with nothing due is a gap, not 0%, and
every chart of the leader dashboard has its numbers as a table."""

import datetime as dt
import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from projects import analytics
from projects.enums import ProjectState as S
from projects.models import Project
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def test_a_month_where_nothing_fell_due_is_a_gap_not_zero(db):
    today = dt.date(2026, 6, 1)  # nothing planned this month can have passed yet
    factories.make_project(
        state=S.SIGNED, contract_date=dt.date(2026, 4, 2), planned_start_date=dt.date(2026, 6, 20)
    )
    factories.make_project(
        state=S.SIGNED, contract_date=dt.date(2026, 4, 2), planned_start_date=dt.date(2026, 5, 10)
    )

    data = analytics.rates_by_month(Project.objects.all(), today=today, months=3)

    start = next(s for s in data["series"] if s["key"] == "start")
    assert data["months"] == ["2026-04", "2026-05", "2026-06"]
    assert start["percent"] == [None, 0.0, None]  # May: due and not started; June: nothing due yet


def test_the_chart_does_not_draw_a_line_across_a_gap():
    script = (ROOT / "projects/static/projects/analytics/dashboard.js").read_text()
    assert "connectNulls: false" in script and "connectNulls: true" not in script


def test_every_dashboard_chart_has_its_numbers_as_a_table(client, leader):
    today = timezone.localdate()
    factories.make_project(name="签约项目", state=S.SIGNED, contract_date=today.replace(day=1))
    client.force_login(leader)

    html = client.get(reverse("projects:dashboard")).content.decode()

    charts = re.findall(r'id="chart-([a-z]+)"', html)
    assert charts == ["funnel", "months", "platforms", "chains"]
    for chart in charts:
        table = html.split(f'id="table-{chart}"', 1)[1].split("</details>", 1)[0]
        assert "<table" in table and "<th" in table, chart
    months = html.split('id="table-months"', 1)[1].split("</details>", 1)[0]
    assert today.strftime("%Y-%m") in months
    assert "100.0%" in months  # this month's contract performance: one signed, not exited
    assert "—" in months  # months with nothing due read as a dash, not 0%
    assert "开发区" in html.split('id="table-platforms"', 1)[1].split("</details>", 1)[0]

"""Under the Content-Security-Policy every main page runs with no violation, htmx and ECharts included."""

import pytest

from reviews.services import review_round_open
from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reported to the console by the browser itself, and by the page's securitypolicyviolation event.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});
"""


@pytest.fixture
def violations(page):
    seen = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            seen.append(msg.text)
            if "Content Security Policy" in msg.text or "CSP violation" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: seen.append(f"page error: {exc}"))
    return seen


def _visit(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_public_form_and_the_login_page_run_under_the_policy(page, live_server, violations):
    for path in ("/refer/", "/refer/status/", "/accounts/login/"):
        _visit(page, live_server, path)
    with page.expect_navigation():
        page.select_option("#lang-select", "en")  # the language switch, moved out of an onchange=
    assert "Log in" in page.content()
    assert violations == []


def test_staff_pages_run_under_the_policy_and_htmx_still_filters_the_ledger(page, live_server, violations):
    units = factories.units()
    staff = factories.make_user("promotion_staff", "touchu", username="csp-staff")
    factories.make_project(name="仙居杨梅深加工项目")
    project = factories.make_project(name="神仙居康养项目", state="pre_review")
    round_ = review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])
    login(page, live_server, "csp-staff")

    for path in (
        "/",
        f"/projects/{project.pk}/",
        "/reviews/rounds/",
        f"/reviews/rounds/{round_.pk}/",
        "/refer/queue/",
        "/notifications/",
        "/api/docs/",
    ):
        _visit(page, live_server, path)
    page.locator(".swagger-ui .opblock").first.wait_for()  # Swagger UI drew the API from its own files

    _visit(page, live_server, "/projects/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_q", "杨梅")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.wait_for_function("() => !document.querySelector('#ledger').textContent.includes('神仙居康养项目')")
    assert "仙居杨梅深加工项目" in page.locator("#ledger").inner_text()
    assert page.evaluate("window.notReloaded === true")  # htmx swapped the table in place
    assert violations == []


def test_the_reviewer_inbox_runs_under_the_policy(page, live_server, violations):
    units = factories.units()
    staff = factories.make_user("promotion_staff", "touchu", username="csp-convener")
    factories.make_user("department_reviewer", "fagai", username="csp-fagai")
    project = factories.make_project(name="预审中的项目", state="pre_review")
    review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])
    login(page, live_server, "csp-fagai")

    _visit(page, live_server, "/reviews/")
    assert "预审中的项目" in page.content()
    page.get_by_role("link", name="签署", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_leader_dashboard_draws_its_charts_under_the_policy(page, live_server, violations):
    factories.make_user("leader", "leading-group", username="csp-leader")
    factories.make_project(name="看板项目", state="intake")
    login(page, live_server, "csp-leader")

    _visit(page, live_server, "/projects/dashboard/")
    page.locator(".chart svg").first.wait_for()
    _visit(page, live_server, "/projects/rates/")
    assert violations == []


def test_the_admin_runs_under_the_policy(page, live_server, violations):
    from org.models import Unit, User

    User.objects.create_superuser("csp-admin", "admin@example.cn", "pass-Xianju-1")
    unit = Unit.objects.order_by("pk").first() or factories.units()["touchu"]
    login(page, live_server, "csp-admin")

    for path in ("/admin/", "/admin/org/unit/", f"/admin/org/unit/{unit.pk}/change/", "/admin/org/user/add/"):
        _visit(page, live_server, path)
    assert violations == []

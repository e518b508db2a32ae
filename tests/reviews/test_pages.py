import datetime as dt
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reviews.caches import review_figures
from reviews.models import ReviewOpinion
from reviews.services import opinion_sign, review_participant_add, review_round_open
from tests import factories
from xianju_invest import pdf as pdf_module

from .conftest import sign_all

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(client, user):
    client.force_login(user)
    return client


def test_inbox_shows_my_departments_opinions_nearest_deadline_first_with_lights(
    client, staff, signers, units
):
    today = timezone.localdate()
    far = factories.make_project(state="pre_review", name="远期项目")
    near = factories.make_project(state="pre_review", name="临期项目")
    review_round_open(project=far, by=staff, due=today + dt.timedelta(days=30))
    late_round = review_round_open(project=near, by=staff, due=today)
    ReviewOpinion.objects.filter(round=late_round).update(due=today - dt.timedelta(days=1))
    response = _login(client, signers["fagai"]).get(reverse("reviews:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("临期项目") < html.index("远期项目")
    assert 'data-light="red"' in html and "逾期" in html
    assert 'data-light="green"' in html
    assert "我的预审" in html


def test_inbox_query_count_does_not_grow_with_rounds(client, staff, signers, django_assert_max_num_queries):
    def count_queries(n):
        for _ in range(n):
            review_round_open(project=factories.make_project(state="pre_review"), by=staff)
        client.get(reverse("reviews:inbox"))  # warm the per-user caches (permissions, session)
        review_figures.bump()  # measure the page drawn, not its kept rows
        with django_assert_max_num_queries(12) as captured:
            client.get(reverse("reviews:inbox"))
        return len(captured)

    _login(client, signers["fagai"])
    few = count_queries(3)
    many = count_queries(20)
    assert many == few


def test_rounds_list_query_count_does_not_grow(client, staff, signers, django_assert_max_num_queries):
    _login(client, staff)
    for _ in range(3):
        review_round_open(project=factories.make_project(state="pre_review"), by=staff)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reviews:rounds"))
    for _ in range(20):
        review_round_open(project=factories.make_project(state="pre_review"), by=staff)
    with django_assert_max_num_queries(12) as many:
        response = client.get(reverse("reviews:rounds"))
    assert len(many) == len(few)
    assert "0 / 9" in response.content.decode()  # 8 fixed + the project's platform


def test_signing_without_a_reason_shows_the_chinese_message_and_changes_nothing(client, open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    url = reverse("reviews:opinion", args=[opinion.pk])
    response = _login(client, signers["fagai"]).post(url, {"verdict": "disagree", "reason": ""})
    assert response.status_code == 200
    assert "除非同意,请说明理由。" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.verdict == "" and opinion.version == 0


@override_settings(UPLOAD_MAX_BYTES=1024)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", PDF_BYTES + b"x" * 2048, "超过上限"),
        ("virus.exe", b"MZ\x90\x00", "文件类型不允许"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "内容不是 .pdf 文件"),
    ],
)
def test_bad_attachments_are_refused_with_a_clear_message(
    client, open_round, signers, name, content, message
):
    opinion = open_round.opinions.get(unit__code="fagai")
    url = reverse("reviews:opinion", args=[opinion.pk])
    upload = SimpleUploadedFile(name, content)
    response = _login(client, signers["fagai"]).post(url, {"verdict": "agree", "files": [upload]})
    assert message in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.version == 0 and not opinion.versions.exists()


def test_signing_with_an_attachment_keeps_it_with_the_version(
    client, open_round, signers, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    opinion = open_round.opinions.get(unit__code="huanbao")
    url = reverse("reviews:opinion", args=[opinion.pk])
    upload = SimpleUploadedFile("环评意见.pdf", PDF_BYTES, content_type="application/pdf")
    data = {
        "verdict": "conditional",
        "reason": "需环评",
        "conditions": "取得环评批复后开工",
        "files": [upload],
    }
    response = _login(client, signers["huanbao"]).post(url, data, follow=True)
    html = response.content.decode()
    assert "意见已签署" in html
    assert "环评意见.pdf" in html
    version = opinion.versions.get()
    assert version.attachments.get().size == len(PDF_BYTES)
    download = client.get(reverse("reviews:attachment", args=[version.attachments.get().pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_reviewer_cannot_open_another_departments_opinion(client, open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    url = reverse("reviews:opinion", args=[opinion.pk])
    client.force_login(signers["jingxin"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"verdict": "agree"}).status_code == 404
    opinion.refresh_from_db()
    assert opinion.version == 0


def test_convener_sees_who_we_wait_on_and_who_is_late(client, open_round, signers, staff):
    opinion_sign(opinion=open_round.opinions.get(unit__code="fagai"), by=signers["fagai"], verdict="agree")
    ReviewOpinion.objects.filter(round=open_round, unit__code="huanbao").update(due=dt.date(2020, 1, 6))
    response = _login(client, staff).get(reverse("reviews:round", args=[open_round.pk]))
    html = response.content.decode()
    waiting = html[html.index('id="waiting"') : html.index('id="late"')]
    late = html[html.index('id="late"') : html.index('id="opinions"')]
    assert "还在等待" in waiting and "环保" in waiting and "发改" not in waiting
    assert "环保" in late and "自规" not in late
    assert "1 / 9" in html


def test_convener_closing_without_reason_is_refused_on_the_page(client, open_round, staff, signers):
    opinion_sign(opinion=open_round.opinions.get(unit__code="fagai"), by=signers["fagai"], verdict="agree")
    response = _login(client, staff).post(reverse("reviews:close", args=[open_round.pk]), {"reason": ""})
    assert "请说明提前结束的理由。" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.state == "open"


def test_a_past_project_deadline_is_refused_on_the_terms_form(client, open_round, staff):
    url = reverse("reviews:terms", args=[open_round.pk])
    response = _login(client, staff).post(
        url, {"project_deadline": "2020-01-01", "min_investment_intensity": "300"}
    )
    assert "截止日期不能早于今天。" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.project_deadline is None


def test_opening_a_round_from_the_page(client, staff, project, signers, units):
    response = _login(client, staff).post(
        reverse("reviews:open"), {"project": project.pk, "extra_units": [units["kaifaqu"].pk]}, follow=True
    )
    assert "预审已发起" in response.content.decode()
    assert project.review_rounds.get().opinions.count() == 9


def _pdf_checks(pdf_bytes, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    return text, fonts, next(tmp_path.glob("page*.png"))


def test_minutes_pdf_renders_the_chinese_text_with_an_embedded_font(
    client, open_round, signers, staff, tmp_path
):
    opinion = open_round.opinions.get(unit__code="zigui")
    opinion_sign(
        opinion=opinion,
        by=signers["zigui"],
        verdict="conditional",
        reason="用地指标",
        conditions="完成规划调整",
    )
    sign_all(open_round, signers)
    _login(client, staff)
    page = client.get(reverse("reviews:minutes", args=[open_round.pk])).content.decode()
    assert "仙居县“8+X”项目预审会议纪要" in page and "完成规划调整" in page and "有条件通过" in page
    response = client.get(reverse("reviews:minutes_pdf", args=[open_round.pk]))
    assert response["Content-Type"] == "application/pdf"
    text, fonts, png = _pdf_checks(response.content, tmp_path)
    compact = "".join(text.split())
    assert "仙居县“8+X”项目预审会议纪要" in compact
    assert "自然资源" in compact and "完成规划调整" in compact and "有条件通过" in compact
    cjk_rows = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk_rows and all(" yes " in row for row in cjk_rows)

    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    # The title sits centred near the top: it must put dark pixels there.
    title_band = image.crop((width // 4, int(height * 0.04), width * 3 // 4, int(height * 0.10)))
    assert title_band.getextrema()[0] < 100
    blank_band = image.crop((0, 0, width, int(height * 0.02)))
    assert blank_band.getextrema()[0] > 200


def test_minutes_pdf_falls_back_to_the_printable_page_without_a_font(
    client, open_round, signers, staff, monkeypatch
):
    sign_all(open_round, signers)
    monkeypatch.setattr(pdf_module, "FONT_CANDIDATES", ["/nonexistent/font.ttc"])
    response = _login(client, staff).get(reverse("reviews:minutes_pdf", args=[open_round.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("reviews:minutes", args=[open_round.pk])
    assert "缺少中文字体" in html


def test_minutes_of_an_open_round_do_not_exist(client, open_round, staff):
    assert _login(client, staff).get(reverse("reviews:minutes", args=[open_round.pk])).status_code == 404


def test_the_convener_sets_terms_and_adds_an_expert_on_the_manage_page(
    client, open_round, staff, signers, units
):
    expert = factories.make_user("expert", "experts")
    _login(client, staff)
    page = client.get(reverse("reviews:manage", args=[open_round.pk])).content.decode()
    assert "准入门槛" in page and "增加“X”评审方" in page
    client.post(
        reverse("reviews:terms", args=[open_round.pk]),
        {"min_investment_intensity": "300", "min_tax_per_mu": "30", "responsible_unit": units["kaifaqu"].pk},
    )
    response = client.post(
        reverse("reviews:add", args=[open_round.pk]),
        {"unit": units["experts"].pk, "invitee": expert.pk},
        follow=True,
    )
    assert "已增加评审方" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.min_tax_per_mu == 30
    assert open_round.opinions.get(unit=units["experts"]).invitee == expert
    client.force_login(signers["fagai"])
    assert client.get(reverse("reviews:manage", args=[open_round.pk])).status_code == 403


def test_the_opinion_page_shows_an_overdue_light(client, open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    ReviewOpinion.objects.filter(pk=opinion.pk).update(due=dt.date(2020, 1, 6))
    html = (
        _login(client, signers["fagai"]).get(reverse("reviews:opinion", args=[opinion.pk])).content.decode()
    )
    assert 'data-light="red"' in html and "2020-01-06" in html


def test_signing_a_concluded_round_on_the_page_says_so_and_changes_nothing(client, open_round, signers):
    sign_all(open_round, signers)
    opinion = open_round.opinions.get(unit__code="fagai")
    url = reverse("reviews:opinion", args=[opinion.pk])
    response = _login(client, signers["fagai"]).post(
        url, {"verdict": "disagree", "reason": "改主意"}, follow=True
    )
    assert "本轮预审已结束,不能再修改。" in response.content.decode()
    assert 'id="sign-form"' not in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.verdict == "agree" and opinion.version == 1


def test_inbox_pager_counts_every_waiting_opinion_and_a_page_past_the_end_shows_the_last(
    client, staff, signers
):
    for _ in range(27):
        review_round_open(project=factories.make_project(state="pre_review"), by=staff)
    _login(client, signers["fagai"])
    first = client.get(reverse("reviews:inbox")).content.decode()
    assert "1 / 2" in first and first.count('class="inbox-row"') == 25
    beyond = client.get(reverse("reviews:inbox") + "?page=9").content.decode()
    assert "2 / 2" in beyond and beyond.count('class="inbox-row"') == 2
    assert "签署" in beyond


def test_the_inbox_total_follows_a_signature_and_a_closed_round_at_once(client, staff, signers):
    from reviews.services import review_round_close

    rounds = [
        review_round_open(project=factories.make_project(state="pre_review"), by=staff) for _ in range(27)
    ]
    _login(client, signers["fagai"])
    inbox = reverse("reviews:inbox")
    assert "1 / 2" in client.get(inbox).content.decode()  # 27 waiting

    opinion_sign(opinion=rounds[0].opinions.get(unit__code="fagai"), by=signers["fagai"], verdict="agree")
    opinion_sign(opinion=rounds[1].opinions.get(unit__code="jingxin"), by=signers["jingxin"], verdict="agree")
    review_round_close(round=rounds[1], by=staff, reason="企业撤回申请")
    page = client.get(inbox).content.decode()
    assert "1 / 2" not in page and page.count('class="inbox-row"') == 25
    signed = client.get(inbox + "?show=signed").content.decode()
    assert signed.count('class="inbox-row"') == 1


def test_every_inbox_page_continues_the_last_in_deadline_order(client, staff, signers):
    """Pages in the second half are read backwards from the end; the reviewer sees no seam."""
    import random
    import re

    today = timezone.localdate()
    days = list(range(5, 65))
    random.Random(7).shuffle(days)
    for day in days:
        project = factories.make_project(state="pre_review", name=f"项目{day:02d}")
        review_round_open(project=project, by=staff, due=today + dt.timedelta(days=day))
    _login(client, signers["fagai"])
    names = []
    for number in (1, 2, 3):
        html = client.get(reverse("reviews:inbox") + f"?page={number}").content.decode()
        assert f"{number} / 3" in html
        names += re.findall(r"项目(\d\d)", html)
    assert names == [f"{day:02d}" for day in range(5, 65)]


def test_a_new_due_soon_setting_recolours_the_inbox_at_once(client, staff, signers):
    from reviews.models import ReviewSettings
    from workdays.services import add_workdays

    today = timezone.localdate()
    project = factories.make_project(state="pre_review")
    review_round_open(project=project, by=staff, due=add_workdays(today, 4))
    _login(client, signers["fagai"])
    assert 'data-light="green"' in client.get(reverse("reviews:inbox")).content.decode()

    settings = ReviewSettings.load()
    settings.due_soon_workdays = 5
    settings.save()
    assert 'data-light="yellow"' in client.get(reverse("reviews:inbox")).content.decode()


def test_convener_view_query_count_does_not_grow_with_opinions(
    client, open_round, staff, signers, units, django_assert_max_num_queries
):
    def count_queries():
        client.get(reverse("reviews:round", args=[open_round.pk]))  # warm the per-user caches
        review_figures.bump()  # measure the page drawn, not its kept fragments
        with django_assert_max_num_queries(12) as captured:
            response = client.get(reverse("reviews:round", args=[open_round.pk]))
        assert response.status_code == 200
        return len(captured)

    _login(client, staff)
    few = count_queries()
    for code in ("fagai", "huanbao", "zigui"):
        opinion_sign(opinion=open_round.opinions.get(unit__code=code), by=signers[code], verdict="agree")
    for code in ("gaotie", "dujiaqu", "experts"):
        expert = factories.make_user("expert", "experts") if code == "experts" else None
        review_participant_add(round=open_round, by=staff, unit=units[code], invitee=expert)
    assert count_queries() == few

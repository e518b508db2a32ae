"""Single-line text: one validator refuses line breaks, control and invisible-only text everywhere."""

import pytest
from django.core.exceptions import ValidationError

from notifications.enums import Channel, DeliveryStatus
from notifications.models import Delivery
from notifications.services import event_emit, event_fan_out
from tests import factories
from xianju_invest.text import single_line, validate_single_line

REFUSED = [
    "杭州远景\n光电有限公司",
    "杭州远景\r\nBcc: x@evil.example",
    "名称\t制表",
    "空\x00字符",
    "行\u2028分隔",
    "方向\u202e反转",
    "\u200b\u200c\u200d",  # zero-width only
    "\u202e\u2066",  # direction controls only
    "\u3000 \u00a0",  # spaces only
]
ACCEPTED = ["杭州远景光电有限公司", "=HYPERLINK(…)", "A&B (China) Co., Ltd.", "👨\u200d👩\u200d👧 家庭农场"]


@pytest.mark.parametrize("text", REFUSED)
def test_line_breaks_control_and_invisible_only_text_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(text)
    assert any(m.startswith("请") for m in refused.value.messages)


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_names_pass(text):
    validate_single_line(text)


def test_single_line_folds_breaks_and_controls_into_spaces():
    assert single_line("第一行\r\n第二行\t第三\u202e行 ") == "第一行 第二行 第三 行"


@pytest.mark.django_db
def test_a_title_with_a_line_break_is_mailed_with_a_one_line_subject(mailoutbox):
    user = factories.make_user("promotion_staff")
    user.email = "a@example.cn"
    user.save()
    event, _ = event_emit(
        kind="test.note", key="crlf", payload={"title": "杭州\r\nBcc: x@evil.example 转交"}, recipients=[user]
    )

    event_fan_out(event.pk)

    assert [m.subject for m in mailoutbox] == ["杭州 Bcc: x@evil.example 转交"]
    assert Delivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.SENT

"""Property: whatever is thrown at POST /api/public/referrals/, the answer is 201 or a 4xx, and the
database holds exactly the reports that were answered 201 (with their attachments), nothing else."""

import json
import string

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from referrals.models import Referral, ReferralAttachment

from .conftest import credit_code, referral_data

URL = "/api/public/referrals/"
FIELDS = list(referral_data().keys()) + ["attachments", "website", "captcha_key", "captcha_value", "status"]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),  # control characters, surrogates excluded
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE referrals_referral; --",
            "\x00",
            "abc\x00def",
            "\u202eevil",
            "\ufeff",
            "有限公司",
            "13812345678",
            "１３８１２３４５６７８",
            "91330000MA2AXXXXXX",
            credit_code(),
            "-1",
            "1e400",
            "NaN",
            "99999999999999999999",
            "0.001",
            "on",
            "",
            " ",
            "individual",
            "hometown",
            "other",
        ]
    ),
    st.integers(min_value=0, max_value=60_000).map(lambda n: "长" * n),
)
wrong_types = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
overrides = st.dictionaries(st.sampled_from(FIELDS), st.one_of(hostile_text, wrong_types), max_size=5)

file_names = st.one_of(
    st.sampled_from(
        ["plan.pdf", "photo.jpg", "a.PNG", "x.exe", "../../etc/passwd.pdf", "noext", "报告.docx", ".pdf"]
    ),
    st.text(alphabet=string.ascii_letters + "./\\ ", min_size=1, max_size=30),
)
file_bodies = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04"]).flatmap(
        lambda head: st.binary(max_size=300).map(lambda tail: head + tail)
    ),
)
good_file = st.sampled_from(
    [("plan.pdf", b"%PDF-1.7\n"), ("site.png", b"\x89PNG\r\n\x1a\n..."), ("表格.xlsx", b"PK\x03\x04....")]
)
uploads = st.one_of(
    st.just([]),
    st.lists(good_file, max_size=3),
    st.lists(st.tuples(file_names, file_bodies), max_size=4),
)


BOUNDARY = "hostile-boundary-7MA4YWxkTrZu0gW"


def multipart(fields, files):
    """Encoded by hand so that hostile file names reach the server unchanged."""
    parts = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, body in files:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + body + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def counts():
    return Referral.objects.count(), ReferralAttachment.objects.count()


@pytest.fixture
def lifted_limits(settings):
    settings.REFERRAL_ABUSE_CHECKS = False


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(over=overrides, files=uploads, mode=st.sampled_from(["json", "multipart", "raw"]))
def test_every_answer_is_201_or_4xx_and_only_accepted_reports_are_kept(lifted_limits, over, files, mode):
    api = APIClient()
    data = {**referral_data(), **over}
    before = counts()
    if mode == "json":
        response = api.post(URL, json.dumps(data, ensure_ascii=False), content_type="application/json")
        sent_files = 0
    elif mode == "multipart":
        form = {
            k: (str(v) if not isinstance(v, list) else [str(i) for i in v])
            for k, v in data.items()
            if v is not None
        }
        response = api.post(
            URL, multipart(form, files), content_type=f"multipart/form-data; boundary={BOUNDARY}"
        )
        sent_files = len(files)
    else:
        raw = json.dumps(data, ensure_ascii=False).encode()[: len(files) * 37 + 5] + b"\xff\xfe"
        response = api.post(URL, raw, content_type="application/json")
        sent_files = 0
    after = counts()
    event(f"{mode} {response.status_code}")
    assert response.status_code == 201 or 400 <= response.status_code < 500, response.content[:300]
    if response.status_code == 201:
        code = response.json()["tracking_code"].replace("-", "")
        assert after[0] == before[0] + 1
        assert Referral.objects.filter(tracking_code=code).exists()
        assert after[1] - before[1] == sent_files
    else:
        assert after == before

"""Site-wide defences: unreadable API bodies, the client address behind a proxy, safe defaults."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PUBLIC = "/api/public/referrals/"
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", [PUBLIC, "/api/auth/token/"])
def test_a_deeply_nested_json_body_is_a_400_in_chinese_not_a_500(url):
    body = "[" * 100_000 + "]" * 100_000

    response = APIClient().post(url, body, content_type="application/json")

    assert response.status_code == 400
    assert "请求内容" in str(response.json())  # the portal's error handler words it in Chinese


def test_a_broken_json_body_says_where_in_chinese():
    response = APIClient().post(PUBLIC, '{"company_name": "杭州",\n oops}', content_type="application/json")

    assert response.status_code == 400
    assert "JSON" in str(response.json()) and "请求内容" in str(response.json())


def test_a_broken_multipart_body_is_a_400_in_chinese():
    response = APIClient().post(PUBLIC, b"--x\r\nbroken", content_type="multipart/form-data; boundary=\x00")

    assert response.status_code == 400
    assert "无法读取" in str(response.json())


def test_the_api_schema_and_docs_are_for_signed_in_users_only(client, staff):
    for url in ("/api/schema/", "/api/docs/"):
        assert client.get(url).status_code in (401, 403), url
    client.force_login(staff)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn." not in html and "<script>" not in html  # Swagger UI from the portal, no inline script
    assert client.get("/api/schema/").status_code == 200


def test_a_project_document_passes_the_same_content_check_as_every_attachment(
    client, staff, settings, tmp_path
):
    from tests import factories

    settings.MEDIA_ROOT = tmp_path
    project = factories.make_project()
    client.force_login(staff)
    disguised = SimpleUploadedFile(
        "协议.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )

    response = client.post(
        f"/projects/{project.pk}/documents/", {"doc_type": "agreement", "title": "协议", "file": disguised}
    )

    assert not project.documents.exists()
    assert "不像" in response.content.decode() or "不是 .pdf" in response.content.decode()


def _entrypoint(**env):
    return subprocess.run(
        ["sh", str(ROOT / "docker-entrypoint.sh"), "echo", "started"],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def test_the_production_image_refuses_debug_unless_allowed_explicitly():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^ENV .*\bDEBUG=0\b", dockerfile, re.M)
    assert 'ENTRYPOINT ["/app/docker-entrypoint.sh"]' in dockerfile

    assert _entrypoint().stdout.strip() == "started"  # the image's DEBUG=0
    assert _entrypoint(DEBUG="0").stdout.strip() == "started"
    for on in ("1", "True", " yes "):
        refused = _entrypoint(DEBUG=on)
        assert refused.returncode != 0 and "ALLOW_DEBUG" in refused.stderr
    assert _entrypoint(DEBUG="1", ALLOW_DEBUG="1").stdout.strip() == "started"


def _api_views():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("api/"):
                cls = getattr(p.callback, "cls", None)
                if cls is not None:
                    yield prefix + str(p.pattern), cls

    return list(walk(get_resolver().url_patterns))


def test_every_api_view_reads_json_with_the_one_portal_parser():
    from xianju_invest.parsers import JSONParser

    views = _api_views()
    assert len(views) > 10
    for route, cls in views:
        json_parsers = [p for p in cls.parser_classes if p.media_type == "application/json"]
        assert json_parsers in ([], [JSONParser]), route

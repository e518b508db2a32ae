"""Site-wide behaviour: health, error pages, API schema, deploy check, the compose file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.test import override_settings
from drf_spectacular.validation import validate_schema

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client):
    from xianju_invest.celery import app

    old = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url, app.conf.broker_write_url = old
    assert response.status_code == 503
    assert response.json()["broker"] != "ok"
    assert response.json()["database"] == "ok"


def test_unknown_url_gets_a_friendly_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_gets_a_friendly_chinese_500():
    from django.test import Client

    from xianju_invest import urls

    def boom(request):
        raise RuntimeError("boom")

    from django.urls import path

    urls.urlpatterns.append(path("boom-for-test", boom))
    try:
        with override_settings(ROOT_URLCONF="xianju_invest.urls"):
            response = Client(raise_request_exception=False).get("/boom-for-test")
    finally:
        urls.urlpatterns.pop()
    assert response.status_code == 500
    assert "出错" in response.content.decode()


def test_api_schema_is_a_valid_openapi_document(client, staff):
    client.force_login(staff)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/auth/token/" in schema["paths"]


def test_api_docs_page_is_served(client, staff):
    client.force_login(staff)
    assert client.get("/api/docs/").status_code == 200


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "xianju_invest.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 64 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "invest.xianju.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_compose_file_matches_the_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "gunicorn xianju_invest.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A xianju_invest worker")
    assert "DatabaseScheduler" in services["beat"]["command"]
    assert django_settings.CELERY_BEAT_SCHEDULER.endswith("DatabaseScheduler")
    env = services["web"]["environment"]
    settings_text = (ROOT / "xianju_invest" / "settings.py").read_text()
    for variable in env:
        assert f'"{variable}"' in settings_text, f"{variable} is not read by settings.py"
    for required in (
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
    ):
        assert required in env
    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    for service in ("web", "worker", "beat"):
        depends = services[service]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert {"pgdata", "media"} <= set(compose["volumes"])


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    settings_text = (ROOT / "xianju_invest" / "settings.py").read_text()
    import re

    names = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_text))
    names |= set(re.findall(r'env_(?:bool|list)\("([A-Z_]+)"', settings_text))
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"README configuration table lacks {missing}"


def test_production_static_files_collect_as_the_image_build_does(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "xianju_invest.settings",
        "DEBUG": "0",
        "SECRET_KEY": "build-only",
        "ALLOWED_HOSTS": "localhost",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert "vendor/echarts/echarts.min.js" in manifest
    assert "vendor/bootstrap/bootstrap.min.css" in manifest

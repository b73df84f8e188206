"""Production security: deploy checks, headers, cookies, admin sign-in throttling, staff sessions."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse

import eczemafeed.settings as production
from tests.factories import StaffUserFactory, TreatmentFactory

ROOT = Path(__file__).resolve().parents[2]
YEAR = 365 * 24 * 3600


def test_deploy_checks_pass_under_production_settings():
    ignored = {"DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last: browser tests
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        DJANGO_SECRET_KEY="deploy-check-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="eczemafeed.example",
        DJANGO_SETTINGS_MODULE="eczemafeed.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_serves_hashed_static_files_and_caches_compiled_templates():
    assert not production.DEBUG
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


def test_database_connections_are_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_public_page_sends_every_security_header(client):
    treatment = TreatmentFactory()
    response = client.get(treatment.get_absolute_url(), secure=True)
    assert response.status_code == 200
    csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    max_age = int(re.search(r"max-age=(\d+)", response["Strict-Transport-Security"]).group(1))
    assert max_age >= YEAR
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_https_comes_from_the_proxy_header_and_plain_http_is_redirected(client):
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= YEAR


@pytest.mark.django_db
def test_admin_inline_code_carries_the_nonce_of_its_own_response(client):
    response = client.get(reverse("admin:login"), secure=True)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    again = client.get(reverse("admin:login"), secure=True)
    assert nonce not in again["Content-Security-Policy"]


@pytest.mark.django_db
def test_cookies_are_secure_http_only_and_same_site(client):
    response = client.get(reverse("admin:login"), secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def login(client, address, password):
    return client.post(
        reverse("admin:login"),
        {"username": "moderator", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        secure=True,
    )


@pytest.mark.django_db
def test_failed_sign_ins_lock_one_address_but_not_the_moderator_elsewhere(client, moderator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "203.0.113.66", "wrong password")
    assert login(client, "203.0.113.66", "correct horse battery staple").status_code == 429
    response = login(client, "198.51.100.7", "correct horse battery staple")
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_staff_sessions_end_with_the_browser_and_within_eight_hours(client):
    StaffUserFactory(username="moderator", groups=["Moderators"])
    login(client, "198.51.100.7", "correct horse battery staple")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expiry_age() <= 8 * 3600

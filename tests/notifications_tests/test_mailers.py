"""E-mail goes through Django 6.1's MAILERS, configured from the environment, and so does every library
that sends mail for us, with no deprecation warning."""

import json
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.deprecation import RemovedInDjango2028Warning
from django.utils.log import AdminEmailHandler

from eczemafeed.settings import mailer_from_url

ROOT = Path(__file__).resolve().parents[2]
CLEAN = {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "EMAIL_URL", "SMTP_HOST", "EMAIL_FROM"}


def settings_in_a_fresh_process(**env):
    environment = {key: value for key, value in os.environ.items() if key not in CLEAN} | env
    code = (
        "import eczemafeed.settings as s, json; "
        "print(json.dumps([s.MAILERS, s.DEFAULT_FROM_EMAIL, [n for n in dir(s) if n.startswith('EMAIL_')]]))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.fixture
def no_deprecated_mail():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RemovedInDjango2028Warning)
        yield


class TestConfiguration:
    def test_make_run_prints_messages_on_the_console(self):
        mailers, sender, deprecated = settings_in_a_fresh_process(DJANGO_DEBUG="1")
        assert mailers == {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
        assert sender == "EczemaFeed <no-reply@localhost>"
        assert deprecated == []  # no EMAIL_* setting of Django's is set

    def test_production_sends_through_the_smtp_server_the_environment_names(self):
        mailers, sender, _ = settings_in_a_fresh_process(
            DJANGO_SECRET_KEY="s" * 60,
            EMAIL_URL="smtp+tls://mailer%40eczemafeed.example:p%40ss%3Aword@smtp.example.net",
            EMAIL_FROM="EczemaFeed <hello@eczemafeed.example>",
        )
        assert mailers["default"] == {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.net",
                "username": "mailer@eczemafeed.example",
                "password": "p@ss:word",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 10,
            },
        }
        assert sender == "EczemaFeed <hello@eczemafeed.example>"

    def test_smtp_settings_may_come_one_by_one(self):
        mailers, _, _ = settings_in_a_fresh_process(
            DJANGO_SECRET_KEY="s" * 60,
            SMTP_HOST="smtp.example.net",
            SMTP_PORT="2525",
            SMTP_USER="me",
            SMTP_PASSWORD="a/b c",
            SMTP_TLS="1",
        )
        assert mailers["default"]["OPTIONS"] == {
            "host": "smtp.example.net",
            "port": 2525,
            "username": "me",
            "password": "a/b c",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 10,
        }

    def test_without_any_production_uses_the_machines_own_mail_server(self):
        mailers, _, _ = settings_in_a_fresh_process(DJANGO_SECRET_KEY="s" * 60)
        assert mailers["default"]["OPTIONS"] == {
            "host": "localhost",
            "port": 25,
            "use_tls": False,
            "use_ssl": False,
            "timeout": 10,
        }

    @pytest.mark.parametrize(
        ("url", "options"),
        [
            (
                "smtps://smtp.example.net",
                {"host": "smtp.example.net", "use_tls": False, "use_ssl": True, "timeout": 10},
            ),
            (
                "smtp://relay:2525?timeout=3",
                {"host": "relay", "port": 2525, "use_tls": False, "use_ssl": False, "timeout": 3.0},
            ),
        ],
    )
    def test_smtp_urls(self, url, options):
        assert mailer_from_url(url)["OPTIONS"] == options

    def test_file_mailer_for_inspecting_messages(self):
        assert mailer_from_url("file:///var/mail/eczemafeed") == {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": "/var/mail/eczemafeed"},
        }

    def test_a_wrong_url_is_refused_without_repeating_its_password(self):
        with pytest.raises(ImproperlyConfigured) as refused:
            mailer_from_url("smpt://user:hunter2@smtp.example.net")
        assert "hunter2" not in str(refused.value) and "smpt" in str(refused.value)


@pytest.mark.django_db
class TestLibrariesThatSendMail:
    def test_djangos_password_reset_e_mail_would_use_the_default_mailer(self, no_deprecated_mail):
        """The site has no password reset page (staff accounts are made by an administrator), but the form's
        sending is what any reset page would use."""
        template = "registration/password_reset_subject.txt"
        PasswordResetForm().send_mail(template, template, {"site_name": "EczemaFeed"}, None, "ana@example.org")
        [message] = mail.outbox
        assert message.to == ["ana@example.org"] and message.sent_using == "default"

    def test_error_reports_to_admins_use_the_default_mailer(self, no_deprecated_mail, settings):
        settings.ADMINS = ["ops@eczemafeed.example"]
        logger = logging.getLogger("tests.admin-email")
        handler = AdminEmailHandler()
        logger.addHandler(handler)
        try:
            logger.error("Something broke")
        finally:
            logger.removeHandler(handler)
        [message] = mail.outbox
        assert message.to == ["ops@eczemafeed.example"] and message.sent_using == "default"

    def test_sendtestemail_checks_the_configuration(self, no_deprecated_mail):
        call_command("sendtestemail", "ops@eczemafeed.example")
        [message] = mail.outbox
        assert message.to == ["ops@eczemafeed.example"] and message.sent_using == "default"

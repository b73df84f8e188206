"""The ceilings: bare Django views served exactly like the site, with nothing else (bench only)."""

from pathlib import Path

SECRET_KEY = "bench-ceiling-only-never-used-for-the-site"  # noqa: S105 - serves two constant pages
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.ceiling_urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]

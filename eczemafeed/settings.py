"""EczemaFeed settings, all driven by the environment.

Safe by default: DEBUG is off unless DJANGO_DEBUG is set, and outside debug a
missing DJANGO_SECRET_KEY stops start-up instead of falling back to a known key.
"""

import hashlib
import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run with DJANGO_DEBUG=1 (make run does)."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "simple_history",
    "pagecache",
    "replicas",
    "worker",  # before django_tasks_db: its db_worker command is the one that runs
    "django_tasks_db",
    "content",
    "outcomes",
    "reviews",
    "interactions",
    "trust",
    "notifications",
    "search",
    "compare",
    "api",
    "seo",
    "demo",
]

MIDDLEWARE = [
    "pagecache.middleware.PageCacheMiddleware",  # first: a hit skips everything below
    "replicas.middleware.ReplicaReadsMiddleware",  # which database this request reads; the just-wrote cookie
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "eczemafeed.middleware.DatabaseUnavailableMiddleware",
    "eczemafeed.limits.RejectMalformedRequestsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eczemafeed.limits.RequestLimitsMiddleware",  # needs the user; before any process_view reads the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "eczemafeed.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eczemafeed.limits.staff_limits",
            ],
            # {% url %}: Django's tag, its addresses remembered (eczemafeed/addresses.py says when that is safe).
            "builtins": ["eczemafeed.addresses"],
            # {% chrome %}: the header and footer rendered once per process and key (eczemafeed/chrome.py).
            "libraries": {"chrome": "eczemafeed.chrome"},
        },
    },
    {
        # The hottest repeated parts of public pages (a review card, rendered up to ten times a page), about
        # half the CPU of the same markup in Django's engine: eczemafeed/jinja2.py says why and how its output
        # stays byte for byte what Django's would be. Only code that asks for this engine by name uses it.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "eczemafeed.jinja2.environment"},
    },
]

WSGI_APPLICATION = "eczemafeed.wsgi.application"

# The primary, and optionally a streaming replica for anonymous reads (replicas/). A PostgreSQL URL may name
# several hosts, as libpq does (postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write); every query
# parameter is a libpq connection parameter. Dead peers are noticed in seconds, not at the kernel's two hours:
# TCP keepalives and tcp_user_timeout below, and a short connect_timeout.
DATABASE_DEFAULT_OPTIONS = {
    "keepalives": "1",
    "keepalives_idle": os.environ.get("DJANGO_DB_KEEPALIVES_IDLE", "2"),  # seconds idle before the first probe
    "keepalives_interval": os.environ.get("DJANGO_DB_KEEPALIVES_INTERVAL", "1"),
    "keepalives_count": os.environ.get("DJANGO_DB_KEEPALIVES_COUNT", "2"),
    "tcp_user_timeout": os.environ.get("DJANGO_DB_TCP_USER_TIMEOUT_MS", "4000"),  # unacknowledged data, in ms
}


def postgres_database(url, *, conn_max_age, connect_timeout, defaults=None):
    """A DATABASES entry for a PostgreSQL URL, with libpq's multi-host form (``h1:5432,h2:5432``) that
    dj-database-url refuses. Query parameters (``target_session_attrs``, ``sslmode``, ``keepalives_idle`` …)
    become libpq connection parameters and win over the defaults above."""
    parts = urlsplit(url)
    userinfo, _, hostlist = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    hosts, ports = [], []
    for item in hostlist.split(","):
        if item.startswith("["):  # [::1]:5432
            host, _, rest = item[1:].partition("]")
            port = rest.removeprefix(":")
        else:
            host, _, port = item.partition(":")
        hosts.append(unquote(host))
        ports.append(port or "5432")
    options = {**DATABASE_DEFAULT_OPTIONS, **(defaults or {}), "connect_timeout": str(connect_timeout)}
    options.update({name: values[-1] for name, values in parse_qs(parts.query).items()})
    # A slow query ends with an error (answered as a 503) instead of tying up a worker.
    statement_timeout = f"-c statement_timeout={int(os.environ.get('DJANGO_DB_STATEMENT_TIMEOUT_MS', '10000'))}"
    options["options"] = f"{options['options']} {statement_timeout}" if "options" in options else statement_timeout
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(user),
        "PASSWORD": unquote(password),
        "HOST": ",".join(hosts),
        "PORT": ",".join(ports) if len(set(ports)) > 1 else ports[0],
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def database_from_url(url, *, conn_max_age, connect_timeout, defaults=None):
    if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}:
        return postgres_database(url, conn_max_age=conn_max_age, connect_timeout=connect_timeout, defaults=defaults)
    return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        connect_timeout=int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5")),
    )
}
# Anonymous GET and HEAD requests read the replica, when there is one (replicas/); everything else, and every
# read of a request that wrote, the primary. With a multi-host URL ask for a standby only
# (target_session_attrs=standby): when none answers, the app reads the primary itself and tries again
# REPLICA_RETRY_SECONDS later (replicas.middleware); a prefer-standby connection that landed on the primary counts
# as the replica being away. A short CONN_MAX_AGE moves connections back to the replica soon after it returns.
REPLICA_DATABASE = None
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL: replicas follow a primary.")
    DATABASES["replica"] = database_from_url(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DJANGO_REPLICA_CONN_MAX_AGE", "10")),
        connect_timeout=int(os.environ.get("DJANGO_REPLICA_CONNECT_TIMEOUT", "2")),
        # A replica that stops acknowledging is given up on sooner than the primary: a mistake only costs reading
        # the primary for REPLICA_RETRY_SECONDS, and a request caught on the dead connection waits this long
        # before it is answered from the primary (with a 2 s connect attempt, about 4 s in all).
        defaults={"tcp_user_timeout": os.environ.get("DJANGO_REPLICA_TCP_USER_TIMEOUT_MS", "2000")},
    )
    REPLICA_DATABASE = "replica"
DATABASE_ROUTERS = ["replicas.router.PrimaryReplicaRouter"]
# After a visitor's write (a review, a report, a vote) this signed cookie sends them to the primary and past
# every cache (ours and the CDN's) for a few seconds, so they see what they did at once.
JUST_WROTE_COOKIE = "ef_wrote"
JUST_WROTE_SECONDS = int(os.environ.get("JUST_WROTE_SECONDS", "10"))
# Paths whose GETs always read the primary, whoever asks (the admin's sign-in page has no session yet).
REPLICA_EXCLUDED_PATHS = ["/admin/"]
# How long a process reads only the primary after the replica failed to answer.
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "5"))


def redis_cache(url):
    """The shared cache on Redis at ``url``. A Redis that does not answer costs one request one short timeout;
    then each worker skips it for a while (``pagecache.redis.CircuitBreaker``) and pages come from the database."""
    return {
        "BACKEND": "pagecache.redis.ReusedClientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "eczemafeed",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "circuit_open_seconds": 10},
    }


# Redis when REDIS_URL is set, so rate limits and the page cache hold across gunicorn workers.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Cluster mode (DJANGO_CLUSTER=1): several identical app servers behind a balancer. Nothing may live on one
# server only: the secret key must come from the environment (make serve refuses to invent one; a key per
# machine breaks CSRF, signed forms and the rate-limit hash across servers), and rate limits, the page cache
# and the replica fence need the shared Redis. Migrations run once per deploy (make migrate).
CLUSTER = env_bool("DJANGO_CLUSTER")
if (CLUSTER or REPLICA_DATABASE) and not REDIS_URL:
    raise ImproperlyConfigured(
        "DJANGO_CLUSTER and DATABASE_REPLICA_URL need REDIS_URL: rate limits, cached pages and the replica's fence "
        "must be shared by every app server."
    )
# The page cache and content fragments (pagecache/).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600"))  # {% content_fragment %}
# The CDN in front (pagecache/headers.py, pagecache/tasks.py): how long it and browsers keep public pages, and
# where purges go (Varnish with xkey: PURGE with the tags in xkey-purge / xkey-softpurge). Browsers revalidate
# every time (max-age 0): a purge cannot reach them, and a visitor who just wrote must see it.
CDN_MAX_AGE = int(os.environ.get("CDN_MAX_AGE", "0"))
CDN_S_MAXAGE = int(os.environ.get("CDN_S_MAXAGE", "600"))
CDN_STALE_WHILE_REVALIDATE = int(os.environ.get("CDN_STALE_WHILE_REVALIDATE", "30"))
CDN_STALE_IF_ERROR = int(os.environ.get("CDN_STALE_IF_ERROR", "86400"))
CDN_PURGE_URLS = env_list("CDN_PURGE_URLS")
CDN_PURGE_TIMEOUT = float(os.environ.get("CDN_PURGE_TIMEOUT", "5"))
# Content that can go public (or expire, its unpublish_at) at a set time with no write: the first request after
# that time renews every stored page. Each model's default manager answers next_visibility_change().
PAGE_CACHE_SCHEDULED_MODELS = [
    "articles.Drug",
    "articles.Condition",
    "articles.Treatment",
    "articles.Article",
    "articles.ContentRevision",  # an approved revision scheduled to go live
]


def source_release(root):
    """A short hash of the code that renders pages: every .py file and every template and static file of
    the project (not the tests, the bench or anything installed). Two servers with the same code agree."""
    skipped = {".git", ".venv", "tests", "bench", "staticfiles", "backups", "node_modules", "__pycache__"}
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):  # top-down, in the order of the sorted folders below
        folders[:] = sorted(name for name in folders if name not in skipped and not name.startswith("."))
        relative = Path(folder).relative_to(root)
        for name in sorted(files):
            if name.endswith(".py") or relative.parts[:1] in {("templates",), ("static",)}:
                digest.update(f"{relative / name}\0".encode() + (Path(folder) / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


# The code's version, in every page-cache and fragment key: a deploy never serves what the code before
# it rendered. Set DJANGO_RELEASE (e.g. to the commit) to skip reading the files at start-up.
RELEASE = os.environ.get("DJANGO_RELEASE") or source_release(BASE_DIR)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The site's zone: what the admin shows and accepts (published_at, unpublish_at), the dates pages print,
# "today" for medical reviews due. Stored times stay UTC (USE_TZ).
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a time zone name such as Europe/London.") from error
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# What a request may carry, per surface (eczemafeed/limits.py), checked before its body is read: over the
# size, a 413; over the fields, a 400. Public pages (the review, report and sign-in forms included) get tight
# limits; a staff member's request to the admin gets room for its largest change form (the demo's
# isotretinoin, every inline row included, sends 426 fields and 20 KB) many times over.
REQUEST_LIMITS = {
    "public": {"max_body_bytes": 128 * 1024, "max_fields": 200},
    "staff": {"max_body_bytes": 4 * 1024 * 1024, "max_fields": 10_000},
}
# Django's own limits, its last line behind the middleware: the largest surface's.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_LIMITS["staff"]["max_body_bytes"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = REQUEST_LIMITS["staff"]["max_fields"]
# No page accepts files: a multipart body stops at its first file part, unread.
FILE_UPLOAD_HANDLERS = ["eczemafeed.limits.RefuseFileUploads"]

# Security headers and cookies. HTTPS-only settings switch on outside debug.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Content-Security-Policy: our own files only; inline code needs the per-request nonce
# ({{ csp_nonce }}, which the admin uses), so injected markup cannot run.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Only staff sign in. Their sessions end when the browser closes and at most 8 hours after sign-in.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Admin sign-in throttling (django-axes). Locking the username+address pair, never the username
# alone, means an attacker elsewhere cannot lock a moderator out; the lock lifts after a cool-off.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The worker's own lines (manage.py db_worker sets their level from --verbosity), printed once each.
    "loggers": {
        name: {"handlers": ["console"], "level": "WARNING", "propagate": False}
        for name in ("django.tasks", "django_tasks_db", "worker")
    },
}

# Site-wide facts used by templates (canonical URLs, footer).
SITE_NAME = "EczemaFeed"

# Patient reviews: moderation and anti-abuse thresholds.
REVIEW_MIN_SECONDS = int(os.environ.get("REVIEW_MIN_SECONDS", "3"))  # faster than this is a bot
REVIEW_FORM_MAX_AGE = 6 * 3600  # a form older than this must be reloaded
REVIEW_SPAM_LINK_THRESHOLD = 3  # stories with this many links are marked as likely spam
REVIEW_REPORT_THRESHOLD = int(os.environ.get("REVIEW_REPORT_THRESHOLD", "3"))
# Numbered pages of a treatment's reviews reached by ?page=N (an OFFSET); deeper ones only by Next and Previous.
REVIEW_NUMBERED_PAGES = int(os.environ.get("REVIEW_NUMBERED_PAGES", "100"))
# A search ranks at most this many of the newest public reviews that match it (search.backends.newest_matches):
# ranking reads each review's text again, and a common word ("skin") matches most reviews, 820,000 of the bench's
# million (20–35 s, past the statement timeout). The reviews' results page then says it shows the newest this many.
SEARCH_RANKED_REVIEWS = max(1, int(os.environ.get("SEARCH_RANKED_REVIEWS", "1000")))  # 0 would find no review
REVIEW_SMALL_SAMPLE = 5  # below this many approved reviews, no confident average
OUTCOME_MIN_ANSWERS = 10  # below this many approved answers for an outcome, no share (its interval is too wide)
REVIEW_SUBMISSIONS_PER_HOUR = int(os.environ.get("REVIEW_SUBMISSIONS_PER_HOUR", "5"))
PUBLIC_ACTIONS_PER_HOUR = 60  # reports and helpful votes per visitor
# Every POST to the review form, a report form or a helpful button, kept or not (mistakes included): a ceiling
# against floods, far above what a person sends. The limits above count only what is stored.
PUBLIC_POSTS_PER_HOUR = int(os.environ.get("PUBLIC_POSTS_PER_HOUR", "200"))
# "Report an error" (trust/): stored reports per visitor per hour; every POST also meets the flood ceiling above.
ERROR_REPORTS_PER_HOUR = int(os.environ.get("ERROR_REPORTS_PER_HOUR", "10"))
# Where visitors write to us (the contact page). Set it to a real address before publishing.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "editors@eczemafeed.example")
# Opening a pending review in the admin holds it for its moderator this long (others' "next" skips it).
REVIEW_CLAIM_MINUTES = int(os.environ.get("REVIEW_CLAIM_MINUTES", "10"))
# Where a visitor who reports a serious or severe side effect is pointed to tell the medicines regulator
# (the thanks page). The UK's Yellow Card scheme unless set, e.g. the US FDA's MedWatch:
# ADVERSE_REACTION_SCHEME="MedWatch, the FDA's safety reporting program" and
# ADVERSE_REACTION_SCHEME_URL=https://www.fda.gov/safety/medwatch-fda-safety-information-and-adverse-event-reporting-program
ADVERSE_REACTION_SCHEME = os.environ.get("ADVERSE_REACTION_SCHEME", "the Yellow Card scheme of the MHRA")
ADVERSE_REACTION_SCHEME_URL = os.environ.get("ADVERSE_REACTION_SCHEME_URL", "https://yellowcard.mhra.gov.uk/")

# Read-only JSON API (api/): requests per visitor, counted in the cache.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")

# Background work (worker/): django.tasks with django-tasks-db, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "worker.backends.DatabaseBackend"}}
TASK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("TASK_WORKER_HEARTBEAT_SECONDS", "10"))
TASK_WORKER_STALE_SECONDS = float(os.environ.get("TASK_WORKER_STALE_SECONDS", "60"))  # then its tasks run again
TASK_RETRY_DELAY_SECONDS = int(os.environ.get("TASK_RETRY_DELAY_SECONDS", "30"))  # after a first failure; then doubled
TASK_RETRY_MAX_DELAY_SECONDS = 3600
# A medical reviewer hears of content submitted for review at most once per this interval (each clock hour):
# a submission's task runs at the start of the next one and tells of everything still waiting.
MEDICAL_REVIEW_NOTICE_EVERY = timedelta(hours=1)
# What a service's worker.events.emit(event, ...) enqueues, in the service's transaction. Every path of the
# content workflow (an item or a staged revision of live content) emits the three content events, with
# content_type_id, object_id and, for a revision, revision_id.
TASK_EVENTS = {
    "review-decided": ["notifications.tasks.tell_visitor_about_decision"],
    "content-submitted": [
        {"task": "notifications.tasks.tell_medical_reviewers", "batch": MEDICAL_REVIEW_NOTICE_EVERY},
    ],
    "content-approved": ["notifications.tasks.tell_editor_approved"],
    "content-sent-back": ["notifications.tasks.tell_editor_sent_back"],
}
# Periodic tasks, run by the worker itself (worker/schedule.py): every `every`, counted from a Monday 00:00
# UTC plus `at`.
TASK_SCHEDULE = {
    "content.tasks.publish_due_revisions": {"every": timedelta(minutes=1)},  # approved revisions scheduled to go live
    "notifications.tasks.send_moderation_digest": {"every": timedelta(hours=1)},
    "notifications.tasks.erase_expired_addresses": {"every": timedelta(days=1), "at": timedelta(hours=3)},
    "notifications.tasks.send_review_due_digest": {"every": timedelta(weeks=1), "at": timedelta(hours=7)},  # Mon 07:00
    "worker.tasks.prune_finished_tasks": {"every": timedelta(days=1), "at": timedelta(hours=4)},
}
TASK_RESULT_DAYS = 14  # finished tasks are kept this long in the admin; failed ones twice as long


def mailer_from_url(url):
    """A MAILERS entry from an e-mail URL: ``smtp://user:password@host:25``, ``smtp+tls://…`` (STARTTLS,
    port 587 by default), ``smtps://…`` (TLS from the start, port 465), ``console:`` or ``file:///folder``.
    ``?timeout=10`` sets the SMTP timeout in seconds. User names and passwords are %-encoded."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        return {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": parts.path}}
    if scheme not in {"smtp", "smtp+tls", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(  # the URL itself may hold a password: never repeat it
            f"EMAIL_URL must be smtp://host, smtp+tls://host, smtps://host, console: or file:///folder, not {scheme}:…"
        )
    query = parse_qs(parts.query)
    options = {
        "host": parts.hostname,
        "port": parts.port,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_tls": scheme == "smtp+tls",
        "use_ssl": scheme == "smtps",
        "timeout": float(query["timeout"][0]) if "timeout" in query else 10,
    }
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {name: value for name, value in options.items() if value is not None},
    }


def email_url_from_parts():
    """EMAIL_URL spelled out in parts, for hosts that hand out SMTP settings one by one."""
    if not (host := os.environ.get("SMTP_HOST")):
        return None
    scheme = "smtps" if env_bool("SMTP_SSL") else "smtp+tls" if env_bool("SMTP_TLS") else "smtp"
    user = os.environ.get("SMTP_USER", "")
    login = ""
    if user:
        login = quote(user, safe="") + (":" + quote(os.environ.get("SMTP_PASSWORD", ""), safe="")) + "@"
    port = os.environ.get("SMTP_PORT")
    return f"{scheme}://{login}{host}{':' + port if port else ''}"


# E-mail through Django 6.1's MAILERS (the EMAIL_* settings are deprecated). EMAIL_URL, or SMTP_HOST and its
# friends; with neither, the console in debug and the machine's own mail server (localhost:25) otherwise.
# Tests replace every mailer with the in-memory one.
MAILERS = {
    "default": mailer_from_url(
        os.environ.get("EMAIL_URL") or email_url_from_parts() or ("console:" if DEBUG else "smtp://localhost:25")
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("EMAIL_FROM", "EczemaFeed <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails need the site's own address.
SITE_URL = (
    os.environ.get("DJANGO_SITE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if ALLOWED_HOSTS else "")
).rstrip("/")

# Messages (notifications/).
VISITOR_ADDRESS_DAYS = int(os.environ.get("VISITOR_ADDRESS_DAYS", "30"))  # erased this long after a decision
MODERATION_DIGEST_AFTER_HOURS = int(os.environ.get("MODERATION_DIGEST_AFTER_HOURS", "48"))  # a pending review this old

"""Settings, read from the environment (see the configuration table in README.md).

With no environment at all the portal runs embedded: SQLite under var/, a filesystem broker,
in-process cache. Production sets DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, SECRET_KEY,
ALLOWED_HOSTS and DEBUG=0.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "insecure-demo-key-only-for-local-use"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "captcha",
    "org",
    "workdays",
    "audit",
    "notifications",
    "projects",
    "reviews",
    "referrals",
    "incentives",
    "scoring",
    "aftercare",
    "chains",
    "investors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xianju_invest.urls"
WSGI_APPLICATION = "xianju_invest.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xianju.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after a PostgreSQL restart (or a
        # pooler dropping it) the request reconnects instead of showing an error page.
        # DB_CONN_HEALTH_CHECKS=0 saves that round trip where nothing ever drops connections.
        conn_health_checks=os.environ.get("DB_CONN_HEALTH_CHECKS", "1") == "1",
    )
}
# The embedded database serves a web server and a worker at once (docs/operations.md). The one
# place that knows the database kind (SQLite's setup, PostgreSQL's session options):
# tests/sqlite/test_settings.py reads these back.
# Whether jobs may share chunks out to processes writing at once (the rewards job): not on SQLite,
# which has one writer at a time.
DATABASE_PARALLEL_WRITERS = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["OPTIONS"] = {
        # Readers and the writer never block each other (WAL); with WAL, NORMAL never corrupts the
        # file, a power cut may only lose the last commits.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        # A writer takes the lock at BEGIN and waits for it up to `timeout` seconds (busy_timeout),
        # instead of failing "database is locked" when a deferred transaction upgrades its lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if _sqlite.name != ":memory:":
        # Tests on a file beside the database (not Django's in-memory default): a worker shares it.
        DATABASES["default"]["TEST"] = {"NAME": str(_sqlite.with_name(f"test_{_sqlite.name}"))}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation for the portal's sessions: the league table's queries (a CASE per policy
    # version, correlated subplans) pass jit_above_cost, and compiling them took longer than running
    # them (docs/performance.md, league table). Options given in DATABASE_URL are kept.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = f"{_pg_options.get('options', '')} -c jit=off".strip()
    DATABASE_PARALLEL_WRITERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "org.backends.CachedPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions read from the cache (Redis in production), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: lock the (username, address) pair for a while (the address: see Hardening below).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
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
# Uploads: 10 MB per file is the portal-wide ceiling; apps may set stricter limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
UPLOAD_ALLOWED_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]
# Public referrals: per-address rate limits and the captcha (off only for benchmarks).
REFERRAL_ABUSE_CHECKS = env_bool("REFERRAL_ABUSE_CHECKS", True)
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "xianju_invest.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "xianju"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: an embedded filesystem broker unless CELERY_BROKER_URL says otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (_queue_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # kombu's exchange table: runtime state (else written to ./control/ in the working directory).
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", REDIS_URL or f"file://{VAR_DIR / 'celery-results'}"
)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@xianju-invest.local")

# Seconds a web process gathers committed events into one dispatch message (0: one message each).
NOTIFICATIONS_DISPATCH_WINDOW = float(os.environ.get("NOTIFICATIONS_DISPATCH_WINDOW", "0.25"))

# Group-robot webhook (DingTalk or WeCom); off when unset.
CHAT_WEBHOOK_URL = os.environ.get("CHAT_WEBHOOK_URL", "")
CHAT_WEBHOOK_SECRET = os.environ.get("CHAT_WEBHOOK_SECRET", "")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "xianju2026")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One error shape for every app (xianju_invest/errors.py, docs/api.md).
    "EXCEPTION_HANDLER": "xianju_invest.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xianju Invest API",
    "DESCRIPTION": _("Investment promotion portal of Xianju county"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set that several serializers share.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStateEnum": "projects.enums.ProjectState",
        "ProjectLightEnum": "projects.enums.Light",
        "DecisionOutcomeEnum": "projects.enums.DecisionOutcome",
        "OpinionLightEnum": "reviews.enums.OpinionLight",
        "ReviewOutcomeEnum": "reviews.enums.Outcome",
        "RoundStateEnum": "reviews.enums.RoundState",
        "ReferralStatusEnum": "referrals.enums.ReferralStatus",
        "RequestCategoryEnum": "aftercare.enums.RequestCategory",
        "ProjectCategoryEnum": "projects.enums.Category",
        "RequestStateEnum": "aftercare.enums.RequestState",
        "ProjectKindEnum": "projects.enums.ProjectKind",
        "InvestorKindEnum": "investors.enums.InvestorKind",
        "InteractionKindEnum": "investors.enums.InteractionKind",
        "ProjectSourceEnum": "projects.enums.Source",
        "TargetSourceEnum": "chains.enums.TargetSource",
        "InstallmentStateEnum": "incentives.enums.InstallmentState",
        "FactStateEnum": "incentives.enums.FactState",
        "ChallengeStateEnum": "scoring.enums.ChallengeState",
        "ObjectionStateEnum": "aftercare.enums.ObjectionState",
        "ExtensionStateEnum": "aftercare.enums.ExtensionState",
        "LinkStateEnum": "chains.enums.LinkState",
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Hardening (issue 11): API input, login throttles, the client address, CSP --------------------
# One JSON parser for the whole API: unreadable or too deeply nested bodies are a 400 in Chinese.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "xianju_invest.parsers.JSONParser",
    "rest_framework.parsers.FormParser",
    "xianju_invest.parsers.MultiPartParser",
]
# Login failures are counted per (username, address) and per address across accounts (password
# spraying), each against its own limit; the address is the client's, behind a trusted proxy too.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_HANDLER = "xianju_invest.login_throttle.PairAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "xianju_invest.client.client_address"
# Proxies whose X-Forwarded-For is believed (addresses or networks); empty: the peer is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Content-Security-Policy (xianju_invest/security.py): scripts only from the portal. Styles allow
# inline `style` attributes, which Bootstrap, ECharts and Swagger UI set.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "xianju_invest.security.ContentSecurityPolicyMiddleware",
)
# The API's schema and docs are for signed-in users; Swagger UI is served from the portal itself.
INSTALLED_APPS.append("drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update(
    {
        "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
    }
)

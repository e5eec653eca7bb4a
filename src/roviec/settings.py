"""Django settings, read from the environment.

The defaults give the embedded mode: SQLite and files under ``var/`` beside the
project, DEBUG off unless asked for, so the app runs on one machine with no server.
Production sets DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS and
ROVIEC_HTTPS=1.
"""

from pathlib import Path

import environ

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()

VAR_DIR = Path(env.str("ROVIEC_VAR_DIR", default=str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    """Keep one random key per installation so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key(), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


DEBUG = env.bool("ROVIEC_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "huey.contrib.djhuey",
    "roviec.core",
    "roviec.orgs",
    "roviec.documents",
    "roviec.tasks",
    "roviec.notifications",
    "roviec.reviews",
    "roviec.inspections",
    "roviec.reports",
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
    "roviec.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roviec.urls"
WSGI_APPLICATION = "roviec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roviec.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'roviec.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background job writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "roviec.core.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("ROVIEC_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("ROVIEC_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(env.str("ROVIEC_MEDIA_ROOT", default=str(VAR_DIR / "files")))
# No MEDIA_URL on purpose: uploads are never served from the web root, only
# through views that check the user's scope.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/_no_public_media/"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

ROVIEC_MAX_UPLOAD_BYTES = env.int("ROVIEC_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="roviec@localhost")
# Days the Government moves each year (extra days off, compensatory working Saturdays),
# on top of the public holidays and lunar Tết the calendar knows: comma-separated dates.
ROVIEC_EXTRA_DAYS_OFF = env.list("ROVIEC_EXTRA_DAYS_OFF", default=[])
ROVIEC_EXTRA_WORKING_DAYS = env.list("ROVIEC_EXTRA_WORKING_DAYS", default=[])
# Absolute links in e-mails (e.g. https://roviec.tinhuy.vn); without it e-mails name the page instead.
ROVIEC_SITE_URL = env.str("ROVIEC_SITE_URL", default="")
# Working days a lead unit has to send its first progress report on a task (provincial follow-up rules).
ROVIEC_FIRST_UPDATE_WORKING_DAYS = env.int("ROVIEC_FIRST_UPDATE_WORKING_DAYS", default=5)
# Follow-up schedule, JSON over notifications/rules.py's defaults, e.g.
# {"reminder_offsets": [7, 3, 1], "escalate_after_days": 3, "run_hours": [7, 12, 16]} (docs/deployment.md).
ROVIEC_FOLLOWUP = env.json("ROVIEC_FOLLOWUP", default={})
# Complaint time limits in days by kind, JSON, overriding inspections/limits.py (docs/inspections.md).
ROVIEC_COMPLAINT_LIMITS = env.json("ROVIEC_COMPLAINT_LIMITS", default={})

# Cookies and transport: secure by default whenever the site is served over HTTPS.
HTTPS = env.bool("ROVIEC_HTTPS", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("ROVIEC_SESSION_SECONDS", default=8 * 3600)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("ROVIEC_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env.int("ROVIEC_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "roviec.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("ROVIEC_API_RATE", default="2000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rõ Việc API",
    "DESCRIPTION": "Đơn vị, văn bản, nhiệm vụ và báo cáo tiến độ, theo phạm vi của người dùng.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" field; give each enum its own name.
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "roviec.orgs.models.OrgUnit.Kind",
        "DocumentRelationKindEnum": "roviec.documents.models.DocumentRelation.Kind",
        "InspectionKindEnum": "roviec.inspections.models.ItemKind",
        "FindingKindEnum": "roviec.inspections.models.Finding.Kind",
        "ComplaintKindEnum": "roviec.inspections.models.Complaint.Kind",
        "ComplaintStatusEnum": "roviec.inspections.models.Complaint.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("ROVIEC_LOG_LEVEL", default="WARNING")},
}

# Background jobs (reminders, escalations, long ingestion) run on huey: embedded
# with a SQLite queue under var/ by default (``roviec serve`` starts the worker
# in-process), or on Redis in production with ROVIEC_JOBS_URL=redis://...
JOBS_URL = env.str("ROVIEC_JOBS_URL", default="")
HUEY = {
    "name": "roviec",
    "immediate": env.bool("ROVIEC_JOBS_IMMEDIATE", default=False),
    "utc": True,
    "consumer": {"workers": env.int("ROVIEC_JOB_WORKERS", default=2), "worker_type": "thread"},
}
if JOBS_URL.startswith("redis"):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": JOBS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")})

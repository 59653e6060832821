"""Settings for Cuizhai Works, read from the environment (twelve-factor).

Development needs nothing set: SQLite under var/ and a throw-away secret key. Production
(DJANGO_DEBUG off) refuses to start without a real DJANGO_SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# The .env file is read only on request: the one Docker Compose uses points DATABASE_URL at
# the "db" container, which must not leak into `make test` or `make demo` on the same checkout.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False) and (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

_INSECURE_KEY_PREFIX = "django-insecure-"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production mode)."
        )
    SECRET_KEY = _INSECURE_KEY_PREFIX + "development-only-key-never-use-in-production-0123456789"
elif not DEBUG and (SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use 50+ random characters."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "cuizhai.core.base.admin.apps.CuizhaiAdminConfig",  # django.contrib.admin, ordered
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "corsheaders",
    "csp",
]
LOCAL_APPS = [
    "cuizhai.core",
    "projects",
    "resettlement",
    "safety",
    "partybuilding",
    # After the four apps: it reads their summaries.
    "cuizhai.reports",
]
# Pages that read the business apps through their API and own no records.
PAGE_APPS = [
    "cuizhai.dashboard",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS + PAGE_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so that a dashboard's preflight is answered as CORS expects.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cuizhai.core.middleware.OfficeLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cuizhai.urls"
WSGI_APPLICATION = "cuizhai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cuizhai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cuizhai.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections serve gunicorn's few long-lived workers; the development
    # server opens a thread (and so a connection) per request, which would pile up against
    # the server's connection limit if each were kept.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int(
        "DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: the
    # correlated subqueries of the lists, exports and summaries inflate the estimates far
    # past it, and compiling took 0.2-3 s for queries that run in 40-700 ms (EXPLAIN
    # ANALYZE on generated data: the hazards CSV 3.96 s with JIT, 0.72 s without; the
    # training sessions' aggregates 314 ms, 38 ms). Off unless DATABASE_JIT=1.
    if not env.bool("DATABASE_JIT", default=False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under a few concurrent users: readers do not block the writer
    # (WAL), a writer takes its lock when its transaction starts rather than failing when it
    # upgrades a read lock (IMMEDIATE), and a busy database is waited for, not an error.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # SQLite builds the attendances' covering index (person INCLUDE session, hours) without
    # its INCLUDE columns: still an index by person, as the embedded database needs; the
    # warning would greet every newcomer's `make demo`.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Simplified Chinese by default; English offered through the admin's language switch
# or the Accept-Language header.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
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
# Uploads. Evidence files (photos, documents) larger than this are refused, as are more files
# in one workflow step, or more bytes of files in one request, than these. The first upload
# handler stops storing a file as soon as it passes a limit (README: Security). Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE stays at its default (2.5 MB): it caps a request's body
# *without* its uploaded files (JSON, form fields).
CUIZHAI_MAX_UPLOAD_BYTES = env.int("CUIZHAI_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
CUIZHAI_MAX_FILES_PER_ACTION = env.int("CUIZHAI_MAX_FILES_PER_ACTION", default=10)
CUIZHAI_MAX_REQUEST_UPLOAD_BYTES = env.int(
    "CUIZHAI_MAX_REQUEST_UPLOAD_BYTES", default=50 * 1024 * 1024
)
FILE_UPLOAD_HANDLERS = [
    "cuizhai.core.base.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Excel/CSV imports through the browser: the file's size, an xlsx's unpacked size (a zip
# bomb is refused before it is opened), rows and columns. Larger files are for the command
# line. An uploaded file waits for its confirmation in a private folder, and is deleted on
# confirmation, on cancellation or after CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS.
CUIZHAI_IMPORT_MAX_BYTES = env.int("CUIZHAI_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
CUIZHAI_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "CUIZHAI_IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024
)
CUIZHAI_IMPORT_MAX_ROWS = env.int("CUIZHAI_IMPORT_MAX_ROWS", default=2000)
CUIZHAI_IMPORT_MAX_COLUMNS = env.int("CUIZHAI_IMPORT_MAX_COLUMNS", default=100)
CUIZHAI_IMPORT_UPLOAD_DIR = env.path(
    "CUIZHAI_IMPORT_UPLOAD_DIR", default=str(VAR_DIR / "import-uploads")
)
CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS = env.int("CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS", default=4)
# Exports (CSV/XLSX of a list): more rows than this are refused before anything is sent
# ("narrow the filters"); an export still running after the time limit stops and says so
# (keep it below GUNICORN_TIMEOUT, else the worker is killed mid-file).
CUIZHAI_EXPORT_MAX_ROWS = env.int("CUIZHAI_EXPORT_MAX_ROWS", default=500_000)
CUIZHAI_EXPORT_TIME_LIMIT_SECONDS = env.int("CUIZHAI_EXPORT_TIME_LIMIT_SECONDS", default=100)
# Closed-loop items due within this many hours show as "due soon" (yellow).
CUIZHAI_DUE_SOON_HOURS = env.int("CUIZHAI_DUE_SOON_HOURS", default=24)
# The dashboard's wall-screen mode fetches its figures again every this many seconds.
CUIZHAI_DASHBOARD_REFRESH_SECONDS = env.int("CUIZHAI_DASHBOARD_REFRESH_SECONDS", default=300)
# Key of the hashes that personal values (ID numbers) are searched by. Empty: derived from
# SECRET_KEY — then a new SECRET_KEY needs `manage.py rehash_personal_data`.
CUIZHAI_PERSONAL_HASH_KEY = env.str("CUIZHAI_PERSONAL_HASH_KEY", default="")

# The cache. With CACHE_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0, Redis serves
# every worker: the API's rate limits and, under the "records" alias, summaries and large
# list counts kept until the next write (cuizhai.core.base.cache). Without it, nothing is
# needed: rate limits count per process in memory, and summaries are computed per request.
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if CACHE_URL:
    _redis = {"BACKEND": "cuizhai.core.base.redis_cache.RedisCache", "LOCATION": CACHE_URL}
    CACHES = {"default": {**_redis, "KEY_PREFIX": "cuizhai"},
              "records": {**_redis, "KEY_PREFIX": "cuizhai-records"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
              # A memory cache would not see another worker's writes: keep nothing.
              "records": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# How long a cached summary may serve for what changes with the clock alone (an item that
# becomes overdue); any write shows at once.
CUIZHAI_CACHE_SECONDS = env.int("CUIZHAI_CACHE_SECONDS", default=60)
# A list's exact count is cached (until the next write) from this many rows on.
CUIZHAI_CACHED_COUNT_FROM = env.int("CUIZHAI_CACHED_COUNT_FROM", default=10000)

REST_FRAMEWORK = {
    # Token first: an unauthenticated request then gets 401 with "WWW-Authenticate: Token"
    # (a dashboard can tell a bad token from a missing permission, which stays 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cuizhai.core.base.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cuizhai.core.base.api.permissions.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "cuizhai.core.base.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [
        "cuizhai.core.base.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cuizhai.core.base.api.negotiation.ExportNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "cuizhai.core.base.api.ordering.StableOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "cuizhai.core.base.api.export.CSVRenderer",
        "cuizhai.core.base.api.export.XLSXRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "cuizhai.core.base.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "cuizhai.core.base.api.exceptions.exception_handler",
    # Anonymous callers (password or token guessing) and each account are rate-limited.
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's, counted in Redis in one round trip and leased to workers in batches.
        "cuizhai.core.base.api.throttling.AnonRateThrottle",
        "cuizhai.core.base.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        # An empty value switches a limit off (the load run of make bench-load).
        "anon": env.str("API_THROTTLE_ANON", default="60/minute") or None,
        "user": env.str("API_THROTTLE_USER", default="3000/minute") or None,
        # Wrong tokens from one address (token guessing), counted before authentication.
        "failed_token": env.str("API_THROTTLE_FAILED_TOKEN", default="20/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Cuizhai Works API",
    "DESCRIPTION": "崔寨街道重点工作管理系统 API — projects, resettlement, safety, party building.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs describe every resource: for holders of a role only.
    "SERVE_PERMISSIONS": ["cuizhai.core.base.api.permissions.HasRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tag operations by app (core, projects, …) rather than all under "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Choice sets that several fields share, or whose field name ("kind") others use too.
    "ENUM_NAME_OVERRIDES": {
        "PersonKindEnum": "cuizhai.core.choices.PersonKind",
        "PartyOrganisationKindEnum": "partybuilding.choices.OrganisationKind",
        "TrainingKindEnum": "partybuilding.choices.TrainingKind",
        "CollectiveAssetProblemKindEnum": "partybuilding.choices.CollectiveAssetProblemKind",
        "ReportPeriodKindEnum": "cuizhai.reports.choices.PeriodKind",
        "ProgressReportStatusEnum": "cuizhai.reports.choices.ReportStatus",
    },
}

# Dashboards hosted on another origin read the API with a token (never cookies). Off unless
# origins are listed.
CORS_ALLOWED_ORIGINS = env.list("DJANGO_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Content-Disposition"]

# Content-Security-Policy (django-csp): scripts, styles, images and connections from this
# site only — the admin, the API docs (Swagger UI from drf-spectacular-sidecar) and the
# browsable API all work under it. Inline style attributes stay allowed: Django's admin
# and our list badges use them; inline scripts do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page of ours uses these features.
PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": [], "camera": [], "display-capture": [],
    "geolocation": [], "gyroscope": [], "magnetometer": [], "microphone": [],
    "payment": [], "usb": [],
}

LOGIN_URL = "admin:login"
# Where a login lands when its ?next= is missing or refused (another site's address).
LOGIN_REDIRECT_URL = "admin:index"

# An office PC left unlocked: the session ends after this much idleness (each request
# starts the count again).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# ...whose clock the store writes at most once a minute (cuizhai.core.sessions): an
# unchanged session is not written back on every request.
SESSION_ENGINE = "cuizhai.core.sessions"
SESSION_IDLE_REFRESH_SECONDS = env.int("DJANGO_SESSION_IDLE_REFRESH_SECONDS", default=60)

# Password guessing: after this many failed logins an account (and, separately, an address)
# is locked for the cool-off time. django-axes counts in the database; a successful login
# resets the account's count.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = env.list(
    "DJANGO_LOGIN_LOCKOUT_BY", default=["username", "ip_address"]
)
# Behind a reverse proxy (Docker Compose's setup) every request comes from the proxy: give
# the number of proxies in front, and the client's address is read from X-Forwarded-For.
_TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
if _TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = _TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # ID numbers and mobile numbers are masked in every line, whoever logs them.
    "filters": {"personal_data": {"()": "cuizhai.core.base.logs.PersonalDataLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint (the progress reports' PDF) logs each layout step at INFO and each CSS rule
    # it skips at WARNING.
    "loggers": {"weasyprint": {"level": "ERROR"}},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The container's healthcheck asks over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # Cookies only over HTTPS. A trial on a LAN without TLS must turn this off (and the
    # redirect and HSTS), knowing that passwords and sessions then cross the network in clear.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    X_FRAME_OPTIONS = "DENY"

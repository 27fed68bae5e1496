"""Kongsi settings, read from the environment.

Defaults run the demo on SQLite with Celery tasks executed eagerly, so
``make run`` needs no services. Set DATABASE_URL and REDIS_URL for the real
services (PostgreSQL, Redis, a Celery worker and beat).
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# The fallback key only ever serves local development and tests; check --deploy
# flags it, and production must set SECRET_KEY.
SECRET_KEY = env_str(
    "SECRET_KEY", "django-insecure-kongsi-local-development-key-change-me"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Kongsi, in dependency order (each app only imports the ones above it).
    "community",
    "ledger",
    "catalog",
    "orders",
    "settlements",
    "returns",
    "imports",
    "charity",
    "training",
    "insights",
    "demo",
    # Last: its triggers watch the tables of the apps above (pagecache/watch.py).
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before the CSP: a policy on a script or stylesheet does
    # nothing but cost ~200 bytes on every file of a phone's first visit.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Pages and API answers gzipped (WhiteNoise above serves static files
    # precompressed). Django adds random bytes against BREACH; see README.
    "django.middleware.gzip.GZipMiddleware",
    # ETag from the body, 304 for If-None-Match: a page served from the page
    # cache is byte-identical, so a phone that has it gets 304 and no body.
    "django.middleware.http.ConditionalGetMiddleware",
    "community.middleware.UploadSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "community.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the CSRF check: a repeated write answers with its first result.
    "community.request_once.RequestOnceMiddleware",
    # Innermost but for axes: a cached member page still passes every outer
    # middleware (headers, CSP, CSRF cookie, compression) as a fresh one does.
    "pagecache.middleware.PageCacheMiddleware",
    # Axes last: it turns repeated failed logins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "community.context_processors.kongsi",
            ],
            "builtins": ["community.templatetags.kongsi"],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR
    )
}
# Keep each worker's database connection for a minute instead of opening one
# per request (a PostgreSQL connect costs more than most of our pages' queries).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if env_str("KONGSI_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env_str("KONGSI_TEST_DB_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# The cache may live in its own Redis database (CACHE_URL); by default it shares
# REDIS_URL. Without Redis each process keeps a small cache of its own.
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            # Redis errors read as misses (community/cache.py): cache down ≠ site down.
            "BACKEND": "community.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kongsi",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database only, so signing in and every page keep working
# while Redis is down (the cache holds nothing that cannot be computed again).
SESSION_ENGINE = "community.sessions"

_VALIDATORS_MODULE = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS_MODULE}.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the member row in the same query.
    "community.auth.MemberModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "community:home"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed logins lock the username for a while (django-axes).
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Lock the username from that address: villagers often share one carrier NAT
# address, so an address alone must not lock out the whole village.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "community.views.lockout"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Public media (catalog photos) is served at MEDIA_URL; private media (labels,
# transfer proofs, return photos, evidence) lives apart and is only ever served
# by views that check who is asking.
KONGSI_PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
KONGSI_SERVE_MEDIA = env_bool("KONGSI_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "public", "base_url": MEDIA_URL},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": KONGSI_PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("KONGSI_PLAIN_STATIC")
            else "community.staticfiles.TrimmedCompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Nothing of ours is read from another site: no CORS header on every file.
WHITENOISE_ALLOW_ALL_ORIGINS = False
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: a photo or label is at most 5 MB; a bank statement at most 10 MB; a
# request body above KONGSI_MAX_REQUEST_BYTES is refused with 413 before parsing.
KONGSI_MAX_IMAGE_BYTES = env_int("KONGSI_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
KONGSI_MAX_IMAGE_PIXELS = env_int("KONGSI_MAX_IMAGE_PIXELS", 25_000_000)
KONGSI_MAX_DOCUMENT_BYTES = env_int("KONGSI_MAX_DOCUMENT_BYTES", 5 * 1024 * 1024)
KONGSI_MAX_STATEMENT_BYTES = env_int("KONGSI_MAX_STATEMENT_BYTES", 10 * 1024 * 1024)
# Marketplace order/income exports (imports app): bytes and data rows.
KONGSI_MAX_IMPORT_BYTES = env_int("KONGSI_MAX_IMPORT_BYTES", 10 * 1024 * 1024)
KONGSI_IMPORT_MAX_ROWS = env_int("KONGSI_IMPORT_MAX_ROWS", 20_000)
KONGSI_MAX_REQUEST_BYTES = env_int("KONGSI_MAX_REQUEST_BYTES", 30 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Business rules.
ORDER_PAYMENT_HOURS = env_int("ORDER_PAYMENT_HOURS", 48)
SETTLEMENT_EXPIRY_HOURS = env_int("SETTLEMENT_EXPIRY_HOURS", 72)
UNIQUE_CODE_TO_CHARITY = env_bool("UNIQUE_CODE_TO_CHARITY", default=True)
KONGSI_LOW_STOCK = env_int("KONGSI_LOW_STOCK", 5)
# A member's own pages are served from the cache while the database's versions
# of what they show are unchanged (pagecache/); at most this many seconds, since
# deadlines and "x hari lagi" age by the clock.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 120)
KONGSI_STALLED_DAYS = env_int("KONGSI_STALLED_DAYS", 14)

# Security. Production runs with DEBUG off behind TLS; check --deploy is clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'", "https://wa.me"],
}

# Email: SMTP in production (EMAIL_HOST …), the console while developing.
EMAIL_BACKEND_CLASS = env_str(
    "EMAIL_BACKEND_CLASS",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_CLASS}}
if EMAIL_BACKEND_CLASS.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kongsi@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "community.api_base.KongsiPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "community.api_base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kongsi API",
    "DESCRIPTION": "REST API v1 of the Kongsi village dropship community.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        # Member status appears in several serializers; one name for all of them.
        "MemberStatusEnum": "community.models.Member.Status",
    },
}

# Celery: with REDIS_URL a real broker and worker; without, tasks run eagerly in
# the web process so `make run` needs no services.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or env_bool("CELERY_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # with the outbox sweep: at least once, idempotent tasks
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died (acks late) goes back to its queue after this many
# seconds; keep it longer than the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 1,
}
# Fail fast when Redis is down: a request sends its task once and leaves it to
# the outbox sweep (community/outbox.py) instead of retrying for many seconds.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
# The worker itself waits for Redis to come back however long it takes.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30
# Outbox sweep: resend work never sent after 2 min, sent but not done after 15.
KONGSI_OUTBOX_RETRY_SECONDS = env_int("KONGSI_OUTBOX_RETRY_SECONDS", 120)
KONGSI_OUTBOX_RESEND_SECONDS = env_int("KONGSI_OUTBOX_RESEND_SECONDS", 900)
KONGSI_OUTBOX_MAX_ATTEMPTS = env_int("KONGSI_OUTBOX_MAX_ATTEMPTS", 10)
KONGSI_OUTBOX_KEEP_DAYS = env_int("KONGSI_OUTBOX_KEEP_DAYS", 30)
_SWEEP = float(env_int("KONGSI_OUTBOX_SWEEP_SECONDS", 60))  # beat's sweep interval
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "community-request-once-purge": {
        "task": "community.tasks.request_once_purge_task",
        "schedule": crontab(minute=7),
    },
    "orders-cancel-unpaid": {
        "task": "orders.tasks.order_cancel_unpaid_task",
        "schedule": crontab(minute="*/15"),
    },
    "settlements-expire": {
        "task": "settlements.tasks.settlement_expire_task",
        "schedule": crontab(minute="*/15"),
    },
    "orders-ship-by-morning": {
        "task": "orders.tasks.ship_by_morning_task",
        "schedule": crontab(minute=0, hour=6),
    },
    "training-promo-reminders": {
        "task": "training.tasks.promo_reminder_task",
        "schedule": crontab(minute="*/5"),
    },
    "outbox-sweep": {"task": "community.tasks.outbox_sweep_task", "schedule": _SWEEP},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

"""One settings module, driven by the environment (see README: Configuration)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a development key).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "auditlog",
    "core",
    "reference",
    "accounts",
    "enterprises",
    "assessment",
    "benchmarking",
    "actions",
    "reports",
    "providers",
    "evidence",
    "cohorts",
    "onboarding",
    "matching",
    "api",
    "audit",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "core.middleware.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.JobSweepMiddleware",
    "audit.middleware.AuditMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
# A read replica (streaming replication of the primary): the dashboards' and the cohort
# aggregates' reads go to it (core/db_routers.py); in tests it mirrors the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA_ALIAS = "replica" if "replica" in DATABASES else ""
DATABASE_ROUTERS = ["core.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.ExternalIdentityBackend",
]
# Passwords (等保 2.0): at least 10 characters from three of the four classes, unlike the
# username or e-mail, not a common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"
# A session ends after this many idle minutes: administrators and staff, everyone else.
SESSION_IDLE_MINUTES_ADMIN = env.int("SESSION_IDLE_MINUTES_ADMIN", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
# Second factor (django-otp): the name authenticator apps show next to the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="智评")
# Login history kept at least this many days (python manage.py purge_login_events).
LOGIN_HISTORY_DAYS = env.int("LOGIN_HISTORY_DAYS", default=180)
# Single sign-on (OpenID Connect, 统一身份认证) beside passwords: on when OIDC_ISSUER and
# OIDC_CLIENT_ID are set (discovery at OIDC_ISSUER/.well-known/openid-configuration).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
# The claim carrying the enterprise's 统一社会信用代码 (empty: none is read), and what is
# done with it (a dotted path: accounts sits below enterprises).
OIDC_CREDIT_CODE_CLAIM = env.str("OIDC_CREDIT_CODE_CLAIM", default="")
OIDC_CREDIT_CODE_HANDLER = "enterprises.services.membership_by_credit_code"
# A provider that asserts multi-factor authentication (amr contains "mfa" or "otp") stands
# in for the site's own second factor; off, administrators always present it here too.
OIDC_ACCEPT_PROVIDER_MFA = env.bool("OIDC_ACCEPT_PROVIDER_MFA", default=True)

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
# The client's address (core.client.client_address): behind BEHIND_PROXY=1, PROXY_COUNT
# proxies that each append to X-Forwarded-For; otherwise REMOTE_ADDR.
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"

# Throttles (core.throttle) and the job sweep count in this cache: with several processes
# it must be shared (CACHE_URL=redis://host:6379/2, a database of its own).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English")), ("zh-hant", _("繁体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))


def s3_storage(*, bucket: str, endpoint_url: str, access_key: str, secret_key: str, region: str):
    """The default storage in an S3-compatible object store (django-storages, boto3).
    Objects are private: no ACL is sent (the bucket's own, private by default, applies)
    and files are only served through the views that check access."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region or None,
            "addressing_style": "path" if endpoint_url else None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


# Reports, cohort exports and evidence files: the local file system under MEDIA_ROOT by
# default; with S3_BUCKET set, an S3-compatible object store shared by every web and worker
# machine (README: File storage).
S3_BUCKET = env.str("S3_BUCKET", default="")
STORAGES = {
    "default": (
        s3_storage(
            bucket=S3_BUCKET,
            endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
            access_key=env.str("S3_ACCESS_KEY", default=""),
            secret_key=env.str("S3_SECRET_KEY", default=""),
            region=env.str("S3_REGION", default=""),
        )
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files attached to answers: the limit per file and per assessment (bytes).
EVIDENCE_MAX_FILE_BYTES = env.int("EVIDENCE_MAX_FILE_BYTES", default=10 * 1024 * 1024)
EVIDENCE_MAX_ASSESSMENT_BYTES = env.int("EVIDENCE_MAX_ASSESSMENT_BYTES", default=100 * 1024 * 1024)

# Audit trail (django-auditlog): changes to these models, plus the reads that
# AUDIT_ACCESS_VIEWS lists (audit.middleware), with actor, time and client address. Entries
# are kept at least AUDIT_LOG_DAYS days (never fewer than 180: python manage.py
# purge_audit_log).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "assessment.Assessment",
    "assessment.Answer",
    "assessment.Target",
    "reports.Report",
    "evidence.Evidence",
    "enterprises.Enterprise",
    "enterprises.Membership",
    "accounts.AdminRole",
    {"model": "onboarding.ImportBatch", "exclude_fields": ["rows", "errors"]},
)
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDIT_LOG_DAYS = max(env.int("AUDIT_LOG_DAYS", default=180), 180)
# URL name: (model, URL argument holding its key); "cohort" is the park or province the
# URL's `kind` names. A successful response records a read of that object.
AUDIT_ACCESS_VIEWS = {
    "reports:detail": ("reports.Report", "pk"),
    "reports:pdf": ("reports.Report", "pk"),
    "evidence:download": ("evidence.Evidence", "pk"),
    "cohorts:job_download": ("cohorts.CohortJob", "job_pk"),
    "cohorts:export_csv": ("cohort", "pk"),
    "onboarding:import_preview": ("onboarding.ImportBatch", "batch_pk"),
}

WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@dtmaturity.local")

# Security: strict when DEBUG is off (python manage.py check --deploy reports nothing).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Only behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from
# clients): otherwise anyone could claim to be on HTTPS.
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies append to X-Forwarded-For in front of the application.
PROXY_COUNT = env.int("PROXY_COUNT", default=1) if env.bool("BEHIND_PROXY", default=False) else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Celery: with REDIS_URL unset, tasks run in-process (eagerly) so `make run` needs no broker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
# The job rows hold the state: no result is stored, and sending subscribes to nothing.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Limits of the worker that runs a task (never copied into messages by the sender).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# A broker that does not answer fails a send within seconds (the job row stays queued);
# an unacknowledged message comes back after the visibility timeout, longer than any task
# (the sweeper recovers the job well before that).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 300,
    "socket_connect_timeout": 2,
    "max_retries": 0,
}
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Background jobs (core.jobs): a running job without progress for JOBS_STALE_SECONDS was
# left by a dead worker and is queued again; a job queued for JOBS_QUEUED_SECONDS is sent
# again (its message was lost, or the broker was down). The sweeper runs every
# JOBS_SWEEP_SECONDS in Celery beat, or in-process on requests when tasks run eagerly.
JOBS_STALE_SECONDS = env.int("JOBS_STALE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
JOBS_QUEUED_SECONDS = env.int("JOBS_QUEUED_SECONDS", default=60)
JOBS_SWEEP_SECONDS = env.int("JOBS_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {"task": "core.tasks.sweep_jobs", "schedule": JOBS_SWEEP_SECONDS},
    "peer-snapshots": {"task": "benchmarking.tasks.refresh_peer_snapshots", "schedule": 3600},
    # Action plans: due and overdue reminders, monthly summaries, new-round reminders (each
    # e-mail recorded once, so the hourly run sends it on the first run after it is due).
    "action-reminders": {"task": "actions.tasks.send_action_reminders", "schedule": 3600},
}
# The site's address in links of e-mails sent by background jobs (no request to read it from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The data interface (/api/v1/): bearer tokens only (no session, no CSRF), JSON only,
# API_RATE_LIMIT calls per token (DRF throttling: a 429 with Retry-After beyond it).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env.str("API_RATE_LIMIT", default="120/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dtmaturity API",
    "DESCRIPTION": "Cohort figures, enterprises, reports and enterprise-list imports of a "
    "park or province, for the provincial and national platforms.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI's scripts and styles are the site's static files (api.views.SwaggerView),
    # never a CDN's.
    "SWAGGER_UI_DIST": "/static/api/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/api/swagger-ui/favicon-32x32.png",
    # No call to the public validator service either.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

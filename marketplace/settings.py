"""Caravan settings: one module, every environment-dependent value from the
environment (see .env.example). With no DATABASE_URL / REDIS_URL it runs on the
embedded default: SQLite, a filesystem Celery broker and a file cache."""

import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime data of the embedded default (SQLite file, broker queue, media, keys).
VAR_DIR = Path(env("CARAVAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """A random key kept in VAR_DIR, for machines that set no SECRET_KEY."""
    from django.core.management.utils import get_random_secret_key

    path = VAR_DIR / "secret_key.txt"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS in production: HTTPS=true turns every transport-security setting on.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "marketplace.error_views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Enforced, nonce-based: no inline script or style anywhere (page code is static/js/caravan.js,
# htmx runs with allowEval off), so an injected <script> or style="" does nothing. The nonce is
# only ever rendered outside the cached storefront fragments (marketplace/pagecache.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # data: for the admin's and Swagger UI's small inline icons
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],  # the admin previews a seller's PDF document in an <iframe>
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Features no page of Caravan uses, switched off for it and anything it could embed.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],  # until the payment provider's page needs it
    "usb": [],
    "interest-cohort": [],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_countries",
    "djmoney",
    "django_htmx",
    "axes",
    "csp",
    # Caravan
    "marketplace",
    "sellers",
    "buyers",
    "listings",
    "orders",
    "escrow",
    "translation",
    "logistics",
    "messaging",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "marketplace.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After auth: a logged-in person's saved language beats the cookie/header.
    "marketplace.middleware.PreferencesMiddleware",
    # After the language is known: an overlong URL gets the 414 page in the reader's language.
    "marketplace.middleware.UrlLengthMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "marketplace.context_processors.preferences",
                "listings.context_processors.navigation",
                "messaging.context_processors.messaging",
                "orders.context_processors.cart",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # How close a word must be to count as a typo in search (listings.search.postgres): pg_trgm's
        # default of 0.6 misses one-letter typos of short words ("sweter"/"sweater" is 0.5); below 0.5
        # long words match other words ("veraniegos"/"verano" is 0.45).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.5"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "caravan.sqlite3",
            "OPTIONS": {
                # web, worker and beat share the file: WAL and a busy timeout.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ATOMIC_REQUESTS = False

# --- cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# --- users and authentication ----------------------------------------------
AUTH_USER_MODEL = "marketplace.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
LOGOUT_REDIRECT_URL = "home"

# Failed log-ins lock one account from one address (AXES_FAILURE_LIMIT), so a flood of
# wrong passwords on a throwaway account does not lock everyone behind the same address;
# the address as a whole has its own, higher ceiling (marketplace.security.LoginAttemptHandler).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=20)
CARAVAN_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "marketplace.security.LoginAttemptHandler"
# The log-in form and the token API both authenticate(username=<email>); axes would look for
# `email` (USERNAME_FIELD), find nothing and count every failure against the address alone.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "marketplace.security.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "marketplace.security.lockout_response"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
# The site's public address, for links in emails.
CARAVAN_SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Caravan <no-reply@caravan.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- internationalisation ----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ru", "Русский"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("tr", "Türkçe"),
    ("pt-br", "Português (Brasil)"),
    ("fr", "Français"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- the marketplace's rules: money, escrow, shipping, translation, import, orders -----
# Their numbers (DESIGN.md §2) live in marketplace/rules.py, read into these settings here.
from .rules import *  # noqa: E402, F403

# --- payments and escrow (escrow/: gateway adapters, the sandbox gateway, webhooks) ---------
# Gateway adapters by code (escrow.gateways.gateway_get); new payments use the default one (below).
CARAVAN_PAYMENT_GATEWAYS = {"sandbox": "escrow.gateways.sandbox.adapter.SandboxGateway"}
# A webhook whose signed timestamp is further than this from now is refused (replay window).
CARAVAN_WEBHOOK_TOLERANCE_SECONDS = 300
# The built-in sandbox gateway: its webhook signing secret, the merchant name its pay page shows,
# how long an instant-payment (QR) or bank-transfer payment waits before the simulated scheme
# confirms it, and how its webhook deliveries retry (backoff doubles from the base, capped).
CARAVAN_SANDBOX_WEBHOOK_SECRET = env("SANDBOX_WEBHOOK_SECRET", default="whsec_caravan_sandbox_not_a_real_secret")
CARAVAN_SANDBOX_MERCHANT_NAME = "Caravan Marketplace"
CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS = env.int("SANDBOX_ASYNC_CONFIRM_SECONDS", default=60)
CARAVAN_SANDBOX_WEBHOOK_MAX_ATTEMPTS = 8
CARAVAN_SANDBOX_WEBHOOK_BACKOFF_SECONDS = env.int("SANDBOX_WEBHOOK_BACKOFF_SECONDS", default=5)
CARAVAN_SANDBOX_WEBHOOK_BACKOFF_MAX_SECONDS = 600
CARAVAN_SANDBOX_WEBHOOK_TIMEOUT_SECONDS = 10
# Stripe (escrow/gateways/stripe/: Checkout over Stripe's HTTP API), configured only when both its secret
# API key and its webhook endpoint's signing secret are set; its webhooks go to
# /api/v1/payments/webhooks/stripe/. The API base is Stripe's (a test points it at a local fake), the
# version pins the request and response shapes the adapter reads.
CARAVAN_STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
CARAVAN_STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
CARAVAN_STRIPE_API_BASE = env("STRIPE_API_BASE", default="") or "https://api.stripe.com"
CARAVAN_STRIPE_API_VERSION = env("STRIPE_API_VERSION", default="") or "2024-06-20"
CARAVAN_STRIPE_TIMEOUT_SECONDS = env.int("STRIPE_TIMEOUT", default=20)
if CARAVAN_STRIPE_SECRET_KEY and CARAVAN_STRIPE_WEBHOOK_SECRET:
    CARAVAN_PAYMENT_GATEWAYS["stripe"] = "escrow.gateways.stripe.adapter.StripeGateway"
# The gateway new payments use (PAYMENT_GATEWAY=stripe once Stripe is configured).
CARAVAN_PAYMENT_GATEWAY_DEFAULT = env("PAYMENT_GATEWAY", default="sandbox")
if CARAVAN_PAYMENT_GATEWAY_DEFAULT not in CARAVAN_PAYMENT_GATEWAYS:
    raise ImproperlyConfigured(
        f"PAYMENT_GATEWAY={CARAVAN_PAYMENT_GATEWAY_DEFAULT!r} is not a configured gateway "
        f"({', '.join(CARAVAN_PAYMENT_GATEWAYS)}); Stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET."
    )

# --- static and media ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request if it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Seller documents: never under MEDIA_ROOT, never served by URL.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.bool("STATIC_NO_MANIFEST", default=False):  # tests skip collectstatic
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=False)

# --- API ------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF answers a caller with no credentials 401 with the first class's
    # WWW-Authenticate challenge (`Token`); with session first it could only say 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "marketplace.api.authentication.PreferencesTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    # A view's throttle_scope, counted per address in the default cache (Redis in production,
    # so all web processes share one count). `auth`: sign-up and token, API and HTML form alike.
    "DEFAULT_THROTTLE_CLASSES": ["marketplace.api.throttling.ScopedRateThrottle"],
    # The client address is REMOTE_ADDR unless proxies are declared: a spoofed X-Forwarded-For
    # must not buy a fresh allowance (DRF trusts that header when this is unset).
    "NUM_PROXIES": env.int("AXES_PROXY_COUNT", default=0),
    "DEFAULT_THROTTLE_RATES": {"auth": env("AUTH_THROTTLE_RATE", default="30/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Caravan API",
    "DESCRIPTION": "The Caravan marketplace API: buyers, sellers and their trades.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marketplace.api.schema.document_common_errors",
    ],
}

# --- Celery -----------------------------------------------------------------------
CELERY_VISIBILITY_TIMEOUT = 3600
# Every countdown/eta must stay below the visibility timeout, or Redis
# redelivers the task while it still waits (marketplace.jobs enforces this).
CELERY_MAX_COUNTDOWN = CELERY_VISIBILITY_TIMEOUT - 300
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "results", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # How often an idle worker looks for new files (kombu's default is 1 s): a message's
        # translation should not wait a second before anyone looks at it.
        "polling_interval": 0.2,
    }
    CELERY_RESULT_BACKEND = f"file://{_broker_dir / 'results'}"
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Bulk (listing) translation has its own queue, so deadlines, payments, emails,
# import batches and the translation of a message someone is waiting to read (the
# interactive `celery` queue) never queue behind a catalogue's worth of machine
# translation. Each queue has a worker of its own (Procfile, docker-compose.yml:
# `worker` -Q celery, `translator` -Q translation, niced), each reserving one job per
# process (prefetch multiplier 1 with late acks), so a reserved bulk job never holds
# up an interactive one.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "listings.tasks.listing_translat*": {"queue": "translation"},
    # Payments are what people wait for: refunds, the sandbox's confirmations and webhook deliveries.
    "escrow.*": {"queue": "celery"},
}
CELERY_BEAT_SCHEDULE = {
    # The ECB publishes around 16:00 CET on working days.
    "exchange-rates-refresh": {
        "task": "marketplace.tasks.exchange_rates_refresh_task",
        "schedule": crontab(minute=30, hour="15,17"),
    },
    # The CBR sets its rates for the next day around 11:30 Moscow time (08:30 UTC) on working days.
    "exchange-rates-refresh-cbr": {
        "task": "marketplace.tasks.exchange_rates_refresh_cbr_task",
        "schedule": crontab(minute=40, hour="9,13"),
    },
    # Listing sort/filter prices in EUR follow the rates (set-based, a few UPDATEs).
    "listings-sort-prices-refresh": {
        "task": "listings.tasks.listings_sort_prices_refresh_task",
        "schedule": crontab(minute=45, hour="*/2"),
    },
    # One email per person with unread messages (batched; see messaging.services).
    "messages-unread-notify": {
        "task": "messaging.tasks.messages_unread_notify_task",
        "schedule": crontab(minute="*/5"),
    },
    # A feed import whose batch task was lost goes on (see CARAVAN_IMPORT_STALL_SECONDS).
    "import-jobs-resume": {
        "task": "listings.tasks.import_jobs_resume_task",
        "schedule": crontab(minute="*/5"),
    },
    # The sandbox carrier's events whose time has come send their webhooks (CARAVAN_SANDBOX_CARRIER_*).
    "sandbox-carrier-events-release": {
        "task": "logistics.carriers.tasks.sandbox_events_release_task",
        "schedule": 15.0,
    },
    # Unpaid orders past their payment window: cancelled, stock returned (once), payments voided.
    "orders-expire": {
        "task": "orders.tasks.orders_expire_task",
        "schedule": crontab(minute="*/2"),
    },
    # Completion (issue 13): delivered 5 days ago or protection ended, no dispute → completed, escrow released.
    "orders-auto-complete": {
        "task": "orders.tasks.orders_auto_complete_task",
        "schedule": crontab(minute="*/10"),
    },
    # A cancellation request the seller left unanswered past its deadline is accepted (refund, stock back).
    "orders-cancel-requests-expire": {
        "task": "orders.tasks.orders_cancel_requests_expire_task",
        "schedule": crontab(minute="*/5"),
    },
    # Fulfilment: paid orders not shipped by their ship-by date are cancelled and refunded (once).
    "orders-ship-by-expire": {
        "task": "orders.tasks.orders_ship_by_expire_task",
        "schedule": crontab(minute="*/5"),
    },
    # Fulfilment: open shipments' tracking polled in bulk per carrier (webhooks are the main channel).
    "orders-tracking-poll": {
        "task": "orders.tasks.shipments_poll_task",
        "schedule": crontab(minute="*/10"),
    },
    # The sandbox gateway's webhook deliveries whose task was lost are sent again (at least once).
    "sandbox-webhooks-redeliver": {
        "task": "escrow.gateways.sandbox.tasks.sandbox_webhooks_redeliver_task",
        "schedule": crontab(minute="*/5"),
    },
    # Released money past the claim window becomes available (escrow.settlement, set-based batches).
    "escrow-releases-make-available": {
        "task": "escrow.tasks.releases_make_available_task",
        "schedule": crontab(minute=20),
    },
}

# --- carriers and tracking (logistics.tracking, logistics.carriers; README "Tracking") -------
# The adapter of each carrier (Carrier.code → class path); a carrier not listed is played by the
# default, the sandbox carrier, until a real integration is written.
CARAVAN_CARRIER_ADAPTERS: dict[str, str] = {}
CARAVAN_CARRIER_DEFAULT_ADAPTER = "logistics.carriers.sandbox.SandboxCarrier"
CARAVAN_CARRIER_WEBHOOK_TOLERANCE_SECONDS = 300  # a signature's timestamp this far from now is refused
CARAVAN_CARRIER_POLL_BATCH = 40  # tracking numbers per polling request
CARAVAN_CARRIER_HTTP_TIMEOUT = env.float("CARRIER_HTTP_TIMEOUT", default=10.0)
# The sandbox carrier: a fake provider served by this app under /sandbox-carrier/api/v1/ with its
# own records (admin: Logistics › Sandbox carrier shipments), scripted timelines and signed webhooks.
CARAVAN_SANDBOX_CARRIER_ENABLED = env.bool("SANDBOX_CARRIER_ENABLED", default=True)
# An empty variable (as in .env.example) means the default, never an empty key or secret.
CARAVAN_SANDBOX_CARRIER_API_URL = (
    env("SANDBOX_CARRIER_API_URL", default="") or f"{CARAVAN_SITE_URL}/sandbox-carrier/api/v1/"
)
CARAVAN_SANDBOX_CARRIER_API_KEY = (
    env("SANDBOX_CARRIER_API_KEY", default="")
    or hashlib.sha256(f"sandbox-carrier-api:{SECRET_KEY}".encode()).hexdigest()
)
CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET = env("SANDBOX_CARRIER_WEBHOOK_SECRET", default="") or (
    hashlib.sha256(f"sandbox-carrier-webhook:{SECRET_KEY}".encode()).hexdigest()
)
# Where its webhooks go ("{carrier}" is replaced by the carrier's code); empty: this site's URL
# named "carrier-webhook" (served by orders) for the carrier.
CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = env("SANDBOX_CARRIER_WEBHOOK_URL", default="")
# One simulated day of a timeline lasts this many seconds: at 20, an economy parcel (about 25
# days) is delivered in about 8 minutes of `make run`; tests move timelines with the simulate call.
CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = env.float("SANDBOX_CARRIER_SECONDS_PER_DAY", default=20.0)
# A failed webhook is retried this many times, after 30 s, 60 s, 120 s … (doubling).
CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRIES = env.int("SANDBOX_CARRIER_WEBHOOK_RETRIES", default=8)
CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRY_SECONDS = env.int("SANDBOX_CARRIER_WEBHOOK_RETRY_SECONDS", default=30)

# --- logging -------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

"""Settings shared by every environment.

Every environment variable the site reads is declared once, here, with its type and default
(see the table in README.md and `.env.example`). Environment modules (dev, test, production)
only override values; they never read the environment themselves.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from django.utils.translation import gettext_lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    SEARCH_BACKEND=(str, "database"),
    ELASTICSEARCH_URL=(str, "http://127.0.0.1:9200"),
    ELASTICSEARCH_INDEX_PREFIX=(str, "consortium"),
    ELASTICSEARCH_TIMEOUT=(float, 2.0),
    SEARCH_INDEX_ON_COMMIT=(bool, True),
    SEARCH_INLINE_TIMEOUT=(float, 0.5),
    SEARCH_BREAKER_COOLDOWN=(float, 30.0),
    SEARCH_BREAKER_PROBE_INTERVAL=(float, 2.0),
    SEARCH_WORKER_POLL_INTERVAL=(float, 0.5),
    SEARCH_QUEUE_MAX_BACKOFF=(float, 300.0),
    CACHE_URL=(str, "locmemcache://"),
    PAGE_CACHE_SECONDS=(int, 600),
    DATA_CACHE_SECONDS=(int, 3600),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Library Commons <noreply@localhost>"),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "static")),
    LOG_LEVEL=(str, "INFO"),
    SECURE_SSL_REDIRECT=(bool, True),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_MINUTES=(int, 15),
)
# A local `.env` is read for convenience in development; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "consortium_site",
    "best_practices",
    "members",
    "editorial",
    "search",
    "operations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_filters",
    "wagtail_2fa",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Page cache: answers hits before any session, auth, locale or CSP work; stores what the stack below
    # produced (compressed, with every header) on a miss.
    "operations.page_cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # wagtail-2fa's check, skipped for anonymous visitors outside the admin (no session read, no Vary: Cookie).
    "editorial.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "consortium_site.security.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "operations.database_outage.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "consortium_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "consortium_site.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# A kept connection is checked before reuse, so a database restart costs no request an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # A slow or stopped Redis makes the site slower, never unavailable: calls give up fast and miss.
    CACHES["default"].setdefault("OPTIONS", {}).update(SOCKET_CONNECT_TIMEOUT=0.5, SOCKET_TIMEOUT=0.5)
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Anonymous page responses are kept this long at most (0 turns the page cache off); see docs/architecture.md.
PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS")
# Data that uncached renders share (navigation, language switcher, listing filters, order and counts) is kept
# this long at most, invalidated together with the pages (0 turns it off); see operations/page_cache.remember().
DATA_CACHE_SECONDS = env("DATA_CACHE_SECONDS")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the interface and the content share one list of languages.
# Tajik and Turkmen are content languages of the interchange format; the interface is
# translated into Russian and Kazakh first (see locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("uz", "Oʻzbekcha"),
    ("ky", "Кыргызча"),
    ("tg", "Тоҷикӣ"),
    ("tk", "Türkmençe"),
]
# The language switcher offers these; tg and tk pages exist only when content is imported.
SWITCHER_LANGUAGES = ["en", "ru", "kk", "uz", "ky"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["consortium_site.formats"]  # Kazakh dates and numbers, which Django lacks
# Wagtail turns an admin language it has no catalog for (Kazakh) into English once a user has a profile; the
# admin is offered in the languages whose admin strings locale/ translates (Wagtail's own stay English in kk).
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if code in ("en", "ru", "kk")]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT")
STATIC_URL = "/static/"
MEDIA_ROOT = env("MEDIA_ROOT")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files asked for at the site root whatever the page says (/favicon.ico): WhiteNoise answers before any view runs.
WHITENOISE_ROOT = PROJECT_DIR / "root_files"

# Large page models exceed Django's default of 1000 fields per form in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Library Commons"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
# Wagtail's own search (admin listings, choosers) stays on the database; the public multilingual
# search is the `search` app's own layer, configured below.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are only reachable through Wagtail's serve view (which checks collection privacy), always
# as downloads; the media folders of documents and original images are never served directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "consortium_site.uploads.DocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to gravatar.com: nothing is fetched from elsewhere
WAGTAIL_ALLOW_UNICODE_SLUGS = True

TAGGIT_CASE_INSENSITIVE = True
# django-countries has no Kazakh, Uzbek or Kyrgyz names and says "Киргизия" in Russian: the countries
# the consortium works with are named in locale/ instead.
COUNTRIES_OVERRIDE = {
    "KZ": gettext_lazy("Kazakhstan"),
    "KG": gettext_lazy("Kyrgyzstan"),
    "UZ": gettext_lazy("Uzbekistan"),
    "TJ": gettext_lazy("Tajikistan"),
    "TM": gettext_lazy("Turkmenistan"),
    "AF": gettext_lazy("Afghanistan"),
    "CN": gettext_lazy("China"),
    "MN": gettext_lazy("Mongolia"),
    "RU": gettext_lazy("Russia"),
    "TR": gettext_lazy("Türkiye"),
}

# Sign-in hardening (see docs/roles.md): brute-force lockout per username and address (django-axes),
# TOTP two-factor login (wagtail-2fa): once a user has a device it is always asked for, and users with
# the "Enable 2FA" permission (site administrators, moderators, superusers) must set one up.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
# A whole university often shares one address: lock the username tried from that address, not the address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/login_locked_out.html"
WAGTAIL_2FA_REQUIRED = True
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (django-csp): public pages load only their own files. Wagtail 8's admin still
# initialises choosers, inline panels and date pickers with inline scripts and styles, so its policy
# allows 'unsafe-inline' (no nonce support there); it is served to signed-in staff only.
_VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *_VIDEO_EMBED_ORIGINS],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "worker-src": [SELF, "blob:"],
        # The page editor shows its live preview in a same-origin frame.
        "frame-ancestors": [SELF],
    }
}

# Public multilingual search (search app).
SEARCH_BACKEND = env("SEARCH_BACKEND")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX")
ELASTICSEARCH_TIMEOUT = env("ELASTICSEARCH_TIMEOUT")
# The index queue (search/queue.py): drain right after each commit in the committing process, with a short
# Elasticsearch timeout and a circuit breaker; the `search_worker` command drains the rest with back-off.
SEARCH_INDEX_ON_COMMIT = env("SEARCH_INDEX_ON_COMMIT")
SEARCH_INLINE_TIMEOUT = env("SEARCH_INLINE_TIMEOUT")
SEARCH_BREAKER_COOLDOWN = env("SEARCH_BREAKER_COOLDOWN")
# While searches answer from the database after an Elasticsearch failure, one search per interval tries it again.
SEARCH_BREAKER_PROBE_INTERVAL = env("SEARCH_BREAKER_PROBE_INTERVAL")
SEARCH_WORKER_POLL_INTERVAL = env("SEARCH_WORKER_POLL_INTERVAL")
SEARCH_QUEUE_MAX_BACKOFF = env("SEARCH_QUEUE_MAX_BACKOFF")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {"elastic_transport": {"level": "WARNING"}},
}

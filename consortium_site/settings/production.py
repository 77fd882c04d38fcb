"""Production: every secret and address comes from the environment, with no default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
    if not env.str(required, default=""):
        raise ImproperlyConfigured(f"{required} must be set in the environment for production (see .env.example).")

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

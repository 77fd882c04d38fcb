"""Tests: PostgreSQL and Elasticsearch given by the test command (see scripts/services.py)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tests never touch a development or production index.
ELASTICSEARCH_INDEX_PREFIX = f"test_{env('ELASTICSEARCH_INDEX_PREFIX')}"
# Tests run in transactions whose on-commit invalidation never fires; the page cache tests turn it on.
PAGE_CACHE_SECONDS = 0
DATA_CACHE_SECONDS = 0
# Tests sign users in with force_login; the sign-in hardening tests switch these back on.
WAGTAIL_2FA_REQUIRED = False
AXES_ENABLED = False

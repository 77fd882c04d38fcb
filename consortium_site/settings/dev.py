"""Local development: the embedded default (SQLite, database search) unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A development-only key; production has no default and refuses to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The demo admin (see README) signs in with a password alone; production asks enrolled users for a code.
WAGTAIL_2FA_REQUIRED = False

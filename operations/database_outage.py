"""While the database is unreachable, visitors get a short 503 page that asks them to retry, not a 500.

Cached pages are still served meanwhile (the page cache answers before any query is made).
"""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 15


def _database_answers():
    """A fresh connection tells an outage from a faulty query, which stays a 500 and gets fixed."""
    try:
        connection.close()
        connection.ensure_connection()
    except (OperationalError, InterfaceError):
        return False
    return True


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError) or _database_answers():
            return None
        logger.error("database unavailable: %s", exception)
        response = HttpResponse(
            "<!DOCTYPE html><title>503</title><p>{}</p>".format(
                _("The site is briefly unavailable. Please try again in a minute.")
            ),
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response

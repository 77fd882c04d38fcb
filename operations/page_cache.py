"""A shared cache of anonymous page responses, invalidated as a whole when published content changes.

Two middlewares, placed like Django's own cache middleware (see `settings/base.py`): `UpdatePageCache`
first, so it sees every `Vary` header and cookie the stack adds, and `FetchFromPageCache` last, once the
language is known. Keys come from Django's `get_cache_key`/`learn_cache_key` (URL, query, method, the
response's `Vary` headers, language), prefixed with the cache *generation*: `invalidate()` moves the
generation on, so every page cached before a change is unreachable at once and expires on its own.
Hand-written because wagtail-cache does not support Wagtail 8 and Django's middleware has a fixed key
prefix and would store a logged-in visitor's responses keyed by their session cookie.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
STATUS_HEADER = "X-Page-Cache"
# Search results follow the index, which the queue worker updates after the publish that moved the
# generation on, so a search response is kept only briefly.
SEARCH_MAX_SECONDS = 60


# Never cached: the admins, per-user document downloads, the language switch form, the health check.
EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/i18n/", "/healthz")
SHORT_LIVED_PATHS = ("/search/", "/api/v1/search/")


def page_cache():
    return caches["default"]


def current_generation():
    """The generation pages are cached under now; a fresh unique one if the counter was evicted.

    Starting again from a fixed number after an eviction could revive pages cached before a change.
    """
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate():
    """Make every cached page unreachable; called after a change to public content is committed."""
    try:
        page_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # The change is committed already; failing the editor's request would not undo it.
        logger.exception("page cache not invalidated; pages may be stale for PAGE_CACHE_SECONDS")


def _request_is_cacheable(request):
    """Only anonymous GET/HEAD requests outside the admin: a session cookie means a logged-in
    visitor (or one with session state such as a page password), whose responses stay private."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(EXCLUDED_PATHS)
    )


def _timeout_for(request):
    if request.path_info.startswith(SHORT_LIVED_PATHS):
        return min(settings.PAGE_CACHE_SECONDS, SEARCH_MAX_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def _response_is_cacheable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A form rendered a CSRF token: the page is tied to this visitor's cookie.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "is_preview", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0"))
    )


class FetchFromPageCache:
    """Answers a cacheable request from the cache; last in MIDDLEWARE, after the language is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            request._page_cache = "skip"
            return self.get_response(request)
        try:
            cache = page_cache()
            prefix = f"page-cache.{current_generation()}"
            request._page_cache_prefix = prefix
            response = None
            cache_key = get_cache_key(request, prefix, "GET", cache=cache)
            if cache_key is not None:
                response = cache.get(cache_key)
            if response is None and request.method == "HEAD":
                cache_key = get_cache_key(request, prefix, "HEAD", cache=cache)
                response = cache.get(cache_key) if cache_key else None
        except Exception:
            # A cache outage slows the site down; it must not take it down.
            logger.exception("page cache unavailable; serving without it")
            request._page_cache = "error"
            return self.get_response(request)
        if response is not None:
            request._page_cache = "hit"
            return response
        request._page_cache = "miss"
        return self.get_response(request)


class UpdatePageCache:
    """Stores what FetchFromPageCache missed; first in MIDDLEWARE, so it sees the final headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_page_cache", "skip")
        if state == "miss" and not _response_is_cacheable(request, response):
            state = "skip"
        if state == "miss":
            if not response.has_header("Cache-Control"):
                # Browsers and proxies revalidate (cheap with the ETag) so they never show a page after
                # it was unpublished; only this cache, which is invalidated, keeps copies.
                patch_cache_control(response, no_cache=True)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda rendered: self._store(request, rendered))
            else:
                self._store(request, response)
        response[STATUS_HEADER] = state
        return response

    def _store(self, request, response):
        if not response.has_header("ETag"):
            set_response_etag(response)
        try:
            cache = page_cache()
            timeout = _timeout_for(request)
            # The prefix read when the request came in: a response rendered from data older than a
            # concurrent publish is stored under the generation that the publish made unreachable.
            key = learn_cache_key(request, response, timeout, request._page_cache_prefix, cache=cache)
            cache.set(key, response, timeout)
        except Exception:
            logger.exception("page cache unavailable; response not stored")

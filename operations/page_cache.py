"""A shared cache of anonymous page responses, invalidated as a whole when published content changes.

Two middlewares (see MIDDLEWARE in `settings/base.py`): `UpdatePageCache` near the top, so it stores
the response with every header and encoding the stack adds, and `FetchFromPageCache` right after
LocaleMiddleware, once the language is known, so a hit skips the rest of the stack.

Each entry is stored with the *generation* it was rendered under; `invalidate()` moves the generation
on, so every entry from before a change stops matching at once and expires on its own. A hit costs one
cache round trip: the entry and the current generation are read together (MGET on Redis).
The key is the URL with its query, the resolved language, the content encoding and the request's cookies
(so a response with `Vary: Cookie` is shared only by visitors sending the same cookies; most anonymous
visitors send none); a response that varies on any other header is not stored at all.
Hand-written because wagtail-cache does not support Wagtail 8, and Django's cache middleware has a fixed
key prefix, three round trips per hit, and stores a logged-in visitor's pages keyed by session cookie.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
STATUS_HEADER = "X-Page-Cache"
# Search results follow the index, which the queue worker updates after the publish that moved the
# generation on, so a search response is kept only briefly.
SEARCH_MAX_SECONDS = 60
# Never cached: the admins, per-user document downloads, the language switch form, the health check.
EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/i18n/", "/healthz")
SHORT_LIVED_PATHS = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?search/|^/api/v1/search/")
# The request headers the key accounts for; a response varying on any other is not shared.
KEYED_VARY_HEADERS = {"accept-encoding", "accept-language", "cookie"}


def page_cache():
    return caches["default"]


def _new_generation():
    return time.time_ns()


def current_generation():
    """The generation pages are cached under now; a fresh unique one if the counter was evicted.

    Starting again from a fixed number after an eviction could revive pages cached before a change.
    """
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate():
    """Make every cached page unreachable; called after a change to public content is committed."""
    try:
        page_cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:
        # The change is committed already; failing the editor's request would not undo it.
        logger.exception("page cache not invalidated; pages may be stale for PAGE_CACHE_SECONDS")


def remember(key, compute):
    """compute()'s value, kept until published content changes (the same generation as the pages).

    For what an uncached page derives from many pages on every render, such as a listing's filter
    choices. Computed afresh when `key` is None or the page cache is off.
    """
    if key is None or settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    cache = page_cache()
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
    except Exception:
        logger.exception("page cache unavailable; computing without it")
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    try:
        cache.set(key, (generation, value), settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("page cache unavailable; value not stored")
    return value


def page_key(request):
    encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "identity"
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    cookies = hashlib.sha256(request.META.get("HTTP_COOKIE", "").encode()).hexdigest()[:16]
    return f"page-cache:{url}:{language}:{encoding}:{cookies}"


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
    if SHORT_LIVED_PATHS.match(request.path_info):
        return min(settings.PAGE_CACHE_SECONDS, SEARCH_MAX_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def _response_is_cacheable(request, response):
    cache_control = response.get("Cache-Control", "")
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and vary <= KEYED_VARY_HEADERS
        # A form rendered a CSRF token: the page is tied to this visitor's cookie.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "is_preview", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0"))
    )


class FetchFromPageCache:
    """Answers a cacheable request from the cache; placed right after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            request._page_cache = "skip"
            return self.get_response(request)
        try:
            key = page_key(request)
            found = page_cache().get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
        except Exception:
            # A cache outage slows the site down; it must not take it down.
            logger.exception("page cache unavailable; serving without it")
            request._page_cache = "error"
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            request._page_cache = "hit"
            return entry[1]
        # The generation read now, before rendering: a response rendered from data older than a
        # concurrent publish is stored under the generation that the publish made obsolete.
        request._page_cache = "miss"
        request._page_cache_entry = (key, generation)
        return self.get_response(request)


class UpdatePageCache:
    """Stores what FetchFromPageCache missed; near the top of MIDDLEWARE, so it sees the final response."""

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
            if not response.has_header("ETag"):
                set_response_etag(response)
            key, generation = request._page_cache_entry
            try:
                page_cache().set(key, (generation, response), _timeout_for(request))
            except Exception:
                logger.exception("page cache unavailable; response not stored")
        response[STATUS_HEADER] = state
        return response

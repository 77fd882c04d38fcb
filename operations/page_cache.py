"""A shared cache of anonymous page responses, invalidated as a whole when published content changes.

One middleware, `PageCacheMiddleware`, right after ConditionalGetMiddleware (see MIDDLEWARE in
`settings/base.py`): a hit is answered there, before any session, authentication, locale, CSRF or CSP
work, so a cached page costs little more than a static file; a miss goes down the stack and the final
response (compressed, with its CSP, Vary and Content-Language headers) is stored on the way back.

Each entry is stored with the *generation* it was rendered under; `invalidate()` moves the generation
on, so every entry from before a change stops matching at once and expires on its own. A hit costs one
cache round trip: the entry and the current generation are read together (MGET on Redis).
The key is the URL with its query, the language LocaleMiddleware will resolve, the content encoding and
the request's cookies (so a response with `Vary: Cookie` is shared only by visitors sending the same
cookies; most anonymous visitors send none); a response that varies on any other header is not stored.
Hand-written because wagtail-cache does not support Wagtail 8, and Django's cache middleware has a fixed
key prefix, three round trips per hit, and stores a logged-in visitor's pages keyed by session cookie.
"""

import hashlib
import logging
import pickle
import re
import threading
import time

from asgiref.local import Local

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
STATUS_HEADER = "X-Page-Cache"
# Search results follow the index, which the queue worker updates after the publish that moved the
# generation on, so a search response is kept only briefly.
SEARCH_MAX_SECONDS = 60
# Never cached: the admins, per-user document downloads, the language switch form, the health check, and the
# JSON API (it answers no-store, so looking it up would only cost every call a cache round trip).
EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/i18n/", "/healthz", "/api/")
SHORT_LIVED_PATHS = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?search/")
# The request headers the key accounts for; a response varying on any other is not shared.
KEYED_VARY_HEADERS = {"accept-encoding", "accept-language", "cookie"}
# remember()'s values during the current GET/HEAD request: a render asks for the privacy rules or the
# navigation several times, and one cache round trip (or computation) each is enough.
_request_values = Local()
# remember()'s values in this process, pickled, by key: (generation, bytes). A request reads the generation
# from the shared cache once, so a value from here is as fresh as one from the shared cache, without a
# round trip for each key; pickled, so no two requests share (and could change) the same objects.
_process_values = {}
_process_values_lock = threading.Lock()
PROCESS_VALUES_MAX_BYTES = 32 * 1024 * 1024
_process_values_bytes = 0


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

    For what uncached renders derive from many pages: the site's navigation, the privacy rules, a
    listing's filter choices, order and counts. Computed afresh when `key` is None or DATA_CACHE_SECONDS
    is 0; either way a GET request asks for each key once (PageCacheMiddleware keeps what it got). A value
    this process already holds for the request's generation costs no round trip (`_process_values`).
    """
    if key is None:
        return compute()
    seen = getattr(_request_values, "values", None)
    if seen is not None and key in seen:
        return seen[key]
    value = _shared_value(key, compute)
    if seen is not None:
        seen[key] = value
    return value


def _shared_value(key, compute):
    if settings.DATA_CACHE_SECONDS <= 0:
        return compute()
    cache = page_cache()
    seen = getattr(_request_values, "values", None)
    generation = seen.get(GENERATION_KEY) if seen is not None else None
    found = None
    try:
        if generation is None:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
            if seen is not None:
                seen[GENERATION_KEY] = generation
        local = _process_values.get(key)
        if local is not None and local[0] == generation:
            return pickle.loads(local[1])  # noqa: S301 - bytes this process pickled itself
        entry = found.get(key) if found is not None else cache.get(key)
    except Exception:
        logger.exception("page cache unavailable; computing without it")
        return compute()
    if entry is not None and entry[0] == generation:
        _keep_in_process(key, generation, entry[1])
        return entry[1]
    value = compute()
    try:
        cache.set(key, (generation, value), settings.DATA_CACHE_SECONDS)
    except Exception:
        logger.exception("page cache unavailable; value not stored")
    _keep_in_process(key, generation, value)
    return value


def _keep_in_process(key, generation, value):
    global _process_values_bytes
    blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _process_values_lock:
        if _process_values_bytes + len(blob) > PROCESS_VALUES_MAX_BYTES:
            # Values of older generations can no longer be served; if that is not enough, start afresh.
            kept = {name: item for name, item in _process_values.items() if item[0] == generation}
            if sum(len(item[1]) for item in kept.values()) + len(blob) > PROCESS_VALUES_MAX_BYTES:
                kept = {}
            _process_values.clear()
            _process_values.update(kept)
            _process_values_bytes = sum(len(item[1]) for item in kept.values())
        previous = _process_values.get(key)
        _process_values_bytes += len(blob) - (len(previous[1]) if previous else 0)
        _process_values[key] = (generation, blob)


def resolved_language(request):
    """The language LocaleMiddleware will activate for `request` (its process_request, without activating)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    prefixed, prefix_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=prefixed)
    if prefixed and not prefix_default and not translation.get_language_from_path(request.path_info):
        return settings.LANGUAGE_CODE
    return language


def page_key(request, language):
    encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "identity"
    # One digest of what build_absolute_uri() names (get_host() validates the host) and the cookies.
    variant = "\n".join(
        (request.scheme, request.get_host(), request.get_full_path(), request.META.get("HTTP_COOKIE", ""))
    )
    return f"page-cache:{hashlib.sha256(variant.encode()).hexdigest()}:{language}:{encoding}"


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


class PageCacheMiddleware:
    """Answers a cacheable request from the cache, or stores the response the stack below renders for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self._serve(request)
        # Saved and restored: Wagtail renders a preview by running a second request inside the first.
        outer_values = getattr(_request_values, "values", None)
        _request_values.values = {}
        try:
            return self._serve(request)
        finally:
            _request_values.values = outer_values

    def _serve(self, request):
        if not _request_is_cacheable(request):
            return self._respond(request, "skip")
        language = resolved_language(request)
        try:
            key = page_key(request, language)
            found = page_cache().get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
        except Exception:
            # A cache outage slows the site down; it must not take it down.
            logger.exception("page cache unavailable; serving without it")
            return self._respond(request, "error")
        # remember() reads the data shared by renders under the same generation, without asking again.
        _request_values.values[GENERATION_KEY] = generation
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            response = entry[1]
            response[STATUS_HEADER] = "hit"
            return response
        # The generation was read before rendering: a response rendered from data older than a
        # concurrent publish is stored under the generation that the publish made obsolete.
        response = self.get_response(request)
        # LocaleMiddleware chose the language the key names (checked, so a divergence can only skip).
        if not _response_is_cacheable(request, response) or getattr(request, "LANGUAGE_CODE", None) != language:
            response[STATUS_HEADER] = "skip"
            return response
        if not response.has_header("Cache-Control"):
            # Browsers and proxies revalidate (cheap with the ETag) so they never show a page after
            # it was unpublished; only this cache, which is invalidated, keeps copies.
            patch_cache_control(response, no_cache=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        try:
            page_cache().set(key, (generation, response), _timeout_for(request))
        except Exception:
            logger.exception("page cache unavailable; response not stored")
        response[STATUS_HEADER] = "miss"
        return response

    def _respond(self, request, state):
        response = self.get_response(request)
        response[STATUS_HEADER] = state
        return response

"""The public search: the /<lang>/search/ page and the JSON API (/api/v1/search/, /api/v1/search/suggest/).

Both read only whitelisted parameters (search/params.py) and go through search/service.py, which keeps
results to live, public pages. A failure inside an engine is logged and answered with a generic error,
never with the engine's own text.
"""

import functools
import json
import logging
from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from search.params import API_FILTERS, MAX_QUERY_LENGTH, InvalidParameter, parse_search_params
from search.service import MAX_SUGGESTIONS, facet_groups, filter_labels, run_search, suggest

logger = logging.getLogger(__name__)

API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in API_HEADERS.items():
        response[name] = value
    return response


def _unavailable():
    return _json(
        {"error": {"code": "search_unavailable", "message": "Search is unavailable right now; try again shortly."}},
        status=503,
    )


@require_GET
def search_api(request):
    try:
        params = parse_search_params(request.GET, strict=True, allowed_filters=API_FILTERS)
    except InvalidParameter as error:
        return _json(error.as_json(), status=400)
    try:
        outcome = run_search(params)
    except Exception:
        logger.exception("Search failed for an API request")
        return _unavailable()
    response = _json(outcome.as_api_json())
    if outcome.fallback:
        response["X-Search-Fallback"] = "elasticsearch unavailable; answered by the database engine"
    return response


@require_GET
def suggest_api(request):
    params = parse_search_params({"q": request.GET.get("q", "")}, strict=False, allowed_filters=())
    try:
        suggestions = suggest(params.q)
    except Exception:
        logger.exception("Suggestions failed")
        return _unavailable()
    return _json({"query": params.q, "suggestions": suggestions})


@require_GET
def redirect_to_localised_search(request):
    """/search/ (old links, the no-prefix form) goes to the search page in the visitor's language."""
    with translation.override(translation.get_language_from_request(request)):
        target = reverse("search:search")
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{target}?{query}" if query else target)


@require_GET
def search_page(request):
    params = parse_search_params(request.GET, strict=False)
    context = {
        "params": params,
        "max_query_length": MAX_QUERY_LENGTH,
        "searched": False,
        "results": [],
        "suggestion_count_texts": suggestion_count_texts(translation.get_language()),
    }
    fallback = False
    if params.q or params.filters:
        try:
            outcome = run_search(params)
        except Exception:
            logger.exception("Search failed for the search page")
            context["notice"] = _("Search is unavailable right now. Please try again in a minute.")
            return TemplateResponse(request, "pages/search_page.html", context, status=503)
        if outcome.page_count and params.page > outcome.page_count:
            # A stale or hand-edited page number: show the last page rather than an empty one.
            return HttpResponseRedirect("?" + urlencode(params.url_params(page=outcome.page_count)))
        context.update(_page_context(params, outcome))
        fallback = outcome.fallback
    response = TemplateResponse(request, "pages/search_page.html", context)
    if fallback:
        # The backup's answer must not outlive the outage in the page cache.
        add_never_cache_headers(response)
    return response


@functools.cache
def suggestion_count_texts(language):
    """What a screen reader hears for each possible number of suggestions, as JSON: gettext's plural forms of the
    interface `language` (the active one; Russian has three), rendered here so the page needs no translation
    catalogue request, once per language and process."""
    texts = {
        count: ngettext(
            "%(count)s suggestion: use the up and down arrow keys",
            "%(count)s suggestions: use the up and down arrow keys",
            count,
        )
        % {"count": count}
        for count in range(1, MAX_SUGGESTIONS + 1)
    }
    return json.dumps(texts, ensure_ascii=False)


def _page_context(params, outcome):
    def query(**changes):
        return urlencode(params.url_params(page=None, **changes))

    labels = filter_labels()
    selected = [
        {"label": labels[name], "value": outcome.value_label(name, value), "remove_query": query(**{name: None})}
        for name, value in params.filters.items()
    ]
    pages = {"number": params.page, "count": outcome.page_count}
    if params.page > 1:
        pages["previous_query"] = urlencode(params.url_params(page=params.page - 1 if params.page > 2 else None))
    if params.page < outcome.page_count:
        pages["next_query"] = urlencode(params.url_params(page=params.page + 1))
    context = {
        "searched": True,
        "count": outcome.count,
        "results": outcome.page_hits(),
        "facets": facet_groups(params, outcome, query),
        "selected_filters": selected,
        "pages": pages,
        "suggestion": outcome.suggestion,
        "suggestion_query": query(q=outcome.suggestion) if outcome.suggestion else "",
    }
    if outcome.fallback:
        context["notice"] = _(
            "The main search engine is not answering; these results come from the backup search and may be less "
            "complete."
        )
    return context

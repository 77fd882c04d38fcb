"""Wagtail's page serving, with the page found in two queries instead of two per path segment.

Wagtail's `Page.route_for_request` looks up the site, the home page in the active language and its
specific form, then for each path segment the child with that slug and its specific form: seven
queries for an article, most of them repeated on every request. Here the site and the home pages come
from the cached navigation (consortium_site/navigation.py), the pages along the path from one query on
their `url_path` (which Wagtail keeps up to date on publish and move), and the page's specific form from
a second. A page type that routes its own sub-paths (an overridden `route()`) still gets to do so.
The result goes where Wagtail keeps it for the request, and Wagtail's own view serves the page (hooks,
privacy checks, `serve()`), so nothing else about serving changes.
"""

from django.http import Http404
from django.urls import re_path
from django.utils import translation

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from consortium_site.navigation import site_navigation


def _routes_itself(page):
    return (page.specific_class or Page).route is not Page.route


def _active_content_language():
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None


def find_route(request, navigation, path):
    """What `Page.route_for_request` returns for `path` (a RouteResult), or raises Http404."""
    home = navigation.home_for(_active_content_language())
    components = [component for component in path.split("/") if component]
    if _routes_itself(home):
        return home.specific.route(request, components)
    url_paths = [home.url_path + "".join(f"{part}/" for part in components[:n]) for n in range(1, len(components) + 1)]
    along_path = {}
    if components:
        for page in Page.objects.filter(
            url_path__in=url_paths, slug__in=set(components), path__startswith=home.path, depth__gt=home.depth
        ).order_by("depth", "path"):
            along_path.setdefault(page.url_path, page)
    parent = home
    for position, url_path in enumerate(url_paths):
        page = along_path.get(url_path)
        if page is None or page.depth != home.depth + position + 1:
            raise Http404
        # Treebeard's get_parent() reads this instead of querying (as Wagtail's own route() does).
        page._cached_parent_obj = parent
        if _routes_itself(page):
            return page.specific.route(request, components[position + 1 :])
        parent = page
    if not parent.live:
        raise Http404
    page = parent.specific
    locale = navigation.locales.get(page.locale_id)
    if locale is not None:
        page.locale = locale
    return RouteResult(page)


def serve(request, path):
    navigation = site_navigation(request)
    if navigation is not None and not hasattr(request, "_wagtail_route_for_request"):
        # Wagtail's per-request cache of Page.route_for_request (see its docstring): its view reads it from there.
        try:
            request._wagtail_route_for_request = find_route(request, navigation, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)


# Wagtail's front-end URLs, with its page view replaced by the one above (same pattern, same name).
urlpatterns = [pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"] + [
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")
]

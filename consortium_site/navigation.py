"""What every page's shell shows (site, home page, main menu, language switcher, hreflang links), cached.

Wagtail looks these up with a query each, several per render: the site for the host, the home page in
the active language, its children for the menu, the page's translations for the switcher and again for
the hreflang links. They change only when published content does, so they are kept with `remember()`
(one cache round trip each; see operations/page_cache.py) and on the request for the rest of it.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.models import Locale, Page, Site

from consortium_site.privacy import is_public, private_sections
from operations.page_cache import remember


@dataclass(frozen=True)
class PageLink:
    """Enough of a page to link to it and to mark it as current, without the page itself."""

    pk: int
    title: str
    url: str
    full_url: str
    path: str
    language: str
    content_type_id: int
    in_menu: bool = False


@dataclass(frozen=True)
class SiteNavigation:
    site: Site
    # Locale instances by id, to attach to pages without a query each.
    locales: dict
    # Language code → the home page that language's URLs start from (Wagtail's `root_page.localized`).
    homes: dict
    # Language code → PageLink of its live home page.
    home_links: dict
    # Language code → live children of that home page, in tree order.
    sections: dict

    def home_for(self, language):
        return self.homes.get(language, self.site.root_page)

    def home_link(self, language):
        return self.home_links.get(language) or self.home_links.get(settings.LANGUAGE_CODE)

    def menu(self, language):
        return [link for link in self.sections.get(language, ()) if link.in_menu]

    def section(self, language, model):
        """The first live child of the home page in `language` that is a `model` page, or None."""
        content_type_id = ContentType.objects.get_for_model(model).pk
        return next((link for link in self.sections.get(language, ()) if link.content_type_id == content_type_id), None)


def link_to(page, request, language, **extra):
    return PageLink(
        pk=page.pk,
        title=page.title,
        url=page.get_url(request),
        full_url=page.get_full_url(request),
        path=page.path,
        language=language,
        content_type_id=page.content_type_id,
        **extra,
    )


def _build_navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    sections = private_sections()
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    # Specific pages: routing to a home page then needs no query for its own row.
    homes = {
        locales[home.locale_id].language_code: home
        for home in site.root_page.get_translations(inclusive=True).live().specific()
    }
    # The children of every language's home page in one query, grouped by their parent's tree path.
    children = defaultdict(list)
    if homes:
        below_a_home = Q()
        for home in homes.values():
            below_a_home |= Q(path__startswith=home.path, depth=home.depth + 1)
        for child in Page.objects.live().filter(below_a_home).order_by("path"):
            children[child.path[: -Page.steplen]].append(child)
    return SiteNavigation(
        site=site,
        locales=locales,
        homes=homes,
        home_links={language: link_to(home, request, language) for language, home in homes.items()},
        sections={
            language: tuple(
                link_to(child, request, language, in_menu=child.show_in_menus and is_public(child, sections))
                for child in children[home.path]
            )
            for language, home in homes.items()
        },
    )


def site_navigation(request):
    """The request's site and its navigation (None when no site serves this host), once per request.

    Also hands the site to Wagtail's own per-request cache (`Site.find_for_request` keeps it on
    `request._wagtail_site`), so page URLs and settings need no site query either.
    """
    if request is None:
        return None
    if not hasattr(request, "_site_navigation"):
        # get_host() validates the host against ALLOWED_HOSTS; Wagtail matches sites on it and the port.
        hostname = split_domain_port(request.get_host())[0]
        navigation = remember(f"site-navigation:{hostname}:{request.get_port()}", lambda: _build_navigation(request))
        request._site_navigation = navigation
        if navigation is not None:
            request._wagtail_site = navigation.site
    return request._site_navigation


def active_home_link(request):
    navigation = site_navigation(request)
    return navigation.home_link(translation.get_language()) if navigation else None


def page_translations(request, page):
    """PageLinks of the live, public translations of `page` (itself included), by language code."""
    memo = getattr(request, "_page_translations", {})
    if page.translation_key in memo:
        return memo[page.translation_key]
    navigation = site_navigation(request)
    site_id = navigation.site.pk if navigation else None

    def find():
        sections = private_sections()
        return {
            translated.locale.language_code: link_to(translated, request, translated.locale.language_code)
            for translated in Page.objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
            .order_by("locale__language_code")
            if is_public(translated, sections)
        }

    memo[page.translation_key] = remember(f"page-translations:{site_id}:{page.translation_key}", find)
    if request is not None:
        request._page_translations = memo
    return memo[page.translation_key]

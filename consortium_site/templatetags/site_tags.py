from django import template
from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, Page, Site

register = template.Library()


def _home_page(request):
    """The site root in the active language, falling back to the default locale's root."""
    language = translation.get_language()
    # The header asks twice per page (brand link, menu); look it up once per request and language.
    memo = getattr(request, "_home_page_by_language", None)
    if memo is not None and language in memo:
        return memo[language]
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    try:
        home = root.get_translation(Locale.get_active())
    except (Page.DoesNotExist, Locale.DoesNotExist):
        home = root
    request._home_page_by_language = {**(memo or {}), language: home}
    return home


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _home_page(context.get("request"))
    return home.url if home else "/"


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    home = _home_page(context.get("request"))
    if home is None:
        return Page.objects.none()
    return home.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per interface language: the page's own translation where one is live, else that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    names = dict(settings.LANGUAGES)
    translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().public().select_related("locale"):
            translations[translated.locale.language_code] = translated
    site = Site.find_for_request(request) if request else None
    roots = {}
    if site is not None:
        for root in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
            roots[root.locale.language_code] = root
    links = []
    for code in settings.SWITCHER_LANGUAGES:
        target = translations.get(code) or roots.get(code)
        url = target.url if target else f"/{code}/"
        links.append({"code": code, "name": names[code], "url": url, "current": code == current})
    return links

import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import Truncator

from wagtail.models import Page

from consortium_site.navigation import active_home_link, page_translations, site_navigation

register = template.Library()

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page in the active language (the default language's where it has none)."""
    home = active_home_link(context.get("request"))
    return home.url if home else "/"


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """Links (PageLink: title, url, path) to the live, public in-menu sections of the active language's home."""
    navigation = site_navigation(context.get("request"))
    return navigation.menu(translation.get_language()) if navigation else []


@register.simple_tag
def interface_language():
    """The language the interface strings are shown in: the active one if translated (see locale/), else English."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in settings.SWITCHER_LANGUAGES else settings.LANGUAGE_CODE


@register.filter
def content_language(page):
    """BCP 47 tag of a page's text: its locale, with the script for Uzbek written in Cyrillic."""
    code = page.locale.language_code
    if code == "uz" and CYRILLIC.search(f"{page.title} {getattr(page, 'summary', '')}"):
        return "uz-Cyrl"
    return code


@register.simple_tag
def listing_url(filters, **changes):
    """A query string of the applied (whitelisted) filters with `changes`; a value of None drops a parameter."""
    params = {**filters, **changes}
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return f"?{query}" if query else "?"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per interface language: the page's own translation where one is live, else that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    names = dict(settings.LANGUAGES)
    translations = page_translations(request, page) if isinstance(page, Page) else {}
    navigation = site_navigation(request)
    homes = navigation.home_links if navigation else {}
    # A view under the language prefix that is not a page (the search page) switches to its own translation.
    own_path = request.get_full_path() if request is not None and not isinstance(page, Page) else None
    links = []
    for code in settings.SWITCHER_LANGUAGES:
        translated = translations.get(code)
        target = translated or homes.get(code)
        url = target.url if target else f"/{code}/"
        if own_path:
            own_translation = translate_url(own_path, code)
            if own_translation != own_path or code == current:
                url = own_translation
        links.append(
            {
                "code": code,
                "name": names[code],
                "url": url,
                "current": code == current,
                "is_translation": translated is not None,
            }
        )
    return links


@register.filter
def meta_description(page):
    """The page's search description, else its summary cut to 160 characters ("" for neither, or no page)."""
    # getattr, not the template's page.summary: a failed template lookup on a page costs a dir() of it.
    description = getattr(page, "search_description", "")
    return description or Truncator(getattr(page, "summary", "")).chars(160)


@register.filter
def kind_label(page):
    """What a page is ("Best-practice article"), for cards and search results."""
    return page.specific_class.get_verbose_name() if isinstance(page, Page) else ""


@register.filter
def place_names(page):
    """The names of a page's country or countries, in the interface language, comma-separated."""
    country = getattr(page, "country", None)
    places = [country] if country else getattr(page, "countries", None) or []
    return ", ".join(str(place.name) for place in places)


@register.filter
def web_url(value):
    """`value` if it is an http(s) address, else "": an imported javascript: or data: URL never becomes a link."""
    return value if str(value).lower().startswith(("https://", "http://")) else ""


@register.simple_tag(takes_context=True)
def translation_alternates(context):
    """(language, url) of the page's live translations, for <link rel="alternate" hreflang>."""
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    return [(code, link.full_url) for code, link in page_translations(context.get("request"), page).items()]


@register.filter
def is_within(page, section):
    """Whether `page` is `section` (a page or a PageLink) or below it in the tree (for aria-current in the menu)."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.filter
def theme_name(tag):
    """A theme tag's name in the interface language, where the theme is a known one."""
    from consortium_site.taxonomy import theme_display_name

    return theme_display_name(tag.slug, tag.name)


@register.simple_tag(takes_context=True)
def interface_lang_attr(context):
    """` lang="…"` for interface text inside the page's own text where their languages differ (a Tajik page
    has an English interface, a Cyrillic Uzbek page a Latin one); empty otherwise."""
    page = context.get("page")
    language = interface_language()
    if not isinstance(page, Page) or content_language(page) == language:
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def content_lang_attr(context):
    """` lang="…"` for the page's own text inside interface text, where their languages differ."""
    page = context.get("page")
    if not isinstance(page, Page) or content_language(page) == interface_language():
        return ""
    return format_html(' lang="{}"', content_language(page))

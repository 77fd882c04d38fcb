"""The fixed top of the page tree: one home page per language with its two index pages.

Created after every `migrate` (post_migrate), idempotently, so a fresh database is a working site.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale, Page, Site

from best_practices.models import BestPracticeIndexPage
from consortium_site.models import HomePage
from members.models import MemberLibraryIndexPage


def _titles():
    return {
        HomePage: (gettext("Library Commons"), "home"),
        BestPracticeIndexPage: (gettext("Best practices"), "practices"),
        MemberLibraryIndexPage: (gettext("Member libraries"), "members"),
    }


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


@transaction.atomic
def ensure_site_tree():
    locales = ensure_locales()
    default_locale = locales[settings.LANGUAGE_CODE]
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=default_locale).first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page has no place in the tree.
        for welcome in root.get_children().filter(content_type__model="page", numchild=0):
            if site is not None and site.root_page_id == welcome.pk:
                site.root_page = root
                site.save()
            welcome.delete()
        with translation.override(settings.LANGUAGE_CODE):
            title, slug = _titles()[HomePage]
        home = root.add_child(instance=HomePage(title=title, slug=slug, locale=default_locale, live=True))
        home.save_revision().publish(log_action=False)
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Library Commons"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    for index_model in (BestPracticeIndexPage, MemberLibraryIndexPage):
        if not index_model.objects.child_of(home).exists():
            with translation.override(settings.LANGUAGE_CODE):
                title, slug = _titles()[index_model]
            index = home.add_child(
                instance=index_model(title=title, slug=slug, locale=default_locale, show_in_menus=True)
            )
            index.save_revision().publish(log_action=False)
    for code in settings.SWITCHER_LANGUAGES:
        ensure_translated_tree(locales[code])
    return home


def ensure_translated_tree(locale):
    """Give `locale` a live home page and index pages, translated copies of the default language's."""
    source_home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    home = _translation_of(source_home, locale)
    for index_model in (BestPracticeIndexPage, MemberLibraryIndexPage):
        source_index = index_model.objects.child_of(source_home).first()
        _translation_of(source_index, locale)
    return home


def _translation_of(source, locale):
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        _retitle_if_untranslated(existing.specific, locale)
        return existing.specific
    copy = source.copy_for_translation(locale, copy_parents=True)
    with translation.override(locale.language_code):
        copy.title = _titles()[type(source.specific)][0]
    copy.live = True
    copy.save()
    copy.save_revision().publish(log_action=False)
    return copy.specific


# Uzbek titles once spelt oʻ/gʻ and the tutuq belgisi with an ASCII apostrophe; the catalog now uses ʻ and ʼ.
_APOSTROPHES = str.maketrans("ʻʼ‘’", "''''")


def _retitle_if_untranslated(page, locale):
    """A tree made before its language had translations keeps English titles (or an older spelling of the
    translated ones); give it the current translated ones."""
    with translation.override(settings.LANGUAGE_CODE):
        english = _titles()[type(page)][0]
    with translation.override(locale.language_code):
        translated = _titles()[type(page)][0]
    older_spelling = page.title.translate(_APOSTROPHES) == translated.translate(_APOSTROPHES)
    if page.title != translated != english and (page.title == english or older_spelling):
        page.title = page.draft_title = translated
        page.save_revision().publish(log_action=False)


def find_index_page(index_model, locale):
    """The index page of `index_model` in `locale`, creating the locale's tree if it is missing."""
    page = index_model.objects.filter(locale=locale).first()
    if page is None:
        ensure_translated_tree(locale)
        page = index_model.objects.get(locale=locale)
    return page

"""Signal handlers that queue index updates in the same transaction as the content change.

Wagtail saves and deletes pages inside a transaction (`Page.save` is atomic, deletion runs in Django's
collector transaction), so a `post_save`/`post_delete` handler writes its queue rows into that transaction:
publish, unpublish, move, slug and locale changes all end in a page save. Theme tags and many-to-many
fields are saved with their page; their own signals cover changes made outside a page save. View
restrictions are saved on their own, so their entries follow the restriction's save immediately, and
`search_reconcile` repairs anything a crash in between could leave.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from taggit.models import Tag, TaggedItemBase
from wagtail.models import Locale, Page, PageViewRestriction, get_page_models

from search.documents import DOCUMENT_TYPES
from search.models import IndexQueueEntry
from search.queue import enqueue_pages
from search.service import RESTRICTED_PATHS_CACHE_KEY, THEME_NAMES_CACHE_KEY

Reason = IndexQueueEntry.Reason

# Saves that touch only draft bookkeeping: the live text, and so the index document, cannot have changed.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
    }
)
DISPATCH_UID = "search-index-queue"


def _indexed_type(page):
    return page.specific_class in DOCUMENT_TYPES


def page_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS):
        return
    if _indexed_type(instance):
        enqueue_pages([instance.pk], Reason.SAVE)
    old_url_path = getattr(instance, "_search_old_url_path", None)
    if old_url_path is not None and old_url_path != instance.url_path:
        # A move or slug change rewrites the URL of every page below.
        enqueue_pages(Page.objects.descendant_of(instance).values_list("pk", flat=True), Reason.MOVE)
    instance._search_old_url_path = None


def remember_url_path(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a page with children is saved, note its URL path so page_saved can tell a move."""
    instance._search_old_url_path = None
    if raw or instance.pk is None or not instance.numchild:
        return
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    instance._search_old_url_path = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()


def page_deleted(sender, instance, **kwargs):
    if _indexed_type(instance):
        enqueue_pages([instance.pk], Reason.DELETE)


def theme_tag_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_pages([instance.content_object_id], Reason.TAGS)


def tag_renamed(sender, instance, created, raw=False, **kwargs):
    """A renamed tag changes the theme facet of every page carrying it."""
    cache.delete(THEME_NAMES_CACHE_KEY)
    if raw or created:
        return
    for through in theme_through_models():
        enqueue_pages(through.objects.filter(tag=instance).values_list("content_object_id", flat=True), Reason.TAGS)


def page_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse and isinstance(instance, Page):
        enqueue_pages([instance.pk], Reason.TAGS)
    elif reverse and pk_set:
        enqueue_pages(pk_set, Reason.TAGS)


def restriction_changed(sender, instance, raw=False, **kwargs):
    """Adding or removing a view restriction changes whether the page and everything below it is public."""
    if raw:
        return
    cache.delete(RESTRICTED_PATHS_CACHE_KEY)
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue_pages(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True), Reason.PRIVACY)


def locale_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        enqueue_pages(Page.objects.filter(locale=instance).values_list("pk", flat=True), Reason.LOCALE)


def theme_through_models():
    """Taggit through-models whose tagged object is a page (ArticleThemeTag, CaseStudyThemeTag)."""
    models = []
    for model in apps.get_models():
        if issubclass(model, TaggedItemBase):
            tagged = model._meta.get_field("content_object").related_model
            if isinstance(tagged, type) and issubclass(tagged, Page):
                models.append(model)
    return models


def connect():
    for model in get_page_models():
        uid = f"{DISPATCH_UID}:{model._meta.label}"
        pre_save.connect(remember_url_path, sender=model, dispatch_uid=uid)
        post_save.connect(page_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(page_deleted, sender=model, dispatch_uid=uid)
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(page_relation_changed, sender=m2m.remote_field.through, dispatch_uid=uid)
    for through in theme_through_models():
        uid = f"{DISPATCH_UID}:{through._meta.label}"
        post_save.connect(theme_tag_changed, sender=through, dispatch_uid=uid)
        post_delete.connect(theme_tag_changed, sender=through, dispatch_uid=uid)
    post_save.connect(tag_renamed, sender=Tag, dispatch_uid=DISPATCH_UID)
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=DISPATCH_UID)
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=DISPATCH_UID)
    post_save.connect(locale_saved, sender=Locale, dispatch_uid=DISPATCH_UID)

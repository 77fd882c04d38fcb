"""What makes the page cache stale, and the signals that invalidate it once the change is committed.

Every public page shows more than itself: the home page lists the latest articles and counts members,
index pages list and filter their children, the menu and the language switcher list live pages and
translations. Rather than track which cached URL shows which page, any change to public content
invalidates the whole cache (see docs/architecture.md, "Caching"); edits are rare next to reads.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail import signals as wagtail_signals
from wagtail.models import Page

from operations import page_cache

# Models shown on public pages whose plain saves (no publish step) change what visitors see.
DISPLAYED_MODELS = (
    "wagtailcore.PageViewRestriction",  # a page made private must leave the cache at once
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "taggit.Tag",
    "consortium_site.SustainableDevelopmentGoal",
    "consortium_site.StaffingChallenge",
    "consortium_site.LibraryService",
    "consortium_site.CollectionLanguage",
)


def invalidate_on_commit(**kwargs):
    # After commit: invalidating earlier would let a concurrent request re-cache the old content.
    transaction.on_commit(page_cache.invalidate)


def _invalidate_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_on_commit()


def _invalidate_on_live_page_save(sender, instance, **kwargs):
    # Code that updates a live page in place, without publishing a revision, still changes what shows.
    if isinstance(instance, Page) and instance.live:
        invalidate_on_commit()


def connect_signals():
    uid = "operations.page_cache"
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.published,
        wagtail_signals.unpublished,
    ):
        signal.connect(invalidate_on_commit, dispatch_uid=uid)
    # Deleting a page deletes its descendants too; each sends post_delete with its own class.
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid=uid)
    post_save.connect(_invalidate_on_live_page_save, dispatch_uid=uid)
    for label in DISPLAYED_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_on_commit, sender=model, dispatch_uid=uid)

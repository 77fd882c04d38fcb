"""The durable index queue: one row per page change and engine, written in the change's transaction."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexQueueEntry(models.Model):
    """A page whose index document may be out of date in one engine.

    The row names the page, not an operation: the worker reads the page's current state and indexes it
    (live and public) or removes it (anything else), so entries can be coalesced and replayed safely.
    """

    class Reason(models.TextChoices):
        SAVE = "save", _("saved or published")
        UNPUBLISH = "unpublish", _("unpublished")
        DELETE = "delete", _("deleted")
        MOVE = "move", _("moved")
        TAGS = "tags", _("themes changed")
        LOCALE = "locale", _("locale changed")
        PRIVACY = "privacy", _("view restriction changed")
        RECONCILE = "reconcile", _("repaired by search_reconcile")

    # Not a foreign key: a deleted page must still be removed from the index.
    page_id = models.BigIntegerField(_("page id"))
    engine = models.CharField(_("engine"), max_length=20)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now)
    # Not before: pushed forward while a worker holds the entry (lease) and after a failure (back-off).
    available_at = models.DateTimeField(_("available at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("index queue entry")
        verbose_name_plural = _("index queue entries")
        indexes = [
            models.Index(fields=["engine", "available_at"], name="search_queue_due"),
            models.Index(fields=["page_id"], name="search_queue_page"),
        ]

    def __str__(self):
        return f"page {self.page_id} → {self.engine} ({self.reason})"

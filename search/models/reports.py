"""Queries that found nothing, per language: the content-gap report editors read in the admin.

Only the normalised query text, its language, a count and the last time it was seen are kept: no IP
address, user, session or full timestamp history, so the table holds no personal data.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ZeroResultQuery(models.Model):
    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    count = models.PositiveIntegerField(_("searches"), default=1)
    last_seen = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [models.UniqueConstraint(fields=["query", "language"], name="search_zero_result_unique")]
        indexes = [models.Index(fields=["-count"], name="search_zero_result_count")]

    def __str__(self):
        return f"{self.query} [{self.language}] × {self.count}"

    @classmethod
    def record(cls, query, language):
        """Count one more search for `query` in `language` that found nothing (race-free upsert)."""
        now = timezone.now()
        if cls.objects.filter(query=query, language=language).update(count=F("count") + 1, last_seen=now):
            return
        try:
            with transaction.atomic():
                cls.objects.create(query=query, language=language, last_seen=now)
        except IntegrityError:
            cls.objects.filter(query=query, language=language).update(count=F("count") + 1, last_seen=now)

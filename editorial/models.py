"""Who may edit each member library, and where that library's images and documents live."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection


class MemberLibraryAccess(models.Model):
    """One row per member library (shared by all its language versions through their translation_key).

    Created with the library's first page (see editorial/roles.py); site administrators edit only
    `trusted_publisher`.
    """

    translation_key = models.UUIDField(_("translation key"), unique=True, editable=False)
    library_name = models.CharField(_("library"), max_length=255)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="member_library_access", verbose_name=_("editors' group")
    )
    collection = models.OneToOneField(
        Collection,
        on_delete=models.PROTECT,
        related_name="member_library_access",
        verbose_name=_("images and documents collection"),
    )
    trusted_publisher = models.BooleanField(
        _("trusted publisher"),
        default=False,
        help_text=_("The library's editors publish profile changes directly, without the moderators' check."),
    )

    class Meta:
        ordering = ["library_name"]
        verbose_name = _("member library access")
        verbose_name_plural = _("member library access")
        permissions = [("invite_member_editor", "Can invite member library editors")]

    def __str__(self):
        return self.library_name

    def library_pages(self):
        from members.models import MemberLibraryPage

        return MemberLibraryPage.objects.filter(translation_key=self.translation_key)

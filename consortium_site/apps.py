from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_site_tree(sender, **kwargs):
    from consortium_site.site_tree import ensure_site_tree

    ensure_site_tree()


class ConsortiumSiteConfig(AppConfig):
    """The site shell: home page, shared blocks and taxonomies, interchange commands."""

    name = "consortium_site"
    verbose_name = "Library Commons"

    def ready(self):
        post_migrate.connect(_ensure_site_tree, sender=self, dispatch_uid="consortium_site.ensure_site_tree")

"""Which pages are private, read once per content state instead of once or twice per render.

Wagtail asks the database for view restrictions on every page it serves (`get_view_restrictions`: the
ancestors, then their restrictions) and for every `.public()` filter (all restrictions). Sites have none
or a few, and they change only through saves that move the page cache's generation on (restrictions,
page moves, new pages; see operations/invalidation.py), so the restricted sections are kept with
`remember()` and the checks below answer from them, falling back to Wagtail's own where it matters.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from operations.page_cache import remember

PRIVATE_SECTIONS_KEY = "page-privacy:sections"


def _find_private_sections():
    # An alias takes its restrictions from its source page, not from its own position in the tree.
    restricted = tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))
    return restricted, Page.objects.filter(alias_of__isnull=False).exists()


def private_sections():
    """(tree paths of the pages carrying a view restriction, whether any alias page exists)."""
    return remember(PRIVATE_SECTIONS_KEY, _find_private_sections)


def exclude_private(pages):
    """`pages.public()` (not in or under a restricted page), without asking for the restrictions again."""
    paths, _aliases = private_sections()
    if not paths:
        return pages
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return pages.exclude(private)


def is_public(page, sections=None):
    """Whether a page is outside every restricted section (what `.public()` keeps)."""
    paths, _aliases = sections or private_sections()
    return not page.path.startswith(paths)


class ViewRestrictionsFromCache:
    """Mixin for page models: no restriction query when the page is in no restricted section.

    Where one could apply (the page is in a restricted section, or aliases exist), Wagtail's own
    `get_view_restrictions` decides, with its queries.
    """

    def get_view_restrictions(self):
        paths, aliases = private_sections()
        if aliases or self.path.startswith(paths):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

"""A deployment check: the page cache must be shared by every worker, or invalidation misses some."""

from django.conf import settings
from django.core.checks import Warning, register


@register("caches", deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS > 0 and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The page cache lives in each process's memory: a publish invalidates only the worker that "
                "handled it, so other gunicorn workers serve the old page for up to PAGE_CACHE_SECONDS.",
                hint="Set CACHE_URL=redis://... (docker-compose.yml runs Redis), or PAGE_CACHE_SECONDS=0.",
                id="operations.W001",
            )
        ]
    return []

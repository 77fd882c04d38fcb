import pytest

from django.core.cache import cache


@pytest.fixture
def data_cache_on(settings, db):
    """Shared render data kept for an hour, from an empty cache; emptied again afterwards."""
    settings.DATA_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site on small hardware: the anonymous page cache, /healthz, load and resilience tools."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from operations import checks, invalidation  # noqa: F401 - checks registers itself

        invalidation.connect_signals()

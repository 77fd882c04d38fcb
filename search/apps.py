from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Public multilingual search: text pipeline, engines, index queue (see docs/architecture.md)."""

    name = "search"
    verbose_name = "Multilingual search"

    def ready(self):
        from search import signals

        signals.connect()

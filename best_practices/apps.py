from django.apps import AppConfig


class BestPracticesConfig(AppConfig):
    name = "best_practices"
    verbose_name = "Best practices"
